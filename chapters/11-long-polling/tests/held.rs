//! 1,000 polls held at once on one loop thread, all answered by one publish.

use std::time::{Duration, Instant};

use ch06_http_server::client::Connection;
use ch07_event_loop::{Config, spawn};
use ch11_long_polling::publisher::Publisher;
use ch11_long_polling::server::{LongPollConfig, LongPollService};

const HELD: usize = 1000;

#[test]
fn a_thousand_held_polls_all_receive_one_publish() {
    let server = spawn(
        "127.0.0.1:0".parse().unwrap(),
        LongPollService::new(LongPollConfig::default()),
        Config::default(),
    )
    .expect("server starts");
    let addr = server.addr.to_string();
    let request = b"GET /poll?after=0&timeout=60 HTTP/1.1\r\nHost: t\r\n\r\n";
    let patience = Duration::from_secs(20);
    let mut conns: Vec<Connection> = (0..HELD)
        .map(|_| {
            let mut c = Connection::connect(&addr, patience, patience).expect("connect");
            c.send(request).expect("send");
            c
        })
        .collect();
    // Wait (bounded) until the loop has read every request: each is then held.
    let handle = server.handle().clone();
    let until = Instant::now() + patience;
    while handle.stats().bytes_in < (HELD * request.len()) as u64 && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(10));
    }
    let stats = handle.stats();
    assert_eq!(
        stats.bytes_in,
        (HELD * request.len()) as u64,
        "every request arrived"
    );
    assert_eq!(stats.bytes_out, 0, "nobody was answered before the publish");

    let started = Instant::now();
    Publisher::new(handle.clone()).publish("to all").unwrap();
    for c in &mut conns {
        let (r, _) = c.receive().expect("an answer");
        assert_eq!(r.status(), 200);
        assert_eq!(r.body, br#"[{"id":1,"data":"to all"}]"#);
    }
    println!(
        "{HELD} held polls on one loop thread answered by one publish; the last answer read after {:?}",
        started.elapsed()
    );
}

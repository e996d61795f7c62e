//! Fault injection: 10,000 events published while a proxy cuts the client's
//! connection at random points, at least 100 times. The client must end with
//! every id exactly once, in order: resume by Last-Event-ID loses nothing and
//! repeats nothing.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use ch11_long_polling::chaos::{Chaos, CutProxy};
use common::{ClientProc, server};
use serde_json::Value;

const EVENTS: u64 = 10_000;

/// Publishes `n` events on one keep-alive connection (10,000 fresh connections
/// would fill the port range with TIME_WAIT).
fn publish_many(addr: SocketAddr, n: u64) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    for i in 1..=n {
        let body = format!("event {i}");
        let req = format!(
            "POST /publish HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        s.write_all(req.as_bytes()).unwrap();
        // Read one whole response: head, then Content-Length bytes.
        let want = format!("{{\"id\":{i}}}");
        loop {
            if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n")
                && buf.len() >= end + 4 + want.len()
            {
                let got = String::from_utf8_lossy(&buf[end + 4..end + 4 + want.len()]).into_owned();
                assert_eq!(got, want);
                buf.drain(..end + 4 + want.len());
                break;
            }
            let k = s.read(&mut chunk).unwrap();
            assert!(k > 0, "the server closed the publishing connection");
            buf.extend_from_slice(&chunk[..k]);
        }
        if i % 500 == 0 {
            // Let the stream interleave with the publishing.
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn ten_thousand_events_through_a_hundred_cuts_arrive_exactly_once_in_order() {
    let srv = server(&["--retry", "1", "--history", "20000"]);
    let upstream: SocketAddr = srv.addr().parse().unwrap();
    let proxy = CutProxy::start(
        upstream,
        Chaos {
            max_bytes: 3000,
            max_life: Duration::from_millis(400),
            seed: 12,
        },
    )
    .unwrap();

    let client = ClientProc::start(&[
        &format!("http://{}/events?after=0", proxy.addr()),
        "--jsonl",
        "--retry",
        "1",
    ]);
    let publisher = std::thread::spawn(move || publish_many(upstream, EVENTS));

    let deadline = Instant::now() + Duration::from_secs(120);
    let mut ids = Vec::new();
    while ids.last() != Some(&EVENTS) {
        let left = deadline.saturating_duration_since(Instant::now());
        let Some(line) = client.line(left) else { break };
        let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
        let id: u64 = v["lastEventId"].as_str().unwrap().parse().unwrap();
        assert_eq!(v["data"].as_str().unwrap(), format!("event {id}"));
        ids.push(id);
    }
    publisher.join().expect("the publisher finished");

    let mut seen = vec![0u32; EVENTS as usize + 1];
    for &id in &ids {
        seen[id as usize] += 1;
    }
    let lost = (1..=EVENTS).filter(|&i| seen[i as usize] == 0).count();
    let duplicated = (1..=EVENTS).filter(|&i| seen[i as usize] > 1).count();
    let in_order = ids.windows(2).all(|w| w[0] < w[1]);
    eprintln!(
        "fault injection: {} events received, {} connections, {} cuts, {} lost, {} duplicated, in order: {}",
        ids.len(),
        proxy.connections(),
        proxy.cuts(),
        lost,
        duplicated,
        in_order
    );
    assert!(
        proxy.cuts() >= 100,
        "only {} cuts: make them more frequent",
        proxy.cuts()
    );
    assert_eq!((lost, duplicated), (0, 0));
    assert!(in_order);
    assert_eq!(ids, (1..=EVENTS).collect::<Vec<_>>());
}

//! A peer that attacks on purpose: pipelining without ever reading, stalled
//! readers, a chunk size over the body limit, slowloris. (The checks are
//! chapter 6's, shared by every HTTP server: `chapters/06-http-server/src/testing.rs`.)

mod common;

use ch06_http_server::testing as attack;

// Pipelining without reading, stalled big-file readers, a chunk over the
// limit: the checks every server on this loop runs (chapters 10 to 13 too).
ch06_http_server::loop_server_attack_tests!("ch07-server");

#[test]
fn five_thousand_slowloris_connections_leave_room_for_an_honest_client() {
    // Chapter 6's threads run out at their cap (1,000 by default) and refuse
    // the honest client with 503; one loop holds every slow connection in a
    // few hundred bytes and answers the honest one at once.
    let site = attack::small_site();
    let server = common::server(&["--root", site.arg()]);
    // (The slow ones are cut by the read timeout, 10 s after they connected:
    // that is chapter 6's slowloris rule, kept by HttpSide.)
    let (served, asked) = attack::slowloris(&server, 5000, 3.0, "/hello.txt");
    assert_eq!(
        served, asked,
        "the honest client was refused during the attack"
    );
}

#[test]
fn a_stalled_reader_is_dropped_after_the_write_timeout_not_the_read_timeout() {
    // A request has read_timeout to arrive; an answer has write_timeout to be
    // taken, and only a client that takes no byte for that long is dropped.
    let site = attack::site_with_big_file(16 << 20);
    let server = common::server(&[
        "--root",
        site.arg(),
        "--read-timeout",
        "0.5",
        "--write-timeout",
        "2",
        "--trace",
    ]);
    // A small receive buffer: the client's kernel must not take megabytes of
    // the answer on its behalf (it would, and the server would see progress).
    let sock = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    sock.set_recv_buffer_size(4096).unwrap();
    let addr: std::net::SocketAddr = server.addr().parse().unwrap();
    sock.connect(&addr.into()).unwrap();
    let mut stalled: std::net::TcpStream = sock.into();
    std::io::Write::write_all(&mut stalled, b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    // stderr_so_far hands out what is new since the last call: keep it all.
    let seen = std::cell::RefCell::new(String::new());
    let cut = || {
        seen.borrow_mut().push_str(&server.stderr_so_far());
        seen.borrow()
            .contains("write timeout: the client stopped reading")
    };
    let started = std::time::Instant::now();
    std::thread::sleep(std::time::Duration::from_millis(1200));
    assert!(
        !cut(),
        "dropped after the read timeout, before the write timeout"
    );
    while !cut() && started.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let after = started.elapsed();
    assert!(cut(), "a client that took nothing for 20 s was not dropped");
    assert!(
        after >= std::time::Duration::from_millis(1900),
        "dropped after {after:?}"
    );
    eprintln!("stalled reader dropped {after:?} after its request (--write-timeout 2)");
}

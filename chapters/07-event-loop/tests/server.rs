//! What the event loop adds to chapter 6's server: many connections on one
//! thread, backpressure on a client that does not read, timers, the trace.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::{connect, eventually, read_response, roundtrip, server};

const GET_TIME: &[u8] = b"GET /time HTTP/1.1\r\nHost: x\r\n\r\n";

#[test]
fn a_thousand_concurrent_connections() {
    let s = server(&[]);
    let mut conns: Vec<TcpStream> = (0..1000).map(|_| connect(&s)).collect();
    for (i, c) in conns.iter_mut().enumerate() {
        let body = format!("client {i}");
        let raw = format!(
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        c.write_all(raw.as_bytes()).unwrap();
    }
    for (i, c) in conns.iter_mut().enumerate() {
        let r = read_response(c, &mut Vec::new(), false);
        assert_eq!(r.text(), format!("client {i}"));
    }
}

#[test]
fn a_client_that_does_not_read_is_paused_not_buffered() {
    let limit = 16 * 1024;
    // A long read timeout: this test must not race the server's write timeout
    // (a client that reads nothing for --read-timeout is cut off, by design).
    let s = server(&[
        "--max-write-queue",
        &limit.to_string(),
        "--read-timeout",
        "120",
        "--trace",
    ]);
    let mut greedy = TcpStream::connect(s.addr()).unwrap();
    greedy.set_nonblocking(true).unwrap();
    // Pipeline GET /time (~200-byte answers), 50 per write, without reading a
    // single answer, until the kernel refuses to take more for a while.
    let batch = GET_TIME.repeat(50);
    let mut written = 0usize; // bytes
    let mut at = 0usize; // position in the current batch
    let mut stalled: Option<Instant> = None;
    let start = Instant::now();
    while start.elapsed() < common::PATIENCE && written < 100_000_000 {
        match greedy.write(&batch[at..]) {
            Ok(n) => {
                written += n;
                at = (at + n) % batch.len();
                stalled = None;
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                if stalled.get_or_insert_with(Instant::now).elapsed() > Duration::from_millis(300) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(e) => panic!("write: {e}"),
        }
    }
    assert!(
        written < 100_000_000,
        "the server read 100 MB of requests without pausing"
    );
    // The loop said it paused, and its queue was near the limit when it did.
    let mut trace = String::new();
    eventually("a backpressure note in the trace", || {
        trace.push_str(&s.stderr_so_far());
        trace.contains("reading paused (backpressure)")
    });
    for line in trace.lines().filter(|l| l.contains("(backpressure)")) {
        let queued: usize = line
            .split("write queue ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("unexpected line {line:?}"));
        assert!(
            queued <= limit + 1024,
            "queue reached {queued} (limit {limit}): {line}"
        );
    }
    // Everyone else is still served while the greedy client is paused.
    assert_eq!(roundtrip(&s, GET_TIME).status, 200);
    // Now the greedy client reads: every request gets its answer, in order.
    // First finish the request cut in half, reading answers meanwhile, so that
    // neither side waits for the other.
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16384];
    let finish_by = Instant::now() + common::PATIENCE;
    while !at.is_multiple_of(GET_TIME.len()) {
        assert!(
            Instant::now() < finish_by,
            "could not finish the last request"
        );
        let end = (at / GET_TIME.len() + 1) * GET_TIME.len();
        match greedy.write(&batch[at..end]) {
            Ok(n) => {
                written += n;
                at += n;
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => match greedy.read(&mut chunk) {
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(1))
                }
                Err(e) => panic!("read: {e}"),
            },
            Err(e) => panic!("write: {e}"),
        }
    }
    greedy.set_nonblocking(false).unwrap();
    greedy.set_read_timeout(Some(common::PATIENCE)).unwrap();
    let sent = written / GET_TIME.len();
    for _ in 0..sent {
        assert_eq!(read_response(&mut greedy, &mut buf, false).status, 200);
    }
}

#[test]
fn idle_connections_close_quietly_and_slow_requests_get_408() {
    let s = server(&["--read-timeout", "0.3"]);
    // Idle: connected, sends nothing. Closed (FIN) without a response.
    let mut idle = connect(&s);
    let mut buf = Vec::new();
    idle.read_to_end(&mut buf)
        .expect("a clean close, not a reset");
    assert!(buf.is_empty(), "an idle close sends nothing: {buf:?}");
    // Slowloris: a head that never ends, a byte every 20 ms for a second. The
    // deadline is per request, not per byte: 408 after 0.3 s, then closed.
    let mut slow = connect(&s);
    let started = Instant::now();
    let head = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    for b in head.iter().chain(std::iter::repeat(&b'a')) {
        if started.elapsed() > Duration::from_secs(1) || slow.write_all(&[*b]).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let r = read_response(&mut slow, &mut buf, false);
    assert_eq!(r.status, 408);
}

#[test]
fn trace_shows_the_loop_and_the_heads() {
    let s = server(&["--trace"]);
    let r = roundtrip(
        &s,
        b"GET /hello.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(r.status, 200);
    let mut trace = String::new();
    eventually("the close in the trace", || {
        trace.push_str(&s.stderr_so_far());
        trace.contains(" closed")
    });
    for want in [
        "accepted as #0.0",
        "GET /hello.txt HTTP/1.1",
        "HTTP/1.1 200 OK",
        "Connection: close",
        "sent FIN (shutdown write)",
    ] {
        assert!(trace.contains(want), "missing {want:?} in:\n{trace}");
    }
}

#[test]
fn beyond_max_conns_new_connections_wait_for_a_free_slot() {
    let s = server(&["--max-conns", "2"]);
    let mut a = connect(&s);
    let mut b = connect(&s);
    let mut buf = Vec::new();
    for c in [&mut a, &mut b] {
        c.write_all(GET_TIME).unwrap();
        assert_eq!(read_response(c, &mut buf, false).status, 200);
    }
    // The third connects (the kernel completes the handshake) but is not accepted yet.
    let mut third = connect(&s);
    third.write_all(GET_TIME).unwrap();
    third
        .set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    let mut byte = [0u8; 1];
    let waited = third.read(&mut byte);
    assert!(
        matches!(&waited, Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)),
        "the third connection was served while two were open: {waited:?}"
    );
    // A slot frees up: the third is accepted and answered.
    drop(a);
    third.set_read_timeout(Some(common::PATIENCE)).unwrap();
    assert_eq!(read_response(&mut third, &mut buf, false).status, 200);
}

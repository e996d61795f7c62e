//! Slow and idle clients: the read deadline covers a whole request, so a client
//! that drips one byte at a time cannot hold a connection (and a thread) forever.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::thread;
use std::time::{Duration, Instant};

use common::{connect, read_response, server};

#[test]
fn a_slowloris_client_is_cut_off_with_408() {
    let s = server(&["--read-timeout", "1"]);
    let mut c = connect(&s);
    c.set_nodelay(true).unwrap();
    c.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let head = b"GET / HTTP/1.1\r\nHost: t\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let started = Instant::now();
    let mut answer = Vec::new();
    // One byte every 200 ms: each read gets a byte well within the timeout, so
    // only a per-request deadline stops this. Give up after 50 bytes (10 s).
    let mut closed = false;
    for b in head.iter().take(50) {
        if c.write_all(&[*b]).is_err() {
            closed = true;
            break;
        }
        let mut buf = [0u8; 1024];
        match c.read(&mut buf) {
            Ok(0) => {
                closed = true;
                break;
            }
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => {
                closed = true;
                break;
            }
        }
    }
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        closed,
        "the connection was still open after {:?}",
        started.elapsed()
    );
    assert!(
        answer.starts_with("HTTP/1.1 408 Request Timeout\r\n"),
        "{answer:?}"
    );
}

#[test]
fn an_idle_keep_alive_connection_is_closed_quietly() {
    let s = server(&["--read-timeout", "0.5"]);
    let mut c = connect(&s);
    let mut buf = Vec::new();
    c.write_all(b"GET /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n")
        .unwrap();
    assert_eq!(read_response(&mut c, &mut buf, false).status, 200);
    // Now say nothing: the server closes without sending anything more.
    let mut rest = Vec::new();
    c.read_to_end(&mut rest)
        .expect("EOF, not a timeout: the server must close");
    assert!(rest.is_empty(), "no 408 for an idle connection: {rest:?}");
    // Meanwhile a well-behaved client is served quickly.
    thread::sleep(Duration::from_millis(10));
    let mut d = connect(&s);
    d.write_all(b"GET /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n")
        .unwrap();
    assert_eq!(read_response(&mut d, &mut Vec::new(), false).status, 200);
}

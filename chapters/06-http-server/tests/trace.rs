//! `--trace` shows each request and response head as it crosses the wire.

mod common;

use std::time::{Duration, Instant};

use common::{roundtrip, server};

#[test]
fn trace_shows_heads_and_bodies() {
    let s = server(&["--trace"]);
    roundtrip(
        &s,
        b"POST /echo HTTP/1.1\r\nHost: traced\r\nContent-Length: 5\r\n\r\nhello",
    );
    let until = Instant::now() + Duration::from_secs(10);
    let mut log = String::new();
    while Instant::now() < until && !log.contains("body 5 bytes   \"hello\"\n-- ") {
        log.push_str(&s.stderr_so_far());
    }
    assert!(log.contains("<- 127.0.0.1:"), "{log}");
    assert!(
        log.contains("POST /echo HTTP/1.1   (56 bytes of head)\n"),
        "{log}"
    );
    assert!(log.contains("Host: traced\n"), "{log}");
    assert!(log.contains("HTTP/1.1 200 OK   ("), "{log}");
    assert!(log.contains("Content-Length: 5\n"), "{log}");
    assert!(log.contains("-> 127.0.0.1:"), "{log}");
}

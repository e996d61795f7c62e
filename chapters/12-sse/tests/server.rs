//! `ch12-server` end to end, over real sockets: the wire format, resume,
//! reset, heartbeats, framing, errors.

mod common;

use std::time::Duration;

use common::{RawStream, publish, request, server};

const WAIT: Duration = Duration::from_secs(10);

#[test]
fn a_stream_starts_with_its_head_and_retry_then_carries_events() {
    let srv = server(&["--retry", "250"]);
    let addr = srv.addr();
    let mut s = RawStream::open(addr, "/events", &[]);
    let head = s.head.to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 200 ok\r\n"), "{head}");
    assert!(
        head.contains("\r\ncontent-type: text/event-stream\r\n"),
        "{head}"
    );
    assert!(head.contains("\r\ncache-control: no-store"), "{head}");
    assert!(
        head.contains("\r\ntransfer-encoding: chunked\r\n"),
        "{head}"
    );
    assert!(!head.contains("content-length"), "{head}");
    s.read_until(WAIT, |t| t.starts_with("retry: 250\n"));

    assert_eq!(publish(addr, "one"), 1);
    assert_eq!(publish(addr, "two\nlines"), 2);
    assert_eq!(publish(addr, "a\r\nb\rc"), 3);
    s.read_until(WAIT, |t| t.contains("id: 3\n"));
    assert_eq!(
        s.text(),
        "retry: 250\n\
         id: 1\ndata: one\n\n\
         id: 2\ndata: two\ndata: lines\n\n\
         id: 3\ndata: a\ndata: b\ndata: c\n\n"
    );
}

#[test]
fn last_event_id_resumes_and_beats_after() {
    let srv = server(&[]);
    let addr = srv.addr();
    for i in 1..=5 {
        publish(addr, &format!("e{i}"));
    }
    // A reconnecting EventSource asks for the same URL (?after=1) and adds
    // the header with where it really is (3): the header wins.
    let mut s = RawStream::open(addr, "/events?after=1", &["Last-Event-ID: 3"]);
    s.read_until(WAIT, |t| t.contains("id: 5\n"));
    let text = s.text();
    assert!(!text.contains("id: 3\n"), "{text}");
    assert!(
        text.contains("id: 4\ndata: e4\n\nid: 5\ndata: e5\n\n"),
        "{text}"
    );

    let mut s = RawStream::open(addr, "/events?after=2", &[]);
    s.read_until(WAIT, |t| t.contains("id: 5\n"));
    assert!(
        s.text().contains("id: 3\ndata: e3\n\nid: 4"),
        "{}",
        s.text()
    );

    // Neither: only what comes next.
    let mut s = RawStream::open(addr, "/events", &[]);
    publish(addr, "e6");
    s.read_until(WAIT, |t| t.contains("id: 6\n"));
    assert!(!s.text().contains("id: 5\n"), "{}", s.text());
}

#[test]
fn a_dropped_id_gets_a_reset_never_a_silent_gap() {
    let srv = server(&["--history", "3"]);
    let addr = srv.addr();
    for i in 1..=5 {
        publish(addr, &format!("e{i}"));
    }
    let mut s = RawStream::open(addr, "/events", &["Last-Event-ID: 1"]);
    s.read_until(WAIT, |t| t.contains("id: 5\n"));
    let text = s.text();
    let reset = "id: 2\nevent: reset\ndata: {\"after\":1,\"oldest\":3,\"latest\":5}\n\n";
    assert!(text.contains(reset), "{text}");
    let after = text.split(reset).nth(1).unwrap();
    assert_eq!(
        after,
        "id: 3\ndata: e3\n\nid: 4\ndata: e4\n\nid: 5\ndata: e5\n\n"
    );
    // Ids from a previous run of the server (ahead of the feed) are told too.
    let mut s = RawStream::open(addr, "/events", &["Last-Event-ID: 99"]);
    s.read_until(WAIT, |t| t.contains("event: reset"));
    assert!(s.text().contains("\"after\":99"), "{}", s.text());
}

#[test]
fn heartbeat_comments_arrive_on_an_idle_stream() {
    let srv = server(&["--heartbeat", "0.2"]);
    let mut s = RawStream::open(srv.addr(), "/events", &[]);
    s.read_until(WAIT, |t| t.matches(": heartbeat\n").count() >= 3);
}

#[test]
fn http_1_0_gets_a_close_delimited_stream() {
    let srv = server(&[]);
    let addr = srv.addr();
    let mut s = RawStream::open_version(addr, "/events", &[], "HTTP/1.0");
    assert!(
        !s.head.to_ascii_lowercase().contains("transfer-encoding"),
        "{}",
        s.head
    );
    assert!(
        s.head.to_ascii_lowercase().contains("connection: close"),
        "{}",
        s.head
    );
    publish(addr, "plain");
    s.read_until(WAIT, |t| t.ends_with("id: 1\ndata: plain\n\n"));
    assert!(s.text().starts_with("retry: 3000\n"), "{}", s.text());
}

#[test]
fn bad_requests_get_clear_errors() {
    let srv = server(&[]);
    let addr = srv.addr();
    let (status, body) = request(addr, "GET", "/events?after=x", "");
    assert_eq!(status, 400, "{body}");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    use std::io::{Read, Write};
    s.write_all(
        b"GET /events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: abc\r\nConnection: close\r\n\r\n",
    )
    .unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 400"), "{out}");
    assert!(out.contains("Last-Event-ID"), "{out}");
    assert_eq!(request(addr, "DELETE", "/events", "").0, 405);
    assert_eq!(request(addr, "GET", "/publish", "").0, 405);
    // The hooks are off unless --test-hooks.
    assert_ne!(request(addr, "POST", "/drop-streams", "").0, 200);
    let (status, page) = request(addr, "GET", "/", "");
    assert_eq!(status, 200);
    assert!(
        page.contains("new EventSource("),
        "the page uses EventSource"
    );
}

#[test]
fn trace_shows_the_stream_bytes() {
    let srv = server(&["--trace"]);
    let addr = srv.addr();
    let mut s = RawStream::open(addr, "/events", &[]);
    publish(addr, "traced");
    s.read_until(WAIT, |t| t.contains("traced"));
    // stderr_so_far hands out what arrived since the last call: keep it all.
    let deadline = std::time::Instant::now() + WAIT;
    let mut err = String::new();
    while !err.contains("data: traced") {
        assert!(std::time::Instant::now() < deadline, "{err}");
        err.push_str(&srv.stderr_so_far());
    }
    assert!(err.contains("Content-Type: text/event-stream"), "{err}");
    assert!(err.contains("retry: 3000"), "{err}");
}

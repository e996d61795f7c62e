//! End to end: the built `ch06-server` answering raw HTTP/1.1 over loopback.

mod common;

use std::io::Write;
use std::thread;
use std::time::Duration;

use common::{closes, connect, read_response, roundtrip, server};

const H: &str = "Host: test\r\n";

#[test]
fn get_root_serves_the_polling_page() {
    let s = server(&[]);
    let r = roundtrip(&s, b"GET / HTTP/1.1\r\nHost: test\r\n\r\n");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(r.text().contains("fetch(\"/time\""), "{}", r.text());
    assert_eq!(
        r.header("content-length"),
        Some(r.body.len().to_string().as_str())
    );
    assert!(r.header("date").is_some_and(|d| d.ends_with(" GMT")));
}

#[test]
fn static_files_have_a_content_type() {
    let s = server(&[]);
    let r = roundtrip(&s, b"GET /hello.txt HTTP/1.1\r\nHost: test\r\n\r\n");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(r.text(), "Hello from the web root of chapter 6.\n");
    let r = roundtrip(&s, b"GET /style.css HTTP/1.1\r\nHost: test\r\n\r\n");
    assert_eq!(r.header("content-type"), Some("text/css; charset=utf-8"));
}

#[test]
fn missing_file_is_404() {
    let s = server(&[]);
    let r = roundtrip(&s, b"GET /no-such-file.txt HTTP/1.1\r\nHost: test\r\n\r\n");
    assert_eq!(r.status, 404);
}

#[test]
fn wrong_method_is_405_with_allow() {
    let s = server(&[]);
    let r = roundtrip(&s, b"DELETE /hello.txt HTTP/1.1\r\nHost: test\r\n\r\n");
    assert_eq!((r.status, r.header("allow")), (405, Some("GET, HEAD")));
    let r = roundtrip(&s, b"GET /echo HTTP/1.1\r\nHost: test\r\n\r\n");
    assert_eq!((r.status, r.header("allow")), (405, Some("POST")));
    let r = roundtrip(
        &s,
        b"POST /time HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\n\r\n",
    );
    assert_eq!((r.status, r.header("allow")), (405, Some("GET, HEAD")));
}

#[test]
fn unknown_method_is_501() {
    let s = server(&[]);
    let r = roundtrip(&s, b"BREW /pot HTTP/1.1\r\nHost: test\r\n\r\n");
    assert_eq!(r.status, 501);
}

#[test]
fn head_has_no_body_and_the_same_length() {
    let s = server(&[]);
    let get = roundtrip(&s, b"GET /hello.txt HTTP/1.1\r\nHost: test\r\n\r\n");
    // Read HEAD's answer raw: no body may follow the head, so after it the
    // connection (closed on request) must hold nothing more.
    let mut c = connect(&s);
    c.write_all(b"HEAD /hello.txt HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut raw = Vec::new();
    std::io::Read::read_to_end(&mut c, &mut raw).unwrap();
    let text = String::from_utf8(raw).unwrap();
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(
        text.ends_with("\r\n\r\n"),
        "HEAD must send no body: {text:?}"
    );
    let len = format!("Content-Length: {}\r\n", get.body.len());
    assert!(text.contains(&len), "{text}");
}

#[test]
fn keep_alive_serves_two_requests_on_one_connection() {
    let s = server(&[]);
    let mut c = connect(&s);
    let mut buf = Vec::new();
    c.write_all(b"GET /hello.txt HTTP/1.1\r\nHost: test\r\n\r\n")
        .unwrap();
    let first = read_response(&mut c, &mut buf, false);
    assert_eq!(first.status, 200);
    assert_eq!(
        first.header("connection"),
        None,
        "1.1 keeps alive by default"
    );
    c.write_all(b"GET /time HTTP/1.1\r\nHost: test\r\n\r\n")
        .unwrap();
    let second = read_response(&mut c, &mut buf, false);
    assert_eq!(second.status, 200);
    assert!(
        second.text().starts_with("{\"unix_ms\":"),
        "{}",
        second.text()
    );
}

#[test]
fn pipelined_requests_are_answered_in_order() {
    let s = server(&[]);
    let mut c = connect(&s);
    // Three requests in one write; the second has a body.
    c.write_all(
        b"GET /hello.txt HTTP/1.1\r\nHost: test\r\n\r\n\
          POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 6\r\n\r\nsecond\
          GET /no-such HTTP/1.1\r\nHost: test\r\n\r\n",
    )
    .unwrap();
    let mut buf = Vec::new();
    let a = read_response(&mut c, &mut buf, false);
    let b = read_response(&mut c, &mut buf, false);
    let d = read_response(&mut c, &mut buf, false);
    assert_eq!(a.text(), "Hello from the web root of chapter 6.\n");
    assert_eq!((b.status, b.text().as_str()), (200, "second"));
    assert_eq!(d.status, 404);
}

#[test]
fn a_request_sent_one_byte_at_a_time() {
    let s = server(&[]);
    let mut c = connect(&s);
    c.set_nodelay(true).unwrap();
    let req = b"POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello";
    for b in req {
        c.write_all(&[*b]).unwrap();
        thread::sleep(Duration::from_millis(1));
    }
    let r = read_response(&mut c, &mut Vec::new(), false);
    assert_eq!((r.status, r.text().as_str()), (200, "hello"));
}

#[test]
fn echo_with_content_length_and_with_chunked_upload() {
    let s = server(&[]);
    let r = roundtrip(
        &s,
        b"POST /echo HTTP/1.1\r\nHost: test\r\nContent-Type: text/x-test\r\n\
          Content-Length: 11\r\n\r\nhello world",
    );
    assert_eq!((r.status, r.text().as_str()), (200, "hello world"));
    assert_eq!(r.header("content-type"), Some("text/x-test"));

    let r = roundtrip(
        &s,
        b"POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n\
          5\r\nhello\r\n1;ext=1\r\n \r\n5\r\nworld\r\n0\r\n\r\n",
    );
    assert_eq!((r.status, r.text().as_str()), (200, "hello world"));
    assert_eq!(r.header("content-length"), Some("11"));
}

#[test]
fn streaming_response_is_chunked() {
    let s = server(&[]);
    let r = roundtrip(&s, b"GET /stream?n=3 HTTP/1.1\r\nHost: test\r\n\r\n");
    assert_eq!(r.header("transfer-encoding"), Some("chunked"));
    assert_eq!(r.header("content-length"), None);
    assert_eq!(r.text(), "line 1\nline 2\nline 3\n");
    assert_eq!(
        String::from_utf8(r.raw_body).unwrap(),
        "7\r\nline 1\n\r\n7\r\nline 2\n\r\n7\r\nline 3\n\r\n0\r\n\r\n"
    );
    // HTTP/1.0 knows no chunks: the body ends when the connection closes.
    let r = roundtrip(&s, b"GET /stream?n=2 HTTP/1.0\r\n\r\n");
    assert_eq!(r.header("transfer-encoding"), None);
    assert_eq!(r.header("connection"), Some("close"));
    assert_eq!(r.text(), "line 1\nline 2\n");
}

#[test]
fn connection_close_is_honoured() {
    let s = server(&[]);
    let mut c = connect(&s);
    c.write_all(b"GET /hello.txt HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
        .unwrap();
    let r = read_response(&mut c, &mut Vec::new(), false);
    assert_eq!(r.header("connection"), Some("close"));
    assert!(
        closes(&mut c),
        "the server must close after Connection: close"
    );
}

#[test]
fn http_10_closes_by_default_and_keeps_alive_on_request() {
    let s = server(&[]);
    let mut c = connect(&s);
    c.write_all(b"GET /hello.txt HTTP/1.0\r\n\r\n").unwrap();
    let r = read_response(&mut c, &mut Vec::new(), false);
    assert_eq!((r.status, r.header("connection")), (200, Some("close")));
    assert!(closes(&mut c));

    let mut c = connect(&s);
    let mut buf = Vec::new();
    c.write_all(b"GET /hello.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        .unwrap();
    let r = read_response(&mut c, &mut buf, false);
    assert_eq!(r.header("connection"), Some("keep-alive"));
    c.write_all(b"GET /hello.txt HTTP/1.0\r\n\r\n").unwrap();
    assert_eq!(read_response(&mut c, &mut buf, false).status, 200);
}

/// Sends `raw`, expects `status`, and expects the connection to close.
fn refused(s: &common::Server, raw: &[u8], status: u16) {
    let mut c = connect(s);
    c.write_all(raw).unwrap();
    let r = read_response(&mut c, &mut Vec::new(), false);
    assert_eq!(
        r.status,
        status,
        "for {:?}: {}",
        String::from_utf8_lossy(raw),
        r.text()
    );
    assert_eq!(r.header("connection"), Some("close"));
    assert!(closes(&mut c), "must close after {status}");
}

#[test]
fn errors_from_the_parser_and_the_server_rules() {
    let s = server(&["--max-body", "100"]);
    refused(&s, b"GET / HTTP/1.1\r\n\r\n", 400); // no Host
    refused(&s, b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
    refused(&s, b"GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400);
    refused(&s, b"GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400);
    refused(
        &s,
        b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n",
        400,
    );
    refused(&s, b"GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505);
    refused(
        &s,
        b"POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
        501,
    );
    let big_target = format!("GET /{} HTTP/1.1\r\n{H}\r\n", "a".repeat(9000));
    refused(&s, big_target.as_bytes(), 414);
    let big_head = format!("GET / HTTP/1.1\r\n{H}X-Big: {}\r\n\r\n", "a".repeat(9000));
    refused(&s, big_head.as_bytes(), 431);
    let body = "x".repeat(101);
    let too_big = format!("POST /echo HTTP/1.1\r\n{H}Content-Length: 101\r\n\r\n{body}");
    refused(&s, too_big.as_bytes(), 413);
    let chunked = format!(
        "POST /echo HTTP/1.1\r\n{H}Transfer-Encoding: chunked\r\n\r\n65\r\n{body}\r\n0\r\n\r\n"
    );
    refused(&s, chunked.as_bytes(), 413);
    // And a body just at the limit is fine.
    let ok = format!(
        "POST /echo HTTP/1.1\r\n{H}Content-Length: 100\r\n\r\n{}",
        &body[1..]
    );
    assert_eq!(roundtrip(&s, ok.as_bytes()).status, 200);
    // HTTP/1.0 needs no Host.
    assert_eq!(
        roundtrip(&s, b"GET /hello.txt HTTP/1.0\r\n\r\n").status,
        200
    );
}

#[test]
fn expect_100_continue_gets_an_interim_response() {
    let s = server(&[]);
    let mut c = connect(&s);
    c.write_all(
        b"POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n",
    )
    .unwrap();
    let mut first = [0u8; 25];
    std::io::Read::read_exact(&mut c, &mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 100 Continue\r\n\r\n");
    c.write_all(b"ok").unwrap();
    let r = read_response(&mut c, &mut Vec::new(), false);
    assert_eq!(r.text(), "ok");
}

#[test]
fn the_server_survives_garbage() {
    let s = server(&[]);
    for junk in [
        &b"\x00\xff\r\n\r\n"[..],
        b"GET / HTTP/1.1 extra\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET / HTTP/1.1\r\n\x01: x\r\n\r\n",
    ] {
        let mut c = connect(&s);
        c.write_all(junk).unwrap();
        assert!(closes(&mut c));
    }
    assert_eq!(
        roundtrip(&s, b"GET /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n").status,
        200
    );
}

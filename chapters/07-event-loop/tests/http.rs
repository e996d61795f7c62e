//! Chapter 6's end-to-end behaviours, on `ch07-server`: the same routes and
//! rules, now served by one thread.

mod common;

use std::io::Write;

use common::{closes, connect, read_response, roundtrip, server};

const GET_TIME: &[u8] = b"GET /time HTTP/1.1\r\nHost: x\r\n\r\n";

#[test]
fn static_files_and_routes() {
    let s = server(&[]);
    let r = roundtrip(&s, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    let r = roundtrip(&s, GET_TIME);
    assert_eq!(r.status, 200);
    assert!(r.text().starts_with("{\"unix_ms\":"), "{}", r.text());
    let r = roundtrip(&s, b"GET /stream?n=3 HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(r.header("transfer-encoding"), Some("chunked"));
    assert_eq!(r.text(), "line 1\nline 2\nline 3\n");
}

#[test]
fn keep_alive_serves_many_requests_on_one_connection() {
    let s = server(&[]);
    let mut c = connect(&s);
    let mut buf = Vec::new();
    for _ in 0..5 {
        c.write_all(GET_TIME).unwrap();
        let r = read_response(&mut c, &mut buf, false);
        assert_eq!(r.status, 200);
        assert_eq!(r.header("connection"), None, "HTTP/1.1 stays open");
    }
}

#[test]
fn pipelined_requests_are_answered_in_order() {
    let s = server(&[]);
    let mut c = connect(&s);
    let mut all = Vec::new();
    for i in 0..20 {
        let body = format!("request {i}");
        all.extend_from_slice(
            format!(
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        );
    }
    c.write_all(&all).unwrap(); // all at once, in one segment or a few
    let mut buf = Vec::new();
    for i in 0..20 {
        let r = read_response(&mut c, &mut buf, false);
        assert_eq!(r.text(), format!("request {i}"));
    }
}

#[test]
fn a_request_sent_one_byte_at_a_time() {
    let s = server(&[]);
    let mut c = connect(&s);
    c.set_nodelay(true).unwrap();
    let raw = b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
    for b in raw {
        c.write_all(&[*b]).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let r = read_response(&mut c, &mut Vec::new(), false);
    assert_eq!((r.status, r.text().as_str()), (200, "hello"));
}

#[test]
fn head_has_the_length_but_no_body() {
    let s = server(&[]);
    let mut c = connect(&s);
    let mut buf = Vec::new();
    c.write_all(b"HEAD /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let head = read_response(&mut c, &mut buf, true);
    c.write_all(b"GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let get = read_response(&mut c, &mut buf, false);
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-length"),
        Some(&*get.body.len().to_string())
    );
    assert!(buf.is_empty(), "HEAD sent a body: {buf:?}");
}

#[test]
fn chunked_upload_is_decoded() {
    let s = server(&[]);
    let r = roundtrip(
        &s,
        b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\
          5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n",
    );
    assert_eq!((r.status, r.text().as_str()), (200, "hello, world"));
}

#[test]
fn errors_are_4xx_and_5xx_and_close() {
    let s = server(&["--max-body", "100"]);
    let cases: &[(&[u8], u16)] = &[
        (b"GET /nope.txt HTTP/1.1\r\nHost: x\r\n\r\n", 404),
        (b"DELETE /echo HTTP/1.1\r\nHost: x\r\n\r\n", 405),
        (b"BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n", 501),
        (b"GET / HTTP/1.1\r\n\r\n", 400), // no Host
        (b"GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
        (b"GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        (
            b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n",
            413,
        ),
        (
            b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
            501,
        ),
    ];
    for (raw, status) in cases {
        let r = roundtrip(&s, raw);
        assert_eq!(r.status, *status, "{}", String::from_utf8_lossy(raw));
    }
    let mut big = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: ".to_vec();
    big.resize(20_000, b'a');
    let mut c = connect(&s);
    c.write_all(&big).unwrap();
    let r = read_response(&mut c, &mut Vec::new(), false);
    assert_eq!(r.status, 431);
    assert!(closes(&mut c), "a rejected request closes the connection");
}

#[test]
fn traversal_is_refused() {
    let s = server(&[]);
    for target in ["/../Cargo.toml", "/%2e%2e/Cargo.toml", "/..%2fCargo.toml"] {
        let raw = format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n");
        let r = roundtrip(&s, raw.as_bytes());
        assert!(
            matches!(r.status, 400 | 403 | 404),
            "{target}: {} {}",
            r.status,
            r.text()
        );
        assert!(!r.text().contains("[package]"), "{target} escaped the root");
    }
}

#[test]
fn http_10_and_connection_close_end_the_connection() {
    let s = server(&[]);
    for raw in [
        &b"GET /time HTTP/1.0\r\n\r\n"[..],
        b"GET /time HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ] {
        let mut c = connect(&s);
        c.write_all(raw).unwrap();
        let r = read_response(&mut c, &mut Vec::new(), false);
        assert_eq!(r.status, 200);
        assert_eq!(r.header("connection"), Some("close"));
        assert!(closes(&mut c));
    }
}

#[test]
fn the_server_survives_garbage_and_resets() {
    // Blank lines alone are allowed before a request (RFC 9112 §2.2): the server
    // waits for the rest, then times out with 408.
    let s = server(&["--read-timeout", "1"]);
    for junk in [
        &b"\x16\x03\x01\x02\x00\x01\x00"[..],
        b"\r\n\r\n\r\n",
        &[0xff; 3000],
    ] {
        let mut c = connect(&s);
        let _ = c.write_all(junk);
        assert!(closes(&mut c));
    }
    for _ in 0..10 {
        let mut c = connect(&s);
        c.write_all(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
            .unwrap();
        let _ = c.write_all(&[b'x'; 50_000]);
        drop(c); // mid-body, with unread data: may reset
    }
    let r = roundtrip(&s, GET_TIME);
    assert_eq!(r.status, 200);
}

#[test]
fn a_big_streamed_answer_then_the_next_pipelined_request() {
    // 10,000 lines (~110 KB chunked) is more than the loop queues at once: reading
    // pauses while it drains, and the request pipelined behind it waits its turn.
    let s = server(&[]);
    let mut c = connect(&s);
    c.write_all(b"GET /stream?n=10000 HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    c.write_all(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nnext")
        .unwrap();
    let mut buf = Vec::new();
    let big = read_response(&mut c, &mut buf, false);
    assert_eq!(big.header("transfer-encoding"), Some("chunked"));
    let text = big.text();
    assert_eq!(text.lines().count(), 10_000);
    assert_eq!(text.lines().last(), Some("line 10000"));
    let next = read_response(&mut c, &mut buf, false);
    assert_eq!(next.text(), "next");
}

#[test]
fn a_file_of_megabytes_goes_out_a_piece_at_a_time() {
    // 3 MiB: the loop queues 64 KiB at a time and refills from on_drained, over
    // many turns of the loop. Every byte must arrive, in order.
    let root = std::env::temp_dir().join(format!("ch07-big-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    let data: Vec<u8> = (0..3u32 << 20).map(|i| (i % 251) as u8).collect();
    std::fs::write(root.join("big.bin"), &data).unwrap();
    let s = server(&["--root", root.to_str().unwrap()]);
    let mut c = connect(&s);
    c.write_all(
        b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\nGET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n",
    )
    .unwrap();
    let mut buf = Vec::new();
    for _ in 0..2 {
        let r = read_response(&mut c, &mut buf, false);
        assert_eq!(r.status, 200);
        assert!(
            r.body == data,
            "{} bytes, not the file's {}",
            r.body.len(),
            data.len()
        );
    }
    let _ = std::fs::remove_dir_all(&root);
}

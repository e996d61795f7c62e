//! The HTTP phase: refused handshakes get 400/403/426 and a close, Origin is
//! checked, permessage-deflate is declined, and `/` serves the chat page.

mod common;

use std::io::Read;

use common::{Raw, raw_handshake, server, upgrade_request};

/// The rest of the response (its body), until the server closes.
fn body_then_eof(stream: &mut std::net::TcpStream) -> String {
    let mut rest = Vec::new();
    stream
        .read_to_end(&mut rest)
        .expect("the server closes after an error");
    String::from_utf8_lossy(&rest).into_owned()
}

#[test]
fn a_good_handshake_gets_the_rfc_accept_key_and_no_extension() {
    let s = server(&[]);
    let extra = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\
                 Origin: http://127.0.0.1:9\r\n";
    let (head, _stream) = raw_handshake(s.addr(), &upgrade_request(s.addr(), "/echo", extra));
    assert!(
        head.starts_with("HTTP/1.1 101 Switching Protocols\r\n"),
        "{head}"
    );
    // RFC 6455 §1.3's example key and accept value.
    assert!(
        head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"),
        "{head}"
    );
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("sec-websocket-extensions"),
        "deflate must be declined: {head}"
    );
}

#[test]
fn refused_handshakes_get_400_403_426_and_a_close() {
    let s = server(&["--only-origins", "--allow-origin", "http://good.example"]);
    let addr = s.addr();
    let cases: [(String, &str); 5] = [
        // A plain GET of a WebSocket endpoint: 426 with Upgrade: websocket.
        (
            format!("GET /echo HTTP/1.1\r\nHost: {addr}\r\n\r\n"),
            "HTTP/1.1 426 ",
        ),
        // A version we do not speak: 426 naming ours.
        (
            upgrade_request(addr, "/echo", "").replace("Version: 13", "Version: 8"),
            "HTTP/1.1 426 ",
        ),
        // No key: 400.
        (
            upgrade_request(addr, "/echo", "")
                .replace("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", ""),
            "HTTP/1.1 400 ",
        ),
        // POST: 400.
        (
            upgrade_request(addr, "/echo", "").replacen("GET", "POST", 1),
            "HTTP/1.1 400 ",
        ),
        // A foreign Origin: 403.
        (
            upgrade_request(addr, "/chat", "Origin: http://evil.example\r\n"),
            "HTTP/1.1 403 ",
        ),
    ];
    for (request, status) in cases {
        let (head, mut stream) = raw_handshake(addr, &request);
        assert!(head.starts_with(status), "{request:?} got {head}");
        assert!(head.contains("close"), "the connection is closed: {head}");
        let body = body_then_eof(&mut stream);
        assert!(
            body.contains("RFC 6455"),
            "the body says which rule: {body}"
        );
    }
    let (head, _) = raw_handshake(
        addr,
        &upgrade_request(addr, "/echo", "").replace("Version: 13", "Version: 8"),
    );
    assert!(head.contains("Sec-WebSocket-Version: 13\r\n"), "{head}");
    // The allowed Origin, and no Origin at all (not a browser), get in.
    let (head, _) = raw_handshake(
        addr,
        &upgrade_request(addr, "/echo", "Origin: http://good.example\r\n"),
    );
    assert!(head.starts_with("HTTP/1.1 101 "), "{head}");
    Raw::connect(addr, "/echo");
}

#[test]
fn the_default_origin_policy_takes_this_machine_and_refuses_others() {
    let s = server(&[]);
    let addr = s.addr();
    let page = format!("http://{addr}");
    for (origin, status) in [
        (page.as_str(), "HTTP/1.1 101 "),
        ("http://localhost:8000", "HTTP/1.1 101 "),
        ("https://evil.example", "HTTP/1.1 403 "),
        ("null", "HTTP/1.1 403 "),
    ] {
        let (head, _) = raw_handshake(
            addr,
            &upgrade_request(addr, "/chat", &format!("Origin: {origin}\r\n")),
        );
        assert!(head.starts_with(status), "Origin {origin}: {head}");
    }
}

#[test]
fn bad_http_is_refused_by_chapter_6s_rules() {
    let s = server(&[]);
    // HTTP/1.1 without Host: 400 before the WebSocket rules are even asked.
    let (head, _) = raw_handshake(s.addr(), "GET /echo HTTP/1.1\r\nUpgrade: websocket\r\n\r\n");
    assert!(head.starts_with("HTTP/1.1 400 "), "{head}");
    let (head, _) = raw_handshake(s.addr(), "GARBAGE\r\n\r\n");
    assert!(head.starts_with("HTTP/1.1 400 "), "{head}");
}

#[test]
fn the_chat_page_is_served_at_the_root_with_keep_alive() {
    let s = server(&[]);
    let addr = s.addr();
    let request = format!(
        "GET / HTTP/1.1\r\nHost: {addr}\r\n\r\nGET /nope HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    );
    let (head, mut stream) = raw_handshake(addr, &request);
    assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
    assert!(head.contains("text/html"), "{head}");
    let rest = body_then_eof(&mut stream);
    assert!(
        rest.contains("new WebSocket("),
        "the page opens a WebSocket"
    );
    assert!(
        rest.contains("HTTP/1.1 404 "),
        "the pipelined second request is answered: {rest}"
    );
}

/// `extra` header lines, `X-Extra-N: v`, as a browser with many cookies and
/// proxies in the way might send.
fn many_fields(n: usize) -> String {
    (0..n).map(|i| format!("X-Extra-{i}: v\r\n")).collect()
}

#[test]
fn the_upgrade_reads_the_request_http_already_parsed() {
    // The upgrade is decided on the request chapter 7's HttpSide parsed, with
    // chapter 6's limits (100 fields), not re-parsed under other limits.
    let s = server(&[]);
    for n in [10, 70, 95] {
        let request = upgrade_request(s.addr(), "/echo", &many_fields(n));
        let (head, _stream) = raw_handshake(s.addr(), &request);
        assert!(
            head.starts_with("HTTP/1.1 101 "),
            "{n} extra fields: {head}"
        );
    }
    // Past chapter 6's limit it is HTTP's own refusal (431), not a handshake error.
    let request = upgrade_request(s.addr(), "/echo", &many_fields(120));
    let (head, _stream) = raw_handshake(s.addr(), &request);
    assert!(head.starts_with("HTTP/1.1 431 "), "{head}");
    // A handshake with a body: the body's bytes would be read as frames (RFC 6455 §4.1).
    let request = upgrade_request(s.addr(), "/echo", "Content-Length: 3\r\n") + "abc";
    let (head, _stream) = raw_handshake(s.addr(), &request);
    assert!(head.starts_with("HTTP/1.1 400 "), "{head}");
}

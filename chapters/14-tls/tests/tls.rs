//! Chapter 13's showdown and chapter 10's echo over TLS, checked from
//! outside: curl, WebSockets over wss, an SSE stream over https, and peers
//! that do not speak TLS.
//!
//! Certificates are made at test time with the `openssl` command; without it
//! (or without curl, for the curl test) the tests are *ignored*, counted in
//! the summary, by `build.rs`. Under `CI=true` they always run.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::process::Command;
use std::time::Instant;

use ch08_ws_handshake::ClientHandshake;
use ch09_ws_frames::OpCode;
use ch14_tls::testing::ws::{self, Seen};
use common::{Pki, StartServer, T, read_to_close, read_until, trace_shows};

#[test]
#[cfg_attr(no_openssl, ignore = "no openssl command to make certificates")]
#[cfg_attr(no_curl, ignore = "no curl")]
fn curl_gets_200_over_tls_with_alpn_and_sni() {
    let pki = Pki::make();
    let server = pki.server();
    let port = server.addr().rsplit(':').next().unwrap().to_string();
    let out = Command::new(common::daemon::tool("curl"))
        .args([
            "-sS",
            "-v",
            "--max-time",
            "10",
            "--cacert",
            pki.ca.to_str().unwrap(),
        ])
        .args(["--resolve", &format!("localhost:{port}:127.0.0.1")])
        .args(["-w", "\n%{http_code} HTTP/%{http_version}"])
        .arg(format!("https://localhost:{port}/state"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "curl failed: {stderr}");
    assert!(stdout.ends_with("\n200 HTTP/1.1"), "{stdout}\n{stderr}");
    assert!(stderr.contains("http/1.1"), "ALPN in curl -v: {stderr}");
    let trace = trace_shows(&server, "TLS handshake done");
    // The records under the plaintext: the hellos in the clear, the rest
    // encrypted (TLS 1.3 hides even the certificate), names from records.rs.
    for record in [
        "<- 127.0.0.1",
        "record handshake (22)",
        "bytes: ClientHello",
        "bytes: ServerHello",
        "(encrypted)",
    ] {
        assert!(trace.contains(record), "{record} in the trace: {trace}");
    }
    assert!(trace.contains("SNI Some(\"localhost\")"), "{trace}");
    assert!(trace.contains("ALPN Some(\"http/1.1\")"), "{trace}");
    assert!(
        trace.contains("GET /state HTTP/1.1"),
        "the plaintext is traced: {trace}"
    );
}

/// A WebSocket over TLS to `addr` (SNI `localhost`), upgraded on `path`.
fn open_wss(
    pki: &Pki,
    addr: &str,
    path: &str,
) -> ws::WsClient<rustls::StreamOwned<rustls::ClientConnection, TcpStream>> {
    let hs = ClientHandshake::new(&format!("ws://{addr}{path}")).unwrap();
    ws::open(pki.connect(addr, "localhost"), &hs, T)
        .unwrap_or_else(|r| panic!("no 101 ({}):\n{}", r.why, r.answer))
}

#[test]
#[cfg_attr(no_openssl, ignore = "no openssl command to make certificates")]
fn a_websocket_over_wss_gets_events() {
    let pki = Pki::make();
    let server = pki.server();
    let addr = server.addr();
    // Chapter 8's client handshake and chapter 9's frames, over TLS.
    let mut ws = open_wss(&pki, addr, "/ws");
    // An event published over https reaches the wss client ...
    let answer = pki.request(addr, "POST", "/publish", "published over https");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let Seen::Text(first) = ws.next_by(Instant::now() + T) else {
        panic!("no event")
    };
    assert!(first.contains("published over https"), "{first}");
    // ... and so does the text the client sends.
    ws.send(OpCode::Text, b"sent over wss");
    let Seen::Text(second) = ws.next_by(Instant::now() + T) else {
        panic!("no second event")
    };
    assert!(second.contains("sent over wss"), "{second}");
}

#[test]
#[cfg_attr(no_openssl, ignore = "no openssl command to make certificates")]
fn chapter_10s_echo_over_wss_returns_every_message_whole() {
    let pki = Pki::make();
    let server = pki.ws_server();
    let mut ws = open_wss(&pki, server.addr(), "/echo");
    // 100 KiB spans seven TLS records (at most 16 KiB of plaintext each,
    // RFC 8446 §5.1); the server reassembles them into one message.
    let big: Vec<u8> = (0..100 * 1024).map(|i| (i % 251) as u8).collect();
    ws.send(OpCode::Binary, &big);
    ws.send(OpCode::Text, "héllo über wss".as_bytes());
    assert_eq!(ws.next_by(Instant::now() + T), Seen::Binary(big));
    assert_eq!(
        ws.next_by(Instant::now() + T),
        Seen::Text("héllo über wss".into())
    );
    ws.send(OpCode::Close, &1000u16.to_be_bytes());
    assert_eq!(ws.next_by(Instant::now() + T), Seen::Close(Some(1000)));
    // --trace shows both layers: the records, and the frames inside them.
    let trace = trace_shows(&server, "close 1000");
    assert!(
        trace.contains("record application_data (23), 16401 bytes"),
        "{trace}"
    );
    assert!(trace.contains("message binary, 102400 bytes"), "{trace}");
}

#[test]
#[cfg_attr(no_openssl, ignore = "no openssl command to make certificates")]
fn an_sse_stream_over_https_delivers_a_published_event() {
    let pki = Pki::make();
    let server = pki.server();
    let addr = server.addr();
    let mut tls = pki.connect(addr, "localhost");
    let req = format!("GET /events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n");
    tls.write_all(req.as_bytes()).unwrap();
    let mut got = Vec::new();
    read_until(&mut tls, &mut got, "retry:");
    assert!(String::from_utf8_lossy(&got).contains("text/event-stream"));
    let answer = pki.request(addr, "POST", "/publish", "pushed through TLS");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    read_until(&mut tls, &mut got, "pushed through TLS");
    assert!(
        String::from_utf8_lossy(&got).contains("\nid: "),
        "an id before the data"
    );
}

/// A peer that does not speak TLS, on the TLS port: the connection ends
/// (with an alert, or a reset), never an HTTP answer, a hang or a panic.
fn send_and_expect_close(addr: &str, bytes: &[u8]) -> Vec<u8> {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(T)).unwrap();
    s.write_all(bytes).unwrap();
    let _ = s.shutdown(Shutdown::Write);
    let mut got = Vec::new();
    match s.read_to_end(&mut got) {
        Ok(_) => {}
        Err(e) if e.kind() == ErrorKind::ConnectionReset => {}
        Err(e) => panic!("the server did not close the connection: {e}"),
    }
    assert!(
        !got.starts_with(b"HTTP/"),
        "{}",
        String::from_utf8_lossy(&got)
    );
    if let Some(&first) = got.first() {
        // A TLS record of type alert (21), RFC 8446 §5.1.
        assert_eq!(first, 21, "only an alert record: {got:?}");
    }
    got
}

#[test]
#[cfg_attr(no_openssl, ignore = "no openssl command to make certificates")]
fn plain_http_to_the_tls_port_fails_cleanly() {
    let pki = Pki::make();
    let mut server = pki.server();
    let addr = server.addr().to_string();
    let got = send_and_expect_close(&addr, b"GET /state HTTP/1.1\r\nHost: x\r\n\r\n");
    let trace = trace_shows(&server, "TLS failed");
    assert!(trace.contains("TLS failed, alert sent"), "{trace}");
    assert!(
        !got.is_empty(),
        "the alert reached the client before the close"
    );
    let answer = pki.request(&addr, "GET", "/state", "");
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "still serving: {answer}"
    );
    assert!(server.is_running());
}

#[test]
#[cfg_attr(no_openssl, ignore = "no openssl command to make certificates")]
fn bad_tls_closes_that_connection_and_the_server_serves_the_others() {
    let pki = Pki::make();
    let mut server = pki.server();
    let addr = server.addr().to_string();
    // A connection already open, its handshake done, before the garbage.
    let mut open = pki.connect(&addr, "localhost");
    let garbage: Vec<u8> = (0..=255u8)
        .cycle()
        .take(3000)
        .map(|b| b.wrapping_mul(37))
        .collect();
    send_and_expect_close(&addr, &garbage);
    // A handshake record whose body is nonsense.
    let mut bad_hello = vec![22, 3, 1, 0, 40];
    bad_hello.extend([0xff; 40]);
    send_and_expect_close(&addr, &bad_hello);
    // Cut in the middle of a record header: the FIN ends it.
    send_and_expect_close(&addr, &[22, 3]);
    let req = format!("GET /state HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    open.write_all(req.as_bytes()).unwrap();
    let mut got = Vec::new();
    read_to_close(&mut open, &mut got);
    assert!(
        got.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&got)
    );
    let answer = pki.request(&addr, "GET", "/state", "");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(server.is_running());
}

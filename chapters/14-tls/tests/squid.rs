//! Why `wss://` gets through intermediaries that break `ws://`, shown with a
//! real forward proxy (Debian's squid 5.7, started by each test on loopback):
//!
//! - a `ws://` handshake sent through squid loses its `Upgrade` on the way
//!   (a hop-by-hop field, and squid forwards an upgrade only when
//!   `http_upgrade_request_protocols` allows it, which by default it does
//!   not): the server answers 426, and squid relays that;
//! - the directive names the protocol case-sensitively: `WebSocket` does not
//!   match the `websocket` every client sends, `websocket` does;
//! - `wss://` through the same squid, unconfigured, is a `CONNECT` tunnel:
//!   TLS from the client to `ch14-server`, which squid cannot read or edit,
//!   so the upgrade arrives as it was sent and events flow.
//!
//! Without squid (or openssl) the tests are ignored, by `build.rs`; under
//! `CI=true` they run.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use ch05_http_parser::{Limits, Status};
use ch06_http_server::client::parse_response_head;
use ch08_ws_handshake::{ClientHandshake, ResponseError};
use ch13_showdown::ShowdownConfig;
use ch13_showdown::driver::Server;
use ch14_tls::testing::ws::{self, WsClient};
use common::tap::Tap;
use common::{Pki, StartServer, T, plain_showdown, squid, trace_shows};

/// Chapter 13's server, plain HTTP, in this process, behind a tap that
/// records what reaches it.
fn showdown_behind_a_tap() -> (Server, Tap) {
    let server = plain_showdown(ShowdownConfig::default());
    let tap = Tap::start(server.addr);
    (server, tap)
}

/// A `ws://` handshake as a client configured with a forward proxy sends
/// it: to the proxy, with the whole URL as the target (absolute-form,
/// RFC 9112 §3.2.2), the rest as it would go to the server.
fn ws_through_proxy(
    proxy: SocketAddr,
    server: SocketAddr,
) -> Result<WsClient<TcpStream>, ws::Refused> {
    let hs = ClientHandshake::new(&format!("ws://{server}/ws")).unwrap();
    let origin_form = String::from_utf8(hs.request()).unwrap();
    let absolute = origin_form.replacen("GET /ws ", &format!("GET http://{server}/ws "), 1);
    eprintln!("sent to squid:\n{}", absolute.trim_end());
    let sock = TcpStream::connect(proxy).unwrap();
    sock.set_read_timeout(Some(T)).unwrap();
    ws::open_with(sock, &hs, absolute.as_bytes(), T)
}

/// The head of the request that reached the server through the tap.
fn head_received(tap: &Tap) -> String {
    let seen = tap.wait_to_server("GET /ws", T);
    let text = String::from_utf8_lossy(&seen.to_server).into_owned();
    text.split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
#[cfg_attr(no_squid, ignore = "no squid (Debian's package; .ci/run installs it)")]
fn ws_through_squid_loses_its_upgrade_and_gets_426() {
    let (_server, tap) = showdown_behind_a_tap();
    let squid = squid::start("");
    let proxy = squid.addr;
    let refused = match ws_through_proxy(proxy, tap.addr) {
        Ok(_) => panic!("squid 5.7 forwarded the upgrade without being told to"),
        Err(r) => r,
    };
    let answer = refused.answer.clone();
    let head = head_received(&tap);
    eprintln!("the server received:\n{head}\n\nthe client got back:\n{answer}");
    eprintln!("squid's access log: {}", squid.access_log("/ws"));
    // The server never saw an upgrade: squid removed Upgrade and the
    // `Connection: Upgrade` naming it (hop-by-hop fields, RFC 9110 §7.6.1)
    // and said where the request had been instead (Via, X-Forwarded-For).
    let lower = head.to_ascii_lowercase();
    assert!(
        !lower.contains("upgrade"),
        "no Upgrade, no `Connection: Upgrade`: {head}"
    );
    assert!(
        lower.contains("sec-websocket-key:"),
        "the end-to-end fields pass: {head}"
    );
    assert!(lower.contains("via: 1.1 "), "{head}");
    assert!(lower.contains("x-forwarded-for: 127.0.0.1"), "{head}");
    // So it answered 426, naming the protocol it wants in `Upgrade:
    // websocket` (RFC 9110 §15.5.22); squid relayed the status and dropped
    // that field too.
    assert!(
        matches!(
            refused.error,
            Some(ResponseError::Status { status: 426, .. })
        ),
        "{:?}",
        refused.error
    );
    let answer_head = answer.split("\r\n\r\n").next().unwrap_or_default();
    assert!(answer_head.contains("Via: 1.1 "), "{answer}");
    let fields = answer_head.lines().skip(1).map(str::to_ascii_lowercase);
    assert!(
        !fields.clone().any(|f| f.starts_with("upgrade:")),
        "{answer}"
    );
    assert!(
        fields.clone().any(|f| f == "connection: keep-alive"),
        "{answer}"
    );
    let from_server = String::from_utf8_lossy(&tap.connections()[0].to_peer).into_owned();
    assert!(from_server.contains("Upgrade: websocket"), "{from_server}");
}

#[test]
#[cfg_attr(no_squid, ignore = "no squid (Debian's package; .ci/run installs it)")]
fn http_upgrade_request_protocols_lets_websocket_through_spelled_as_clients_send_it() {
    let (server, tap) = showdown_behind_a_tap();
    // squid's documentation: "Explicit protocol names and versions are case
    // sensitive." Clients send `Upgrade: websocket` (RFC 6455 §4.1).
    let squid = squid::start("http_upgrade_request_protocols WebSocket allow all");
    let proxy = squid.addr;
    let refused = ws_through_proxy(proxy, tap.addr)
        .err()
        .expect("`WebSocket` matches nothing");
    eprintln!("with `WebSocket allow all`: {:?}", refused.error);
    assert!(matches!(
        refused.error,
        Some(ResponseError::Status { status: 426, .. })
    ));

    let squid = squid::start("http_upgrade_request_protocols websocket allow all");
    let proxy = squid.addr;
    let mut ws = match ws_through_proxy(proxy, tap.addr) {
        Ok(ws) => ws,
        Err(r) => panic!("{:?}: {}", r.error, &r.answer),
    };
    server.publisher.publish("through squid, upgraded").unwrap();
    let text = ws.next_text();
    eprintln!("with `websocket allow all`: 101, then {text}");
    assert!(text.contains("through squid, upgraded"), "{text}");
    let upgraded = tap.connections().into_iter().last().unwrap();
    let head = String::from_utf8_lossy(&upgraded.to_server).into_owned();
    assert!(head.contains("Upgrade: websocket"), "{head}");
    drop(ws);
    eprintln!("squid's access log: {}", squid.access_log("TCP_TUNNEL/101"));
}

/// Opens a tunnel to `target` through the proxy (RFC 9110 §9.3.6): the
/// socket, once the proxy's 2xx head has been read, and that head.
fn connect_tunnel(proxy: SocketAddr, target: &str) -> (TcpStream, String) {
    let mut sock = TcpStream::connect(proxy).unwrap();
    sock.set_read_timeout(Some(T)).unwrap();
    let req = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n");
    eprintln!("sent to squid:\n{}", req.trim_end());
    sock.write_all(req.as_bytes()).unwrap();
    let mut buf = Vec::new();
    loop {
        if let Status::Complete((head, n)) = parse_response_head(&buf, &Limits::default()).unwrap()
        {
            assert_eq!(head.status, 200, "{}", String::from_utf8_lossy(&buf));
            // The server speaks second in TLS: nothing can follow the head yet.
            assert_eq!(n, buf.len());
            return (sock, String::from_utf8_lossy(&buf).trim_end().to_string());
        }
        let mut chunk = [0; 1024];
        let n = sock.read(&mut chunk).unwrap();
        assert!(n > 0, "squid closed: {}", String::from_utf8_lossy(&buf));
        buf.extend_from_slice(&chunk[..n]);
    }
}

#[test]
#[cfg_attr(no_openssl, ignore = "no openssl command to make certificates")]
#[cfg_attr(no_squid, ignore = "no squid (Debian's package; .ci/run installs it)")]
fn wss_through_the_same_squid_is_a_tunnel_and_the_upgrade_arrives_untouched() {
    let pki = Pki::make();
    let mut server = pki.server();
    let addr = server.addr().to_string();
    let squid = squid::start("");
    let proxy = squid.addr;
    let (sock, answer) = connect_tunnel(proxy, &addr);
    eprintln!("squid answered:\n{answer}");
    // TLS inside the tunnel, with the server: squid relays records it
    // cannot decrypt, so it cannot see the Upgrade, let alone remove it.
    let tls = pki
        .handshake_over(sock, "localhost")
        .expect("TLS through the tunnel");
    let port = addr.rsplit(':').next().unwrap();
    let hs = ClientHandshake::new(&format!("ws://localhost:{port}/ws")).unwrap();
    let mut ws = ws::open(tls, &hs, T).unwrap_or_else(|r| panic!("{:?}: {}", r.error, &r.answer));
    let answer = pki.request(&addr, "POST", "/publish", "through the tunnel");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let first = ws.next_text();
    ws.send_text("sent inside TLS");
    let second = ws.next_text();
    eprintln!("the wss client received: {first}\n                         {second}");
    assert!(first.contains("through the tunnel"), "{first}");
    assert!(second.contains("sent inside TLS"), "{second}");

    // ch14-server received the handshake exactly as sent: no Via, no
    // X-Forwarded-For, the Upgrade intact.
    let trace = trace_shows(&server, "GET /ws");
    let head: String = trace
        .split("GET /ws HTTP/1.1")
        .nth(1)
        .unwrap_or_default()
        .lines()
        .take_while(|l| !l.starts_with("->"))
        .collect::<Vec<_>>()
        .join("\n");
    eprintln!("ch14-server received: GET /ws HTTP/1.1{head}");
    assert!(head.contains("Upgrade: websocket"), "{trace}");
    assert!(!head.contains("Via:"), "{trace}");
    drop(ws);
    // All squid knows of it: a host, a port, and how many bytes.
    let line = squid.access_log("CONNECT");
    eprintln!("squid's access log: {line}");
    assert!(line.contains("TCP_TUNNEL/200"), "{line}");
    assert!(line.contains(&format!("CONNECT {addr}")), "{line}");
    assert!(server.is_running());
}

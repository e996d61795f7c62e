//! RFC 8441's extended CONNECT, checked as chapter 15's HTTP/2 server checks
//! it: the method and `:protocol`, the version, the Origin policy, the
//! subprotocol; and none of HTTP/1.1's upgrade fields needed.

use ch05_http_parser::Version;
use ch06_http_server::request::Request;
use ch08_ws_handshake::{HandshakeConfig, HandshakeError, OriginPolicy, validate_extended_connect};

/// A request as chapter 15 builds it from an HTTP/2 HEADERS frame.
fn connect(fields: &[(&str, &str)]) -> Request {
    Request {
        method: "CONNECT".into(),
        target: "/ws".into(),
        path: "/ws".into(),
        query: None,
        version: Version::Http2,
        headers: fields
            .iter()
            .map(|(n, v)| (n.to_string(), v.as_bytes().to_vec()))
            .collect(),
        body: Vec::new(),
        keep_alive: true,
        head_bytes: 0,
    }
}

#[test]
fn a_chromium_like_connect_is_accepted_without_key_or_upgrade() {
    let req = connect(&[
        ("host", "localhost:7015"),
        ("origin", "https://localhost:7015"),
        ("sec-websocket-version", "13"),
        (
            "sec-websocket-extensions",
            "permessage-deflate; client_max_window_bits",
        ),
    ]);
    let config = HandshakeConfig::default();
    assert_eq!(
        validate_extended_connect(&req, Some("websocket"), &config),
        Ok(None)
    );
}

#[test]
fn each_rule_has_its_error() {
    let config = HandshakeConfig::default();
    let ok = [("host", "localhost:7015"), ("sec-websocket-version", "13")];
    let req = connect(&ok);
    assert_eq!(
        validate_extended_connect(&req, Some("chat"), &config),
        Err(HandshakeError::NotWebSocketConnect),
        ":protocol must be websocket"
    );
    assert_eq!(
        validate_extended_connect(&req, None, &config),
        Err(HandshakeError::NotWebSocketConnect),
        "a plain CONNECT is a tunnel, not a WebSocket"
    );
    let mut get = connect(&ok);
    get.method = "GET".into();
    assert_eq!(
        validate_extended_connect(&get, Some("websocket"), &config),
        Err(HandshakeError::NotWebSocketConnect)
    );
    let no_version = connect(&[("host", "localhost:7015")]);
    assert_eq!(
        validate_extended_connect(&no_version, Some("websocket"), &config),
        Err(HandshakeError::MissingVersion)
    );
    let v8 = connect(&[("host", "localhost:7015"), ("sec-websocket-version", "8")]);
    assert_eq!(
        validate_extended_connect(&v8, Some("websocket"), &config),
        Err(HandshakeError::UnsupportedVersion)
    );
    let foreign = connect(&[
        ("host", "localhost:7015"),
        ("origin", "https://evil.example"),
        ("sec-websocket-version", "13"),
    ]);
    let strict = HandshakeConfig {
        origin: OriginPolicy::only(&["https://localhost:7015"]),
        ..HandshakeConfig::default()
    };
    assert_eq!(
        validate_extended_connect(&foreign, Some("websocket"), &strict),
        Err(HandshakeError::OriginRefused)
    );
}

#[test]
fn the_subprotocol_is_chosen_as_over_http1() {
    let req = connect(&[
        ("host", "localhost:7015"),
        ("sec-websocket-version", "13"),
        ("sec-websocket-protocol", "mqtt, chat"),
    ]);
    let config = HandshakeConfig {
        protocols: vec!["chat".into()],
        ..HandshakeConfig::default()
    };
    assert_eq!(
        validate_extended_connect(&req, Some("websocket"), &config),
        Ok(Some("chat".into()))
    );
}

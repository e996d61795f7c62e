//! RFC 6455 §4.2.1: every rule of the server's check, the status each failure
//! answers, and the header lookups (case, lists over several lines).

mod support;

use ch08_ws_handshake::{HandshakeError, accept_key};
use support::{GOOD, check, good_without, head};

const RFC_ACCEPT: &str = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

#[test]
fn the_rfc_example_is_accepted_with_the_rfc_accept_value() {
    let accepted = check(&head(GOOD)).expect("RFC 6455 §1.3's request is valid");
    assert_eq!(accepted.accept, RFC_ACCEPT);
    assert_eq!(accepted.protocol, None);
    assert_eq!(accept_key(b"dGhlIHNhbXBsZSBub25jZQ=="), RFC_ACCEPT);
    let response = String::from_utf8(accepted.response()).unwrap();
    assert_eq!(
        response,
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"
    );
}

/// Each broken rule → the variant and the status.
#[test]
fn every_rule_fails_with_its_status() {
    use HandshakeError::*;
    let mut post = GOOD.to_vec();
    post[0] = "POST /chat HTTP/1.1";
    let mut http10 = GOOD.to_vec();
    http10[0] = "GET /chat HTTP/1.0";
    let cases: Vec<(&str, Vec<u8>, HandshakeError, u16)> = vec![
        ("POST", head(&post), MethodNotGet, 400),
        ("HTTP/1.0", head(&http10), NotHttp11, 400),
        (
            "plain GET, no Upgrade",
            good_without("upgrade", &[]),
            NotAnUpgrade,
            426,
        ),
        (
            "Upgrade to another protocol",
            good_without("upgrade", &["Upgrade: h2c"]),
            NotAnUpgrade,
            426,
        ),
        (
            "websocketx is not the websocket token",
            good_without("upgrade", &["Upgrade: websocketx"]),
            NotAnUpgrade,
            426,
        ),
        (
            "no Connection",
            good_without("connection", &[]),
            NoConnectionUpgrade,
            400,
        ),
        (
            "Connection without upgrade",
            good_without("connection", &["Connection: keep-alive"]),
            NoConnectionUpgrade,
            400,
        ),
        ("no Host", good_without("host", &[]), BadHost, 400),
        (
            "two Hosts",
            good_without("x", &["Host: other.example"]),
            BadHost,
            400,
        ),
        (
            "no version",
            good_without("sec-websocket-version", &[]),
            MissingVersion,
            400,
        ),
        (
            "version 8",
            good_without("sec-websocket-version", &["Sec-WebSocket-Version: 8"]),
            UnsupportedVersion,
            426,
        ),
        (
            "version list",
            good_without("sec-websocket-version", &["Sec-WebSocket-Version: 13, 8"]),
            UnsupportedVersion,
            426,
        ),
        (
            "no key",
            good_without("sec-websocket-key", &[]),
            MissingKey,
            400,
        ),
        (
            "key of 15 bytes",
            good_without(
                "sec-websocket-key",
                &["Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAA"],
            ),
            BadKey,
            400,
        ),
        (
            "key of 17 bytes",
            good_without(
                "sec-websocket-key",
                &["Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZSE="],
            ),
            BadKey,
            400,
        ),
        (
            "key not base64",
            good_without(
                "sec-websocket-key",
                &["Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ!!"],
            ),
            BadKey,
            400,
        ),
        (
            "two keys",
            good_without("x", &["Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA=="]),
            BadKey,
            400,
        ),
        (
            "foreign Origin",
            good_without("x", &["Origin: http://evil.example"]),
            OriginRefused,
            403,
        ),
    ];
    for (what, bytes, want, status) in cases {
        let got = check(&bytes);
        assert_eq!(got, Err(want), "{what}");
        assert_eq!(want.status(), status, "{what}");
    }
}

#[test]
fn error_responses_carry_what_the_status_needs() {
    let text = |e: HandshakeError| String::from_utf8(e.response()).unwrap();
    let upgrade = text(HandshakeError::NotAnUpgrade);
    assert!(
        upgrade.starts_with("HTTP/1.1 426 Upgrade Required\r\n"),
        "{upgrade}"
    );
    assert!(upgrade.contains("\r\nUpgrade: websocket\r\n"), "{upgrade}");
    assert!(
        upgrade.contains("\r\nConnection: Upgrade, close\r\n"),
        "{upgrade}"
    );

    let version = text(HandshakeError::UnsupportedVersion);
    assert!(version.starts_with("HTTP/1.1 426 "), "{version}");
    assert!(
        version.contains("\r\nSec-WebSocket-Version: 13\r\n"),
        "{version}"
    );

    let origin = text(HandshakeError::OriginRefused);
    assert!(origin.starts_with("HTTP/1.1 403 Forbidden\r\n"), "{origin}");

    // Every error response is framed and closes: Content-Length matches the body.
    for e in [
        HandshakeError::BadKey,
        HandshakeError::OriginRefused,
        HandshakeError::NotAnUpgrade,
    ] {
        let t = text(e);
        let (head, body) = t.split_once("\r\n\r\n").unwrap();
        assert!(
            head.contains(&format!("Content-Length: {}", body.len())),
            "{t}"
        );
        assert!(head.contains("close"), "{t}");
        assert!(body.contains("RFC 6455"), "the body names the rule: {body}");
        assert!(e.to_string().contains(&e.status().to_string()));
    }
}

#[test]
fn names_and_tokens_ignore_case() {
    let bytes = head(&[
        "GET /chat HTTP/1.1",
        "HOST: server.example.com",
        "upgrade: WebSocket",
        "CONNECTION: UPGRADE",
        "sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==",
        "SEC-WEBSOCKET-VERSION: 13",
    ]);
    assert_eq!(check(&bytes).unwrap().accept, RFC_ACCEPT);
}

#[test]
fn token_lists_across_several_lines() {
    // Firefox sends `Connection: keep-alive, Upgrade`; a proxy may split lists
    // into several fields (RFC 9110 §5.3). Both are the same list.
    let firefox = good_without("connection", &["Connection: keep-alive, Upgrade"]);
    assert!(check(&firefox).is_ok());
    let split = good_without(
        "connection",
        &["Connection: keep-alive", "Connection: ,Upgrade ,"],
    );
    assert!(check(&split).is_ok());
    let upgrade_split = good_without("upgrade", &["Upgrade: h2c", "Upgrade: foo, websocket"]);
    assert!(check(&upgrade_split).is_ok());
    // A token must be a whole list element, not a substring.
    let substring = good_without("connection", &["Connection: keep-alive-upgrade"]);
    assert_eq!(check(&substring), Err(HandshakeError::NoConnectionUpgrade));
}

/// The header set headless Chromium 156 sent to `upgrade-listener` (captured
/// with `--trace`, in its order), with its permessage-deflate offer.
const CHROMIUM: &[&str] = &[
    "GET /ws HTTP/1.1",
    "Host: 127.0.0.1:44707",
    "Connection: Upgrade",
    "Pragma: no-cache",
    "Cache-Control: no-cache",
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
     HeadlessChrome/156.0.0.0 Safari/537.36",
    "Upgrade: websocket",
    "Origin: http://127.0.0.1:44707",
    "Sec-WebSocket-Version: 13",
    "Accept-Encoding: gzip, deflate, br, zstd",
    "Accept-Language: en-US,en;q=0.9",
    "Sec-WebSocket-Key: QSK0xtsM0EXlOhHfDemphg==",
    "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits",
];

#[test]
fn a_chromium_request_gets_a_clean_101_without_extensions() {
    let accepted = check(&head(CHROMIUM)).expect("Chromium's handshake is valid");
    // The value Chromium checked in the real run: base64(sha1(key + GUID)).
    assert_eq!(accepted.accept, "2y7LpELvTaKSpdOxfEw44v47SQo=");
    let response = String::from_utf8(accepted.response()).unwrap();
    assert!(response.starts_with("HTTP/1.1 101 Switching Protocols\r\n"));
    assert!(
        !response.to_ascii_lowercase().contains("extensions"),
        "declining permessage-deflate means not echoing it: {response}"
    );
    assert!(!response.contains("Sec-WebSocket-Protocol"), "{response}");
}

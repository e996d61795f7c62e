//! Subprotocol negotiation (RFC 6455 §4.2.2 step 5.5) and extensions declined (§9.1).

mod support;

use ch08_ws_handshake::HandshakeConfig;
use support::{good_without, validate};

fn config(protocols: &[&str]) -> HandshakeConfig {
    HandshakeConfig {
        protocols: protocols.iter().map(|s| s.to_string()).collect(),
        ..HandshakeConfig::default()
    }
}

fn chosen(ours: &[&str], offered: &[&str]) -> Option<String> {
    let bytes = good_without("x", offered);
    let accepted = validate(&bytes, &config(ours)).expect("a valid handshake");
    let response = String::from_utf8(accepted.response()).unwrap();
    // The 101 echoes exactly the chosen one, or no field at all.
    match &accepted.protocol {
        Some(p) => assert!(
            response.contains(&format!("\r\nSec-WebSocket-Protocol: {p}\r\n")),
            "{response}"
        ),
        None => assert!(!response.contains("Sec-WebSocket-Protocol"), "{response}"),
    }
    accepted.protocol
}

#[test]
fn negotiation_cases() {
    let p = |s: &str| Some(s.to_string());
    let offer = "Sec-WebSocket-Protocol: chat, superchat";
    assert_eq!(chosen(&["chat"], &[offer]), p("chat"));
    assert_eq!(
        chosen(&["superchat", "chat"], &[offer]),
        p("superchat"),
        "our preference"
    );
    assert_eq!(chosen(&["mqtt"], &[offer]), None, "nothing in common");
    assert_eq!(chosen(&[], &[offer]), None, "we speak none");
    assert_eq!(chosen(&["chat"], &[]), None, "none offered");
    assert_eq!(
        chosen(&["Chat"], &[offer]),
        None,
        "names are case-sensitive"
    );
    assert_eq!(
        chosen(
            &["superchat"],
            &[
                "Sec-WebSocket-Protocol: chat",
                "Sec-WebSocket-Protocol: superchat"
            ]
        ),
        p("superchat"),
        "offers over several lines"
    );
}

#[test]
fn extension_offers_are_declined_by_silence() {
    let bytes = good_without(
        "x",
        &[
            "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits",
            "Sec-WebSocket-Extensions: x-webkit-deflate-frame",
        ],
    );
    let accepted = validate(&bytes, &HandshakeConfig::default()).unwrap();
    let response = String::from_utf8(accepted.response()).unwrap();
    assert!(!response.contains("Extensions"), "{response}");
}

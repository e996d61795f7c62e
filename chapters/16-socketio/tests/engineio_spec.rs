//! Every example of the Engine.IO v4 specification, typed in from
//! github.com/socketio/engine.io-protocol README.md (section named above each).

use ch16_socketio::engineio::websocket::{self, Frame};
use ch16_socketio::engineio::{Data, EngineError, Handshake, Packet, PacketType, polling};

const MAX: usize = 1_000_000;

fn spec_handshake() -> Handshake {
    Handshake {
        sid: "lv_VI97HAXpY6yYWAAAC".into(),
        upgrades: vec!["websocket".into()],
        ping_interval: 25000,
        ping_timeout: 20000,
        max_payload: 1000000,
    }
}

/// "Handshake": the open packet's JSON, pretty-printed in the spec.
#[test]
fn handshake_example() {
    let spec = r#"{
  "sid": "lv_VI97HAXpY6yYWAAAC",
  "upgrades": ["websocket"],
  "pingInterval": 25000,
  "pingTimeout": 20000,
  "maxPayload": 1000000
}"#;
    assert_eq!(Handshake::parse(spec), Ok(spec_handshake()));
    let compact = spec_handshake().to_json();
    assert_eq!(
        compact,
        r#"{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}"#
    );
    assert_eq!(Handshake::parse(&compact), Ok(spec_handshake()));
}

/// The Socket.IO spec's "Sample session", request n°1: the open packet as a
/// polling body (pingTimeout 5000 there).
#[test]
fn sample_session_open_packet() {
    let body = r#"0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000,"maxPayload":1000000}"#;
    let packets = polling::decode(body.as_bytes(), MAX).unwrap();
    let want = Handshake {
        ping_timeout: 5000,
        ..spec_handshake()
    };
    assert_eq!(packets, vec![Packet::Open(want.clone())]);
    assert_eq!(polling::encode(&[Packet::Open(want)]).unwrap(), body);
}

/// "Handshake": a missing or mistyped field is an error.
#[test]
fn handshake_fields_are_checked() {
    let missing = r#"{"sid":"x","upgrades":[],"pingInterval":1,"pingTimeout":2}"#;
    assert_eq!(
        Handshake::parse(missing),
        Err(EngineError::HandshakeField("maxPayload"))
    );
    let mistyped = r#"{"sid":1,"upgrades":[],"pingInterval":1,"pingTimeout":2,"maxPayload":3}"#;
    assert_eq!(
        Handshake::parse(mistyped),
        Err(EngineError::HandshakeField("sid"))
    );
    let fraction = r#"{"sid":"x","upgrades":[],"pingInterval":1.5,"pingTimeout":2,"maxPayload":3}"#;
    assert_eq!(
        Handshake::parse(fraction),
        Err(EngineError::HandshakeField("pingInterval"))
    );
    assert!(matches!(
        Handshake::parse("{"),
        Err(EngineError::HandshakeJson(_))
    ));
}

/// "Protocol": the type table.
#[test]
fn packet_types() {
    let table = [
        ("0", PacketType::Open),
        ("1", PacketType::Close),
        ("2", PacketType::Ping),
        ("3", PacketType::Pong),
        ("4", PacketType::Message),
        ("5", PacketType::Upgrade),
        ("6", PacketType::Noop),
    ];
    for (digit, kind) in table {
        assert_eq!(PacketType::from_byte(digit.as_bytes()[0]), Some(kind));
        assert_eq!(kind.digit().to_string(), digit);
    }
}

/// "Heartbeat" and "Upgrade": `2`, `3`, `2probe`, `3probe`, `5`, and the
/// `6` that ends a held GET.
#[test]
fn heartbeat_and_upgrade_packets() {
    let cases = [
        ("2", Packet::Ping(String::new())),
        ("3", Packet::Pong(String::new())),
        ("2probe", Packet::Ping("probe".into())),
        ("3probe", Packet::Pong("probe".into())),
        ("5", Packet::Upgrade),
        ("6", Packet::Noop),
        ("1", Packet::Close),
    ];
    for (text, packet) in cases {
        assert_eq!(
            websocket::decode_text(text, MAX).as_ref(),
            Ok(&packet),
            "{text}"
        );
        assert_eq!(websocket::encode(&packet), Frame::Text(text.into()));
        assert_eq!(polling::decode(text.as_bytes(), MAX), Ok(vec![packet]));
    }
}

/// "Packet encoding / HTTP long-polling": `4hello\x1e2\x1e4world`.
#[test]
fn polling_payload_example() {
    let body = "4hello\x1e2\x1e4world";
    let packets = vec![
        Packet::text("hello"),
        Packet::Ping(String::new()),
        Packet::text("world"),
    ];
    assert_eq!(polling::decode(body.as_bytes(), MAX), Ok(packets.clone()));
    assert_eq!(polling::encode(&packets).unwrap(), body);
}

/// "Packet encoding / HTTP long-polling": `4hello\x1ebAQIDBA==`, binary as
/// `b` + base64.
#[test]
fn polling_binary_example() {
    let body = "4hello\x1ebAQIDBA==";
    let packets = vec![
        Packet::text("hello"),
        Packet::Message(Data::Binary(vec![1, 2, 3, 4])),
    ];
    assert_eq!(polling::decode(body.as_bytes(), MAX), Ok(packets.clone()));
    assert_eq!(polling::encode(&packets).unwrap(), body);
    assert_eq!(polling::decode(b"b!!!", MAX), Err(EngineError::BadBase64));
}

/// "Packet encoding / WebSocket": `4hello` in a text frame, binary "as is".
#[test]
fn websocket_examples() {
    assert_eq!(
        websocket::decode_text("4hello", MAX),
        Ok(Packet::text("hello"))
    );
    assert_eq!(
        websocket::encode(&Packet::text("hello")),
        Frame::Text("4hello".into())
    );
    let binary = Packet::Message(Data::Binary(vec![1, 2, 3, 4]));
    assert_eq!(websocket::encode(&binary), Frame::Binary(vec![1, 2, 3, 4]));
    assert_eq!(websocket::decode_binary(&[1, 2, 3, 4], MAX), Ok(binary));
    // The `b` prefix is polling's: over a WebSocket it is no packet type.
    assert_eq!(
        websocket::decode_text("bAQIDBA==", MAX),
        Err(EngineError::UnknownType(b'b'))
    );
}

/// "From v3 to v4": `€` is three bytes in UTF-8; v4 needs no length at all.
#[test]
fn utf8_needs_no_counting() {
    let packets = polling::decode("4€\x1e4€€".as_bytes(), MAX).unwrap();
    assert_eq!(packets, vec![Packet::text("€"), Packet::text("€€")]);
}

/// The Socket.IO spec's "Sample session", request n°5: two messages in one POST.
#[test]
fn sample_session_post_body() {
    let body = "42[\"hello\"]\x1e42[\"world\"]";
    assert_eq!(
        polling::decode(body.as_bytes(), MAX),
        Ok(vec![
            Packet::text("2[\"hello\"]"),
            Packet::text("2[\"world\"]")
        ])
    );
}

/// "Sending data" and the handshake's `maxPayload`: a body over it is refused
/// before it is looked at; so is a frame.
#[test]
fn max_payload_is_enforced() {
    let body = "4".to_string() + &"x".repeat(99);
    assert!(polling::decode(body.as_bytes(), 100).is_ok());
    let body = body + "x";
    assert_eq!(
        polling::decode(body.as_bytes(), 100),
        Err(EngineError::TooLarge { len: 101, max: 100 })
    );
    assert_eq!(
        websocket::decode_text(&body, 100),
        Err(EngineError::TooLarge { len: 101, max: 100 })
    );
    assert_eq!(
        websocket::decode_binary(&[0; 101], 100),
        Err(EngineError::TooLarge { len: 101, max: 100 })
    );
}

/// Malformed bodies: empty packets, unknown types, bytes that are not UTF-8,
/// and a text message that holds the separator (which we refuse to send).
#[test]
fn malformed_payloads() {
    assert_eq!(polling::decode(b"", MAX), Err(EngineError::Empty));
    assert_eq!(
        polling::decode(b"4a\x1e\x1e4b", MAX),
        Err(EngineError::Empty)
    );
    assert_eq!(polling::decode(b"4a\x1e", MAX), Err(EngineError::Empty));
    assert_eq!(
        polling::decode(b"9", MAX),
        Err(EngineError::UnknownType(b'9'))
    );
    assert_eq!(polling::decode(b"4\xff", MAX), Err(EngineError::NotUtf8));
    assert_eq!(
        polling::decode(b"5x", MAX),
        Err(EngineError::UnexpectedData(PacketType::Upgrade))
    );
    assert_eq!(
        polling::encode(&[Packet::text("a\x1eb")]),
        Err(EngineError::SeparatorInText)
    );
}

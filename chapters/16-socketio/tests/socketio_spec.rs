//! Every example of the Socket.IO v5 specification, typed in from
//! github.com/socketio/socket.io-protocol Readme.md (section named above each).

use ch16_socketio::engineio::{self, Data, polling};
use ch16_socketio::json::{self, Value};
use ch16_socketio::socketio::{
    Limits, Packet, PacketType, Reassembler, SocketIoError, decode, encode, placeholder,
    placeholder_num,
};

fn json(text: &str) -> Value {
    json::parse(text, json::Limits::default()).unwrap()
}

fn packet(kind: PacketType, namespace: &str, id: Option<u64>, data: Option<&str>) -> Packet {
    Packet {
        kind,
        namespace: namespace.into(),
        id,
        data: data.map(json),
        attachments: Vec::new(),
    }
}

/// Encodes, checks the text, decodes it back.
fn both_ways(p: &Packet, text: &str, attachments: usize) {
    assert_eq!(encode(p).as_deref(), Ok(text));
    let (mut back, count) = decode(text, &Limits::default()).unwrap();
    assert_eq!(count, attachments, "{text}");
    back.attachments = p.attachments.clone();
    assert_eq!(&back, p, "{text}");
}

/// "Packet encoding / Examples / Connection to a namespace".
#[test]
fn connection_examples() {
    use PacketType::*;
    both_ways(&packet(Connect, "/", None, None), "0", 0);
    both_ways(
        &packet(
            Connect,
            "/admin",
            None,
            Some(r#"{"sid":"oSO0OpakMV_3jnilAAAA"}"#),
        ),
        r#"0/admin,{"sid":"oSO0OpakMV_3jnilAAAA"}"#,
        0,
    );
    both_ways(
        &packet(
            ConnectError,
            "/",
            None,
            Some(r#"{"message":"Not authorized"}"#),
        ),
        r#"4{"message":"Not authorized"}"#,
        0,
    );
    // "History / v5": the CONNECT packet may carry an auth payload.
    both_ways(
        &packet(Connect, "/admin", None, Some(r#"{"token":"123"}"#)),
        r#"0/admin,{"token":"123"}"#,
        0,
    );
}

/// "Packet encoding / Examples / Sending and receiving data".
#[test]
fn event_examples() {
    use PacketType::*;
    both_ways(
        &packet(Event, "/", None, Some(r#"["foo"]"#)),
        r#"2["foo"]"#,
        0,
    );
    both_ways(
        &packet(Event, "/admin", None, Some(r#"["bar"]"#)),
        r#"2/admin,["bar"]"#,
        0,
    );
    let mut one = packet(BinaryEvent, "/", None, None);
    one.data = Some(Value::Array(vec![Value::str("baz"), placeholder(0)]));
    one.attachments = vec![vec![1, 2, 3, 4]];
    both_ways(&one, r#"51-["baz",{"_placeholder":true,"num":0}]"#, 1);
    let mut two = packet(BinaryEvent, "/admin", None, None);
    two.data = Some(Value::Array(vec![
        Value::str("baz"),
        placeholder(0),
        placeholder(1),
    ]));
    two.attachments = vec![vec![1, 2], vec![3, 4]];
    both_ways(
        &two,
        r#"52-/admin,["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]"#,
        2,
    );
}

/// "Examples": `{ type: EVENT, namespace: "/", data: ["foo"] }` is sent as
/// `42["foo"]`, inside an Engine.IO message.
#[test]
fn inside_an_engineio_message() {
    let text = encode(&Packet::event("foo", vec![])).unwrap();
    let wire = engineio::websocket::encode(&engineio::Packet::Message(Data::Text(text)));
    assert_eq!(
        wire,
        engineio::websocket::Frame::Text(r#"42["foo"]"#.into())
    );
}

/// "Packet encoding / Examples / Acknowledgement".
#[test]
fn ack_examples() {
    use PacketType::*;
    both_ways(
        &packet(Event, "/", Some(12), Some(r#"["foo"]"#)),
        r#"212["foo"]"#,
        0,
    );
    // The spec writes this one with a stray backtick: 3/admin,13["bar"]`
    both_ways(
        &packet(Ack, "/admin", Some(13), Some(r#"["bar"]"#)),
        r#"3/admin,13["bar"]"#,
        0,
    );
    let mut binary = packet(BinaryAck, "/", Some(15), None);
    binary.data = Some(Value::Array(vec![Value::str("bar"), placeholder(0)]));
    binary.attachments = vec![vec![1, 2, 3, 4]];
    both_ways(&binary, r#"61-15["bar",{"_placeholder":true,"num":0}]"#, 1);
    // "Exchange protocol / Acknowledgement": an ACK's array may be empty.
    both_ways(&packet(Ack, "/", Some(12), Some("[]")), "312[]", 0);
}

/// "Packet encoding / Examples / Disconnection from a namespace".
#[test]
fn disconnect_examples() {
    use PacketType::*;
    both_ways(&packet(Disconnect, "/", None, None), "1", 0);
    both_ways(&packet(Disconnect, "/admin", None, None), "1/admin,", 0);
}

/// "Sample session": every Socket.IO packet in it, as a decoder meets them.
#[test]
fn sample_session() {
    let mut r = Reassembler::new(Limits::default());
    // Printed so the book can show what the decoder makes of each line.
    let one = |r: &mut Reassembler, text: &str| {
        let p = r.push_text(text).unwrap().unwrap();
        let id = p.id.map_or(String::new(), |id| format!(" id {id}"));
        eprintln!("{text:<34} {:?} {}{id}", p.kind, p.namespace);
        p
    };
    assert_eq!(one(&mut r, "0").kind, PacketType::Connect);
    let accepted = one(&mut r, r#"0{"sid":"wZX3oN0bSVIhsaknAAAI"}"#);
    assert_eq!(
        accepted.data.unwrap().get("sid").and_then(Value::as_str),
        Some("wZX3oN0bSVIhsaknAAAI")
    );
    let hey = one(&mut r, r#"2["hey","Jude"]"#);
    assert_eq!(hey.event_name(), Some("hey"));
    assert_eq!(one(&mut r, "0/admin,").namespace, "/admin");
    let tellme = one(&mut r, r#"2/admin,1["tellme"]"#);
    assert_eq!((tellme.namespace.as_str(), tellme.id), ("/admin", Some(1)));

    // The binary ack: its text, then its attachment in the next frame.
    assert_eq!(
        r.push_text(r#"61-/admin,1[{"_placeholder":true,"num":0}]"#),
        Ok(None)
    );
    assert_eq!(r.missing(), 1);
    let ack = r.push_binary(vec![0xde, 0xad]).unwrap().unwrap();
    eprintln!(
        "{:<34} {:?} {} id 1, attachments {:?}",
        "61-/admin,1[…] + <de ad>", ack.kind, ack.namespace, ack.attachments
    );
    assert_eq!((ack.kind, ack.id), (PacketType::BinaryAck, Some(1)));
    let slot = &ack.data.as_ref().unwrap().as_array().unwrap()[0];
    assert_eq!(
        ack.attachments[placeholder_num(slot).unwrap()],
        vec![0xde, 0xad]
    );

    // Request n°5's POST body, through both layers.
    let body = "42[\"hello\"]\x1e42[\"world\"]";
    let names: Vec<String> = polling::decode(body.as_bytes(), 1_000_000)
        .unwrap()
        .into_iter()
        .map(|p| match p {
            engineio::Packet::Message(Data::Text(t)) => {
                one(&mut r, &t).event_name().unwrap().to_string()
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(names, ["hello", "world"]);
}

/// "Exchange protocol": each type's payload rule; broken, each is an error.
#[test]
fn payload_rules() {
    let limits = Limits::default();
    let bad = |text: &str| decode(text, &limits).map(|_| ()).unwrap_err();
    use SocketIoError::*;
    assert_eq!(bad("2"), BadPayload(PacketType::Event)); // an event needs data
    assert_eq!(bad("2[]"), BadPayload(PacketType::Event)); // a non-empty array
    assert_eq!(bad("2[1]"), BadPayload(PacketType::Event)); // named by a string
    assert_eq!(bad(r#"2{"a":1}"#), BadPayload(PacketType::Event));
    assert_eq!(bad("0[]"), BadPayload(PacketType::Connect)); // an object, if any
    assert_eq!(bad("1{}"), BadPayload(PacketType::Disconnect)); // nothing
    assert_eq!(bad(r#"4"no""#), BadPayload(PacketType::ConnectError)); // v4's string
    assert_eq!(bad("3"), BadPayload(PacketType::Ack));
    assert_eq!(bad("3[]"), AckWithoutId);
    assert_eq!(bad("012{}"), BadAckId); // CONNECT takes no ack id
    assert_eq!(bad("7"), UnknownType(b'7'));
    assert_eq!(bad(""), Empty);
    assert!(matches!(bad("2[\"a\""), Json(_)));
}

/// Attachments: the count, the placeholders, the order of messages.
#[test]
fn attachment_rules() {
    let limits = Limits::default();
    let bad = |text: &str| decode(text, &limits).map(|_| ()).unwrap_err();
    use SocketIoError::*;
    assert_eq!(bad(r#"5["a"]"#), BadAttachmentCount); // no `n-`
    assert_eq!(bad(r#"5-["a"]"#), BadAttachmentCount);
    assert_eq!(bad(r#"511-["a"]"#), TooManyAttachments { max: 10 });
    assert_eq!(
        bad(r#"599999999999999999999999-["a"]"#),
        TooManyAttachments { max: 10 }
    );
    assert_eq!(
        bad(r#"51-["a",{"_placeholder":true,"num":1}]"#),
        BadPlaceholder
    );
    assert_eq!(
        bad(r#"51-["a",{"_placeholder":true,"num":"0"}]"#),
        BadPlaceholder
    );

    // `_placeholder` other than `true` is ordinary data.
    assert!(
        decode(
            r#"51-["a",{"_placeholder":false,"num":7},{"_placeholder":true,"num":0}]"#,
            &limits
        )
        .is_ok()
    );

    let mut r = Reassembler::new(limits);
    assert_eq!(r.push_binary(vec![1]), Err(UnexpectedAttachment));
    assert_eq!(
        r.push_text(r#"52-["a",{"_placeholder":true,"num":1}]"#),
        Ok(None)
    );
    assert_eq!(r.push_binary(vec![1]), Ok(None));
    assert_eq!(r.push_text(r#"2["b"]"#), Err(AttachmentsMissing));
    let done = r.push_binary(vec![2]).unwrap().unwrap();
    assert_eq!(done.attachments, vec![vec![1], vec![2]]);
    assert_eq!(r.missing(), 0);

    // Encoding checks the same: placeholders must match the attachments.
    let mut p = Packet::new(PacketType::BinaryEvent, Some(json(r#"["a"]"#)));
    p.data = Some(Value::Array(vec![Value::str("a"), placeholder(1)]));
    p.attachments = vec![vec![0]];
    assert_eq!(encode(&p), Err(BadPlaceholder));
    let mut plain = Packet::event("a", vec![]);
    plain.attachments = vec![vec![0]];
    assert_eq!(encode(&plain), Err(BadPlaceholder));
}

/// Our limits: ack ids, namespaces, packet size, nesting.
#[test]
fn limits() {
    let limits = Limits::default();
    let ok = |text: &str| decode(text, &limits).map(|(p, _)| p);
    assert_eq!(
        ok(r#"29007199254740991["a"]"#).unwrap().id,
        Some((1 << 53) - 1)
    );
    assert_eq!(
        ok(r#"29007199254740992["a"]"#),
        Err(SocketIoError::BadAckId)
    );
    assert_eq!(
        ok(r#"212345678901234567["a"]"#),
        Err(SocketIoError::BadAckId)
    );
    let long = format!("2/{},[\"a\"]", "n".repeat(256));
    assert_eq!(ok(&long), Err(SocketIoError::BadNamespace));
    let big = format!("2[\"{}\"]", "x".repeat(1_000_000));
    assert!(matches!(ok(&big), Err(SocketIoError::TooLarge { .. })));
    let deep = format!("2[\"a\",{}{}]", "[".repeat(40), "]".repeat(40));
    assert!(matches!(
        ok(&deep),
        Err(SocketIoError::Json(json::JsonError::TooDeep))
    ));
    let mut p = Packet::event("a", vec![]);
    p.namespace = "admin".into();
    assert_eq!(encode(&p), Err(SocketIoError::BadNamespace));
    p.namespace = "/a,b".into();
    assert_eq!(encode(&p), Err(SocketIoError::BadNamespace));
}

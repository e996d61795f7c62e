//! Our client's request → our server's check → the 101 → our client's check,
//! and the client rejecting answers it must not accept (RFC 6455 §4.1).

mod support;

use ch05_http_parser::Status;
use ch08_ws_handshake::{
    ClientHandshake, HandshakeConfig, HandshakeRequestError, HeadError, Negotiated, ResponseError,
    UrlError, accept_key, key_is_valid,
};
use support::validate;

fn complete(
    client: &ClientHandshake,
    response: &[u8],
) -> Result<(Negotiated, usize), ResponseError> {
    match client.check_response(response)? {
        Status::Complete(done) => Ok(done),
        Status::Partial => panic!("the whole response was given"),
    }
}

#[test]
fn round_trip_with_a_subprotocol_and_frames_behind_the_head() {
    let client = ClientHandshake::new("ws://[::1]:7010/chat?room=1")
        .unwrap()
        .with_protocols(&["v2.chat", "chat"])
        .unwrap()
        .with_origin("http://[::1]:7010");
    assert!(key_is_valid(client.key.as_bytes()));
    let request = client.request();
    let text = String::from_utf8(request.clone()).unwrap();
    assert!(
        text.starts_with("GET /chat?room=1 HTTP/1.1\r\nHost: [::1]:7010\r\n"),
        "{text}"
    );
    assert!(
        text.contains("\r\nSec-WebSocket-Protocol: v2.chat, chat\r\n"),
        "{text}"
    );
    assert!(text.contains("\r\nOrigin: http://[::1]:7010\r\n"), "{text}");

    let config = HandshakeConfig {
        protocols: vec!["chat".into()],
        ..HandshakeConfig::default()
    };
    let accepted = validate(&request, &config).expect("our request passes our server");
    assert_eq!(accepted.accept, accept_key(client.key.as_bytes()));

    // The server's first frame may arrive in the same read as the 101.
    let mut response = accepted.response();
    let head_len = response.len();
    response.extend_from_slice(b"\x81\x02hi");
    let (negotiated, used) = complete(&client, &response).unwrap();
    assert_eq!(negotiated.protocol.as_deref(), Some("chat"));
    assert_eq!(used, head_len);
    assert_eq!(negotiated.head.status, 101);

    // Byte by byte, the client waits for the whole head.
    for end in 0..head_len {
        assert_eq!(
            client.check_response(&response[..end]),
            Ok(Status::Partial),
            "{end}"
        );
    }
}

#[test]
fn every_key_is_fresh() {
    let a = ClientHandshake::new("ws://127.0.0.1:1/").unwrap();
    let b = ClientHandshake::new("ws://127.0.0.1:1/").unwrap();
    assert_ne!(a.key, b.key);
}

#[test]
fn client_setup_errors() {
    assert_eq!(
        ClientHandshake::new("wss://example.com/").unwrap_err(),
        HandshakeRequestError::Url(UrlError::Scheme)
    );
    let url = || ClientHandshake::new("ws://h/").unwrap();
    assert!(matches!(
        url().with_protocols(&["a b"]),
        Err(HandshakeRequestError::Protocol(_))
    ));
    assert!(matches!(
        url().with_protocols(&["a", "a"]),
        Err(HandshakeRequestError::Protocol(_))
    ));
    assert!(matches!(
        url().with_protocols(&[""]),
        Err(HandshakeRequestError::Protocol(_))
    ));
}

/// A correct 101 for `client`, with `edit` applied to its lines.
fn response_for(client: &ClientHandshake, edit: impl FnOnce(&mut Vec<String>)) -> Vec<u8> {
    let mut lines = vec![
        "HTTP/1.1 101 Switching Protocols".to_string(),
        "Upgrade: websocket".to_string(),
        "Connection: Upgrade".to_string(),
        format!(
            "Sec-WebSocket-Accept: {}",
            accept_key(client.key.as_bytes())
        ),
    ];
    edit(&mut lines);
    format!("{}\r\n\r\n", lines.join("\r\n")).into_bytes()
}

#[test]
fn the_response_check_rejects_what_it_must() {
    let client = ClientHandshake::new("ws://127.0.0.1:7010/")
        .unwrap()
        .with_protocols(&["chat"])
        .unwrap();
    let check = |edit: fn(&mut Vec<String>)| complete(&client, &response_for(&client, edit));

    assert!(check(|_| {}).is_ok(), "the unedited response is good");
    assert!(
        check(|l| l[2] = "connection: keep-alive, UPGRADE".into()).is_ok(),
        "tokens in a list, any case"
    );
    assert!(matches!(
        check(|l| l[3] = "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=".into()),
        Err(ResponseError::WrongAccept { .. })
    ));
    assert_eq!(
        check(|l| {
            l.remove(3);
        }),
        Err(ResponseError::MissingAccept)
    );
    assert_eq!(
        check(|l| l.push(l[3].clone())),
        Err(ResponseError::MissingAccept),
        "two accept fields"
    );
    assert_eq!(
        check(|l| {
            l.remove(1);
        }),
        Err(ResponseError::NoUpgrade)
    );
    assert_eq!(
        check(|l| l[1] = "Upgrade: h2c".into()),
        Err(ResponseError::NoUpgrade)
    );
    assert_eq!(
        check(|l| {
            l.remove(2);
        }),
        Err(ResponseError::NoConnectionUpgrade)
    );
    assert_eq!(
        check(|l| l.push("Sec-WebSocket-Extensions: permessage-deflate".into())),
        Err(ResponseError::UnofferedExtension(
            "permessage-deflate".into()
        ))
    );
    assert_eq!(
        check(|l| l.push("Sec-WebSocket-Protocol: superchat".into())),
        Err(ResponseError::UnofferedProtocol("superchat".into()))
    );
    assert_eq!(
        check(|l| l.push("Sec-WebSocket-Protocol: chat, chat".into())),
        Err(ResponseError::UnofferedProtocol("chat, chat".into())),
        "exactly one name"
    );
    assert_eq!(
        check(|l| l.push("Sec-WebSocket-Protocol: chat".into()))
            .unwrap()
            .0
            .protocol,
        Some("chat".into())
    );
    assert_eq!(
        check(|l| l[0] = "HTTP/1.0 101 Switching Protocols".into()),
        Err(ResponseError::Version)
    );
    assert!(matches!(
        check(|l| l[0] = "HTTP/1.1 200 OK".into()),
        Err(ResponseError::Status { status: 200, .. })
    ));
    assert!(matches!(
        check(|l| l[0] = "SSH-2.0-OpenSSH_9.2".into()),
        Err(ResponseError::Head(HeadError::StatusLine { offset: 0 }))
    ));
    assert!(matches!(
        check(|l| l.push("Bad Field: x".into())),
        Err(ResponseError::Head(HeadError::Field(_)))
    ));
}

#[test]
fn a_refusal_reaches_the_client_as_its_status() {
    // Our server refuses a foreign Origin; our client reports the 403.
    let client = ClientHandshake::new("ws://127.0.0.1:7010/")
        .unwrap()
        .with_origin("https://evil.example");
    let refusal = validate(&client.request(), &HandshakeConfig::default()).unwrap_err();
    match complete(&client, &refusal.response()) {
        Err(ResponseError::Status { status, reason }) => {
            assert_eq!((status, reason.as_str()), (403, "Forbidden"));
        }
        other => panic!("{other:?}"),
    }
}

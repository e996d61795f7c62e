//! An independent implementation as an oracle: tungstenite's accept key must
//! equal ours on random keys, its client must accept our server's 101, and our
//! client must accept its server's 101. Loopback only, every wait bounded.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use ch05_http_parser::{EMPTY_HEADER, Limits, Status, parse_request};
use ch08_ws_handshake::{
    ClientHandshake, HandshakeConfig, accept_key, generate_key, validate_request,
};

const TIMEOUT: Option<Duration> = Some(Duration::from_secs(5));

#[test]
fn accept_keys_agree_with_tungstenite() {
    for _ in 0..1000 {
        let key = generate_key();
        assert_eq!(
            accept_key(key.as_bytes()),
            tungstenite::handshake::derive_accept_key(key.as_bytes()),
            "key {key}"
        );
    }
}

/// Reads one request head from `stream` (at most 8 KiB) and answers it with our server code.
fn our_server_answers(mut stream: TcpStream) -> Vec<u8> {
    stream.set_read_timeout(TIMEOUT).unwrap();
    let mut buf = vec![0u8; 8192];
    let mut filled = 0;
    loop {
        let n = stream
            .read(&mut buf[filled..])
            .expect("reading the request");
        assert!(n > 0, "the client closed before a whole head");
        filled += n;
        let mut headers = [EMPTY_HEADER; 32];
        match parse_request(&buf[..filled], &mut headers, &Limits::default()).unwrap() {
            Status::Partial => continue,
            Status::Complete((req, _)) => {
                let config = HandshakeConfig {
                    protocols: vec!["chat".into()],
                    ..HandshakeConfig::default()
                };
                let accepted =
                    validate_request(&req, &config).expect("tungstenite's request is valid");
                let response = accepted.response();
                stream.write_all(&response).unwrap();
                return buf[..filled].to_vec();
            }
        }
    }
}

#[test]
fn tungstenite_client_accepts_our_server() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        our_server_answers(stream)
    });
    let stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(TIMEOUT).unwrap();
    let request =
        tungstenite::ClientRequestBuilder::new(format!("ws://{addr}/ws").parse().unwrap())
            .with_sub_protocol("chat");
    let (_socket, response) =
        tungstenite::client::client(request, stream).expect("tungstenite accepts our 101");
    assert_eq!(response.status().as_u16(), 101);
    assert_eq!(response.headers()["sec-websocket-protocol"], "chat");
    let seen = server.join().unwrap();
    assert!(seen.starts_with(b"GET /ws HTTP/1.1\r\n"));
}

#[test]
fn our_client_accepts_tungstenite_server() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(TIMEOUT).unwrap();
        tungstenite::accept(stream)
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
    let client = ClientHandshake::new(&format!("ws://{addr}/ws")).unwrap();
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(TIMEOUT).unwrap();
    stream.write_all(&client.request()).unwrap();
    let mut buf = vec![0u8; 8192];
    let mut filled = 0;
    let negotiated = loop {
        let n = stream.read(&mut buf[filled..]).expect("reading the 101");
        assert!(n > 0, "tungstenite closed before a whole response");
        filled += n;
        match client.check_response(&buf[..filled]) {
            Ok(Status::Partial) => continue,
            Ok(Status::Complete((negotiated, _))) => break negotiated,
            Err(e) => panic!("our client rejects tungstenite's 101: {e}"),
        }
    };
    assert_eq!(negotiated.protocol, None);
    server
        .join()
        .unwrap()
        .expect("tungstenite accepted our request");
}

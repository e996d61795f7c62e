//! Interop with an independent implementation, tungstenite: its client
//! against our server, and our client against its server.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::thread;

use common::server;
use tungstenite::{Message, connect};

#[test]
fn tungstenite_client_against_our_server() {
    let s = server(&[]);
    let (mut ws, response) = connect(format!("ws://{}/echo", s.addr())).expect("handshake");
    assert_eq!(response.status(), 101);
    ws.send(Message::text("hello from tungstenite")).unwrap();
    assert_eq!(ws.read().unwrap(), Message::text("hello from tungstenite"));
    let big: Vec<u8> = (0..200_000u32).map(|i| i as u8).collect();
    ws.send(Message::binary(big.clone())).unwrap();
    assert_eq!(ws.read().unwrap(), Message::binary(big));
    ws.send(Message::Ping(b"p".to_vec().into())).unwrap();
    assert_eq!(ws.read().unwrap(), Message::Pong(b"p".to_vec().into()));
    ws.close(None).unwrap();
    // Our Close comes back; then tungstenite reports the connection closed.
    loop {
        match ws.read() {
            Ok(Message::Close(_)) => {}
            Ok(other) => panic!("unexpected {other:?}"),
            Err(tungstenite::Error::ConnectionClosed) => break,
            Err(e) => panic!("{e}"),
        }
    }
}

#[test]
fn our_client_against_a_tungstenite_server() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(Some(common::TIMEOUT)).unwrap();
        // tungstenite's server rejects unmasked client frames: ours are masked.
        let mut ws = tungstenite::accept(stream).expect("tungstenite accepts our handshake");
        let mut seen = Vec::new();
        loop {
            match ws.read() {
                Ok(Message::Text(t)) => {
                    seen.push(t.to_string());
                    ws.send(Message::text(format!("echo: {t}"))).unwrap();
                    ws.send(Message::binary(vec![0xde, 0xad])).unwrap();
                }
                Ok(Message::Close(_)) => {}
                Ok(_) => {}
                Err(tungstenite::Error::ConnectionClosed) => break,
                Err(e) => panic!("tungstenite server: {e}"),
            }
        }
        seen
    });
    let mut child = Command::new(env!("CARGO_BIN_EXE_ch10-client"))
        .arg(format!("ws://{addr}/"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "hi there").unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert_eq!(line, "echo: hi there\n");
    line.clear();
    out.read_line(&mut line).unwrap();
    assert_eq!(line, "[binary, 2 bytes: de ad]\n");
    drop(stdin); // EOF: Close 1000, tungstenite answers and closes
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
    assert_eq!(server.join().unwrap(), ["hi there"]);
}

/// A stand-in for Autobahn's fuzzingserver, on tungstenite: `/getCaseCount`
/// answers "2", each `/runCase` sends two messages and expects them echoed,
/// `/updateReports` just closes. Returns the paths it saw and the echoes.
// tungstenite's handshake callback returns its (large) error response type.
#[allow(clippy::result_large_err)]
fn fake_fuzzingserver(listener: TcpListener) -> Vec<String> {
    let mut log = Vec::new();
    for _ in 0..4 {
        let (stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(Some(common::TIMEOUT)).unwrap();
        let mut path = String::new();
        let mut ws = tungstenite::accept_hdr(
            stream,
            |req: &tungstenite::handshake::server::Request,
             resp: tungstenite::handshake::server::Response| {
                path = req.uri().to_string();
                Ok(resp)
            },
        )
        .unwrap();
        log.push(path.clone());
        if path.starts_with("/getCaseCount") {
            ws.send(Message::text("2")).unwrap();
        } else if path.starts_with("/runCase") {
            ws.send(Message::text(format!("text for {path}"))).unwrap();
            ws.send(Message::binary(vec![1, 2, 3])).unwrap();
            for _ in 0..2 {
                match ws.read().unwrap() {
                    Message::Text(t) => log.push(format!("echo {t}")),
                    Message::Binary(b) => log.push(format!("echo {b:?}")),
                    other => panic!("unexpected {other:?}"),
                }
            }
        }
        ws.close(None).unwrap();
        // Read until the client's Close answer, then drop (the server closes TCP).
        while ws.read().is_ok() {}
    }
    log
}

#[test]
fn the_autobahn_client_flow_runs_every_case_in_echo_mode() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = thread::spawn(move || fake_fuzzingserver(listener));
    let status = Command::new(env!("CARGO_BIN_EXE_ch10-client"))
        .args(["--autobahn", &format!("ws://{addr}")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{status}");
    let log = server.join().unwrap();
    assert_eq!(
        log,
        [
            "/getCaseCount",
            "/runCase?case=1&agent=ch10",
            "echo text for /runCase?case=1&agent=ch10",
            "echo b\"\\x01\\x02\\x03\"",
            "/runCase?case=2&agent=ch10",
            "echo text for /runCase?case=2&agent=ch10",
            "echo b\"\\x01\\x02\\x03\"",
            "/updateReports?agent=ch10",
        ]
    );
}

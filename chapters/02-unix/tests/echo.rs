//! The echo over a Unix socket, with the built binaries.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::Shutdown;
use std::thread;

use ch01_tcp::testing::Server;
use common::{CLIENT, SERVER, TempDir, connect, echo_once, run, s};

#[test]
fn echo_round_trip_and_the_ready_line() {
    let dir = TempDir::new();
    let path = dir.join("echo.sock");
    let server = Server::start(SERVER, &["--addr", s(&path)]).unwrap();
    assert_eq!(server.url, format!("unix:{}", path.display()));
    assert_eq!(echo_once(&path, b"hello\n"), b"hello\n");
    // A second client after the first: the server keeps serving.
    assert_eq!(echo_once(&path, b"again\n"), b"again\n");
}

#[test]
fn a_byte_at_a_time_and_a_large_message() {
    let dir = TempDir::new();
    let path = dir.join("big.sock");
    let _server = Server::start(SERVER, &["--addr", s(&path)]).unwrap();

    let mut stream = connect(&path);
    let mut back = [0u8; 1];
    for b in b"bytes" {
        stream.write_all(&[*b]).unwrap();
        stream.read_exact(&mut back).unwrap();
        assert_eq!(back[0], *b);
    }
    drop(stream);

    // 1 MiB: far more than the socket buffers hold, so we must read while writing.
    let msg: Vec<u8> = (0..1 << 20).map(|i: u32| (i % 251) as u8).collect();
    let stream = connect(&path);
    let mut reader = stream.try_clone().unwrap();
    let reading = thread::spawn(move || {
        let mut v = Vec::new();
        reader.read_to_end(&mut v).map(|_| v)
    });
    (&stream).write_all(&msg).unwrap();
    stream.shutdown(Shutdown::Write).unwrap();
    let back = reading.join().unwrap().expect("read the echo");
    assert_eq!(back.len(), msg.len());
    assert!(back == msg, "the echo differs from the message");
}

#[test]
fn the_client_binary_echoes_stdin() {
    let dir = TempDir::new();
    let path = dir.join("cli.sock");
    let _server = Server::start(SERVER, &["--addr", s(&path)]).unwrap();
    let out = run(
        CLIENT,
        &["--addr", &format!("unix:{}", path.display())],
        b"one\ntwo\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, b"one\ntwo\n");
    let err = String::from_utf8_lossy(&out.stderr);
    // A client socket has no name: only the server's end has a path.
    assert!(
        err.contains("local (unnamed)") && err.contains(&format!("peer unix:{}", path.display())),
        "{err}"
    );
}

#[test]
fn the_client_explains_a_missing_server() {
    let dir = TempDir::new();
    let out = run(CLIENT, &["--addr", s(&dir.join("nobody.sock"))], b"");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is ch02-server running?"), "{err}");
}

#[test]
fn trace_shows_the_bytes() {
    let dir = TempDir::new();
    let path = dir.join("trace.sock");
    let server = Server::start(SERVER, &["--addr", s(&path), "--trace"]).unwrap();
    assert_eq!(echo_once(&path, b"hi there\n"), b"hi there\n");
    let mut seen = String::new();
    common::eventually("the trace lines", || {
        seen.push_str(&server.stderr_so_far());
        seen.contains("-- unix#1  peer closed")
    });
    assert!(
        seen.contains(r#"<- unix#1  9 bytes   "hi there\n""#),
        "{seen}"
    );
    assert!(
        seen.contains(r#"-> unix#1  9 bytes   "hi there\n""#),
        "{seen}"
    );
}

#[test]
fn abrupt_disconnects_leave_the_server_serving() {
    let dir = TempDir::new();
    let path = dir.join("abrupt.sock");
    let mut server = Server::start(SERVER, &["--addr", s(&path)]).unwrap();

    // Connect and vanish without a byte.
    drop(connect(&path));
    // Send a lot and close without reading the echo: the server's writes fail
    // (EPIPE) or its next read does (ECONNRESET), and that connection ends.
    let mut stream = connect(&path);
    let chunk = vec![b'x'; 16 * 1024]; // 64 KiB in all: fits the socket buffers
    for _ in 0..4 {
        match stream.write_all(&chunk) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::BrokenPipe => break,
            Err(e) => panic!("unexpected write error {e}"),
        }
    }
    drop(stream);
    // Half a message, then gone.
    let mut stream = connect(&path);
    stream.write_all(b"half a mess").unwrap();
    drop(stream);

    assert_eq!(echo_once(&path, b"still here\n"), b"still here\n");
    assert!(server.is_running());
    let mut log = String::new();
    common::eventually("four connections logged", || {
        log.push_str(&server.stderr_so_far());
        log.contains("unix#4: closed") && log.contains("unix#1: closed")
    });
    assert!(
        log.contains("unix#1: closed after echoing 0 bytes"),
        "{log}"
    );
}

#[test]
fn help_and_unknown_options() {
    for bin in [SERVER, CLIENT] {
        let out = run(bin, &["--help"], b"");
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Unix"), "{text}");
        assert!(text.lines().count() < 30, "--help fits one screen");
        let out = run(bin, &["--adr", "x"], b"");
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("--adr"));
    }
}

//! End to end: start the built `ch01-server` on a free port and talk to it over
//! real loopback sockets.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use ch01_tcp::testing::Server;

/// No single socket operation in these tests may take longer than this.
const PATIENCE: Duration = Duration::from_secs(10);

fn server(extra: &[&str]) -> Server {
    let mut args = vec!["--addr", "127.0.0.1:0"];
    args.extend_from_slice(extra);
    Server::start(env!("CARGO_BIN_EXE_ch01-server"), &args).expect("server starts")
}

fn connect(server: &Server) -> TcpStream {
    let s = TcpStream::connect(server.addr()).expect("connect");
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    s.set_write_timeout(Some(PATIENCE)).unwrap();
    s
}

/// Reads exactly `len` bytes, however they are split, within PATIENCE overall.
fn read_n(s: &mut TcpStream, len: usize) -> Vec<u8> {
    let deadline = Instant::now() + PATIENCE;
    let mut got = vec![0u8; len];
    let mut filled = 0;
    while filled < len {
        assert!(
            Instant::now() < deadline,
            "only {filled} of {len} bytes came back"
        );
        match s.read(&mut got[filled..]) {
            Ok(0) => panic!("EOF after {filled} of {len} bytes"),
            Ok(n) => filled += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => panic!("read failed after {filled} of {len} bytes: {e}"),
        }
    }
    got
}

/// Reads until EOF (bounded by PATIENCE and a size cap).
fn read_to_eof(s: &mut TcpStream, cap: usize) -> Vec<u8> {
    let deadline = Instant::now() + PATIENCE;
    let mut all = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        assert!(Instant::now() < deadline, "no EOF within {PATIENCE:?}");
        match s.read(&mut buf) {
            Ok(0) => return all,
            Ok(n) => all.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => panic!("read failed after {} bytes: {e}", all.len()),
        }
        assert!(all.len() <= cap, "more than {cap} bytes came back");
    }
}

#[test]
fn ready_line_names_a_real_tcp_port() {
    let s = server(&[]);
    assert!(s.url.starts_with("tcp://127.0.0.1:"), "{}", s.url);
    assert!(
        !s.url.ends_with(":0"),
        "port 0 must be replaced by the real port"
    );
}

#[test]
fn echo_round_trip() {
    let s = server(&[]);
    let mut c = connect(&s);
    c.write_all(b"hello\n").unwrap();
    assert_eq!(read_n(&mut c, 6), b"hello\n");
    // The same connection keeps echoing.
    c.write_all(b"again").unwrap();
    assert_eq!(read_n(&mut c, 5), b"again");
}

#[test]
fn a_message_sent_one_byte_at_a_time() {
    let s = server(&[]);
    let mut c = connect(&s);
    c.set_nodelay(true).unwrap(); // so each byte really leaves as its own segment
    let msg = b"one byte at a time, each its own write";
    for b in msg {
        c.write_all(&[*b]).unwrap();
    }
    assert_eq!(read_n(&mut c, msg.len()), msg);
}

#[test]
fn a_large_message_with_the_client_reading_concurrently() {
    // 4 MiB: far more than the socket buffers on both sides hold, so if nobody
    // read while we wrote, everything would stall.
    const SIZE: usize = 4 << 20;
    let s = server(&[]);
    let c = connect(&s);
    let msg: Vec<u8> = (0..SIZE).map(|i| (i * 7 % 251) as u8).collect();
    let mut writer = c.try_clone().unwrap();
    let to_send = msg.clone();
    let sender = thread::spawn(move || {
        // Many writes of odd sizes, as a real program would.
        for chunk in to_send.chunks(65_537) {
            writer.write_all(chunk).unwrap();
        }
        writer.shutdown(Shutdown::Write).unwrap();
    });
    let mut reader = c;
    let got = read_to_eof(&mut reader, SIZE);
    sender.join().expect("sender thread");
    assert_eq!(got.len(), SIZE);
    assert!(got == msg, "the echo differs from what was sent");
}

#[test]
fn half_close_gives_back_everything_then_eof() {
    let s = server(&[]);
    let mut c = connect(&s);
    c.write_all(b"first ").unwrap();
    c.write_all(b"second").unwrap();
    // Our FIN: we will send nothing more, but can still read.
    c.shutdown(Shutdown::Write).unwrap();
    assert_eq!(read_to_eof(&mut c, 1024), b"first second");
    // Still EOF when asked again: end of stream is for good.
    assert_eq!(c.read(&mut [0u8; 16]).unwrap(), 0);
    let log = s.stderr_so_far();
    assert!(
        log.contains("closed after echoing 12 bytes"),
        "server log: {log}"
    );
}

#[test]
fn abrupt_disconnects_leave_the_server_serving() {
    let mut s = server(&[]);
    // 1. Connect and drop without a word.
    drop(connect(&s));
    // 2. Send half a message and reset: closing a socket with unread data in
    //    its receive buffer makes Linux send RST instead of FIN (RFC 9293 §3.6.1).
    {
        let mut c = connect(&s);
        c.write_all(&[b'x'; 100_000]).unwrap();
        thread::sleep(Duration::from_millis(50)); // let some echo arrive unread
    }
    // 3. A client that goes away while the server is still writing to it.
    {
        let mut c = connect(&s);
        c.write_all(&[b'y'; 300_000]).unwrap_or_default();
        c.shutdown(Shutdown::Both).unwrap_or_default();
    }
    // The next client is served as if nothing happened.
    let mut c = connect(&s);
    c.write_all(b"still there?").unwrap();
    assert_eq!(read_n(&mut c, 12), b"still there?");
    assert!(s.is_running(), "the server exited");
}

#[test]
fn an_idle_client_does_not_block_the_next_one() {
    let s = server(&[]);
    let _idle = connect(&s); // connected, says nothing
    let mut c = connect(&s);
    c.write_all(b"me too").unwrap();
    assert_eq!(read_n(&mut c, 6), b"me too");
}

#[test]
fn clients_over_the_limit_are_closed() {
    let s = server(&["--max-clients", "1"]);
    let mut first = connect(&s);
    first.write_all(b"a").unwrap();
    assert_eq!(read_n(&mut first, 1), b"a"); // now surely accepted and counted
    let mut second = connect(&s);
    // The kernel completed the handshake, then the server closed at once.
    let mut buf = [0u8; 8];
    match second.read(&mut buf) {
        Ok(0) => {}
        Err(e) if e.kind() == ErrorKind::ConnectionReset => {}
        other => panic!("expected the second client to be closed, got {other:?}"),
    }
    // The first is unaffected.
    first.write_all(b"b").unwrap();
    assert_eq!(read_n(&mut first, 1), b"b");
}

#[test]
fn trace_shows_the_bytes() {
    let s = server(&["--trace"]);
    let mut c = connect(&s);
    let me = c.local_addr().unwrap();
    c.write_all(b"hi\n").unwrap();
    c.shutdown(Shutdown::Write).unwrap();
    assert_eq!(read_to_eof(&mut c, 64), b"hi\n");
    // The server logs before closing, so by EOF its trace is written.
    let log = s.stderr_so_far();
    assert!(
        log.contains(&format!("<- {me}  3 bytes   \"hi\\n\"")),
        "{log}"
    );
    assert!(
        log.contains(&format!("-> {me}  3 bytes   \"hi\\n\"")),
        "{log}"
    );
    assert!(log.contains("read returned 0"), "{log}");
}

#[test]
fn a_silent_client_is_closed_after_the_idle_timeout() {
    let s = server(&["--idle-timeout", "1"]);
    let mut c = connect(&s);
    c.write_all(b"then silence").unwrap();
    assert_eq!(read_n(&mut c, 12), b"then silence");
    // We say nothing more; the server gives up on us and closes (PATIENCE bounds the wait).
    assert_eq!(read_to_eof(&mut c, 0), b"");
    let log = s.stderr_so_far();
    assert!(
        log.contains("sent nothing for too long"),
        "server log: {log}"
    );
}

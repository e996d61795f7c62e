//! A big static file, end to end: it arrives byte for byte, HEAD sends only
//! its length, clients that stop reading cost the server a bounded amount of
//! memory (not a copy of the file each), and a file that shrinks while it is
//! sent is cut off, never padded. Shared by `ch06-server` (threads) and
//! `ch07-server` (the event loop): each crate's test calls these with its own
//! `server` starter.
#![allow(dead_code)] // each test file uses a different part

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::{PATIENCE, Server, connect, read_response};

pub use ch06_http_server::testing::{Root, vm_rss};

/// `len` bytes that do not repeat in short cycles (xorshift), so a piece sent
/// twice or in the wrong place would not go unnoticed.
pub fn contents(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

const MIB: u64 = 1024 * 1024;
/// ch07-server's default `--max-write-queue` (ch06 has no queue: it holds one piece).
const MAX_WRITE_QUEUE: u64 = 256 * 1024;

fn get(path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").into_bytes()
}

/// 10 clients ask for a 16 MiB file and read nothing: the server's RSS grows
/// by far less than one copy of the file each. Meanwhile another client gets
/// the file whole, and HEAD gets its length only.
pub fn a_big_file_streams_with_bounded_memory(start: fn(&[&str]) -> Server) {
    const LEN: usize = 16 * 1024 * 1024;
    const SLOW: usize = 10;
    let root = Root::new("rss");
    let bytes = contents(LEN);
    std::fs::write(root.path().join("big.bin"), &bytes).unwrap();
    // A long timeout: the stalled clients must not be cut off by the write timeout.
    let s = start(&["--root", root.arg(), "--read-timeout", "60"]);

    // HEAD: the length, no body; then a GET on the same connection proves that
    // no body bytes followed the HEAD answer.
    let mut c = connect(&s);
    c.write_all(b"HEAD /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut buf = Vec::new();
    let head = read_response(&mut c, &mut buf, true);
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), Some(&*LEN.to_string()));
    c.write_all(&get("/big.bin")).unwrap();
    let full = read_response(&mut c, &mut buf, false);
    assert!(full.body == bytes, "the body differs from the file");
    assert!(buf.is_empty(), "bytes after the response: {}", buf.len());
    drop(c);

    let before = vm_rss(s.pid());
    let mut slow: Vec<TcpStream> = (0..SLOW).map(|_| connect(&s)).collect();
    for c in &mut slow {
        c.write_all(&get("/big.bin")).unwrap();
    }
    // Let the server fill the sockets' buffers and get stuck on each.
    std::thread::sleep(Duration::from_millis(1500));
    // An honest client is served meanwhile, byte for byte.
    let mut c = connect(&s);
    c.write_all(&get("/big.bin")).unwrap();
    let r = read_response(&mut c, &mut Vec::new(), false);
    assert!(r.body == bytes, "the body differs from the file");
    drop(c);
    std::thread::sleep(Duration::from_millis(300));
    let after = vm_rss(s.pid());
    let growth = after.saturating_sub(before);
    let bound = SLOW as u64 * (MAX_WRITE_QUEUE + MIB);
    eprintln!(
        "RSS before {} KiB, with {SLOW} stalled readers {} KiB: +{} KiB (bound {} KiB)",
        before / 1024,
        after / 1024,
        growth / 1024,
        bound / 1024
    );
    assert!(
        growth < bound,
        "{SLOW} stalled readers of a {} MiB file grew RSS by {} KiB (bound {} KiB)",
        LEN as u64 / MIB,
        growth / 1024,
        bound / 1024
    );
    // A stalled client that starts reading gets the whole file.
    let r = read_response(&mut slow[0], &mut Vec::new(), false);
    assert!(r.body == bytes, "the resumed body differs from the file");
}

/// A 32 MiB file is truncated while a client that stopped reading is being
/// sent it: the server must cut the connection (Content-Length promised 32 MiB)
/// and say so in its trace; what did arrive is a true prefix of the file.
pub fn a_file_that_shrinks_mid_body_is_cut_off(start: fn(&[&str]) -> Server, trace_says: &str) {
    const LEN: usize = 32 * 1024 * 1024;
    let root = Root::new("shrink");
    let bytes = contents(LEN);
    let name = root.path().join("big.bin");
    std::fs::write(&name, &bytes).unwrap();
    let s = start(&["--root", root.arg(), "--read-timeout", "60", "--trace"]);
    let mut c = connect(&s);
    c.write_all(&get("/big.bin")).unwrap();
    let mut got = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    // The head first, so the file is truncated only after the length was sent.
    let until = Instant::now() + PATIENCE;
    while !got.windows(4).any(|w| w == b"\r\n\r\n") {
        assert!(Instant::now() < until, "no response head");
        let n = c.read(&mut chunk).expect("a response head");
        assert!(n > 0, "EOF before a response head");
        got.extend_from_slice(&chunk[..n]);
    }
    // Now read nothing: the server fills the socket buffers (a few MiB) and waits.
    std::thread::sleep(Duration::from_millis(500));
    std::fs::OpenOptions::new()
        .write(true)
        .open(&name)
        .unwrap()
        .set_len(MIB)
        .unwrap();
    // Read everything until the server closes: bounded by PATIENCE.
    let until = Instant::now() + PATIENCE;
    loop {
        assert!(
            Instant::now() < until,
            "the server neither finished nor closed"
        );
        match c.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => break,
            Err(e) => panic!("read: {e}"),
        }
    }
    let end = got
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head")
        + 4;
    let head = String::from_utf8_lossy(&got[..end]);
    assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
    assert!(
        head.contains(&format!("Content-Length: {LEN}\r\n")),
        "{head}"
    );
    let body = &got[end..];
    assert!(
        body.len() < LEN,
        "the whole length arrived from a truncated file (padded?)"
    );
    assert!(
        body == &bytes[..body.len()],
        "the body is not a prefix of the file"
    );
    let mut trace = String::new();
    let until = Instant::now() + PATIENCE;
    while !trace.contains(trace_says) {
        assert!(
            Instant::now() < until,
            "no {trace_says:?} in the trace: {}",
            trace
                .lines()
                .filter(|l| !l.contains("body "))
                .collect::<Vec<_>>()
                .join("\n")
        );
        trace.push_str(&s.stderr_so_far());
    }
}

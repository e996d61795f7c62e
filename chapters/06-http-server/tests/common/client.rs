//! An HTTP client for tests, built on an independent parser (httparse), so a
//! test of our server never trusts our own parser. Shared by the end-to-end
//! tests of chapter 6 (`ch06-server`, threads) and chapter 7 (`ch07-server`,
//! the event loop), which include this file with `#[path]`: one copy, two
//! servers held to the same checks.
#![allow(dead_code)] // each test file uses a different part

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use ch01_tcp::testing::Server;

/// No single test waits longer than this for bytes.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// A connection to `server` with a bounded read timeout.
pub fn connect(server: &Server) -> TcpStream {
    let s = TcpStream::connect(server.addr()).expect("connect");
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    s
}

/// One response, as httparse saw it.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The body's framing on the wire, before de-chunking.
    pub raw_body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Reads more bytes into `buf`; false at EOF. Panics on timeout.
fn fill(stream: &mut TcpStream, buf: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 8192];
    match stream.read(&mut chunk) {
        Ok(0) => false,
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            true
        }
        Err(e) if e.kind() == ErrorKind::ConnectionReset => false,
        Err(e) => panic!(
            "reading a response: {e} (so far: {:?})",
            String::from_utf8_lossy(buf)
        ),
    }
}

/// Reads one response from `stream` (bytes already read are in `buf`; leftovers
/// stay there). `head_only` for the answer to HEAD. Skips 1xx interim responses.
pub fn read_response(stream: &mut TcpStream, buf: &mut Vec<u8>, head_only: bool) -> Resp {
    loop {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut parsed = httparse::Response::new(&mut headers);
        match parsed.parse(buf).expect("a valid response head") {
            httparse::Status::Complete(len) => {
                let status = parsed.code.unwrap();
                let headers: Vec<(String, String)> = parsed
                    .headers
                    .iter()
                    .map(|h| {
                        (
                            h.name.to_string(),
                            String::from_utf8_lossy(h.value).into_owned(),
                        )
                    })
                    .collect();
                buf.drain(..len);
                if (100..200).contains(&status) {
                    continue;
                }
                let mut resp = Resp {
                    status,
                    headers,
                    body: Vec::new(),
                    raw_body: Vec::new(),
                };
                if head_only || status == 204 || status == 304 {
                    return resp;
                }
                read_body(stream, buf, &mut resp);
                return resp;
            }
            httparse::Status::Partial => {
                assert!(
                    fill(stream, buf),
                    "EOF before a complete response head: {buf:?}"
                );
            }
        }
    }
}

fn read_body(stream: &mut TcpStream, buf: &mut Vec<u8>, resp: &mut Resp) {
    if let Some(len) = resp.header("content-length") {
        let len: usize = len.parse().expect("a numeric Content-Length");
        while buf.len() < len {
            assert!(fill(stream, buf), "EOF inside a Content-Length body");
        }
        resp.body = buf.drain(..len).collect();
        resp.raw_body = resp.body.clone();
    } else if resp
        .header("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        // A chunked body, decoded by hand here (the server's own decoder is not
        // what we want to trust in a test of the server).
        loop {
            let line_end = loop {
                if let Some(i) = buf.windows(2).position(|w| w == b"\r\n") {
                    break i;
                }
                assert!(fill(stream, buf), "EOF inside chunked framing");
            };
            let size = usize::from_str_radix(std::str::from_utf8(&buf[..line_end]).unwrap(), 16)
                .expect("a hex chunk size");
            while buf.len() < line_end + 2 + size + 2 {
                assert!(fill(stream, buf), "EOF inside a chunk");
            }
            let chunk: Vec<u8> = buf.drain(..line_end + 2 + size + 2).collect();
            assert!(chunk.ends_with(b"\r\n"), "chunk data must end in CRLF");
            resp.body
                .extend_from_slice(&chunk[line_end + 2..line_end + 2 + size]);
            resp.raw_body.extend_from_slice(&chunk);
            if size == 0 {
                return; // no trailers from our server
            }
        }
    } else {
        // Close-delimited (RFC 9112 §6.3 item 8).
        while fill(stream, buf) {}
        resp.body = std::mem::take(buf);
        resp.raw_body = resp.body.clone();
    }
}

/// Sends `raw` on a new connection and reads one response.
pub fn roundtrip(server: &Server, raw: &[u8]) -> Resp {
    let mut s = connect(server);
    s.write_all(raw).unwrap();
    read_response(&mut s, &mut Vec::new(), raw.starts_with(b"HEAD "))
}

/// Whether the server closes `stream` within PATIENCE (EOF or reset), reading
/// and discarding anything else it sends.
pub fn closes(stream: &mut TcpStream) -> bool {
    let until = Instant::now() + PATIENCE;
    let mut sink = [0u8; 4096];
    while Instant::now() < until {
        match stream.read(&mut sink) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return false;
            }
            Err(_) => return true,
        }
    }
    false
}

/// Polls `cond` until it holds, for at most PATIENCE.
pub fn eventually(what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(
            start.elapsed() < PATIENCE,
            "{what}: not within {PATIENCE:?}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

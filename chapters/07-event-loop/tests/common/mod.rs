//! Shared by the HTTP tests: start `ch07-server`, send raw bytes, read
//! responses with an independent parser (httparse).
#![allow(dead_code)] // each test file uses a different part

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

pub use ch01_tcp::testing::Server;

/// No single test waits longer than this for bytes.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// Starts the built `ch07-server` on a free port with extra `args`.
pub fn server(args: &[&str]) -> Server {
    let mut all = vec!["--addr", "127.0.0.1:0"];
    all.extend_from_slice(args);
    Server::start(env!("CARGO_BIN_EXE_ch07-server"), &all).expect("ch07-server starts")
}

/// A connection with a bounded read timeout.
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

/// Reads more bytes into `buf`; false at EOF or reset.
fn fill(stream: &mut TcpStream, buf: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 16384];
    match stream.read(&mut chunk) {
        Ok(0) => false,
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            true
        }
        Err(e) if e.kind() == ErrorKind::ConnectionReset => false,
        Err(e) => panic!("reading: {e} (so far: {:?})", String::from_utf8_lossy(buf)),
    }
}

/// Reads one response (leftovers stay in `buf`). Skips 1xx interim responses.
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
                    .map(|h| (h.name.to_string(), String::from_utf8_lossy(h.value).into()))
                    .collect();
                buf.drain(..len);
                if (100..200).contains(&status) {
                    continue;
                }
                let mut resp = Resp {
                    status,
                    headers,
                    body: Vec::new(),
                };
                if !head_only && status != 204 && status != 304 {
                    read_body(stream, buf, &mut resp);
                }
                return resp;
            }
            httparse::Status::Partial => {
                assert!(fill(stream, buf), "EOF before a response head: {buf:?}");
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
    } else if resp.header("transfer-encoding") == Some("chunked") {
        loop {
            let line_end = loop {
                if let Some(i) = buf.windows(2).position(|w| w == b"\r\n") {
                    break i;
                }
                assert!(fill(stream, buf), "EOF inside chunked framing");
            };
            let size = usize::from_str_radix(std::str::from_utf8(&buf[..line_end]).unwrap(), 16)
                .expect("a hex chunk size");
            while buf.len() < line_end + 4 + size {
                assert!(fill(stream, buf), "EOF inside a chunk");
            }
            let chunk: Vec<u8> = buf.drain(..line_end + 4 + size).collect();
            resp.body
                .extend_from_slice(&chunk[line_end + 2..line_end + 2 + size]);
            if size == 0 {
                return;
            }
        }
    } else {
        while fill(stream, buf) {}
        resp.body = std::mem::take(buf);
    }
}

/// Sends `raw` on a new connection and reads one response.
pub fn roundtrip(server: &Server, raw: &[u8]) -> Resp {
    let mut s = connect(server);
    s.write_all(raw).unwrap();
    read_response(&mut s, &mut Vec::new(), raw.starts_with(b"HEAD "))
}

/// Whether the server closes `stream` within PATIENCE, discarding what it sends.
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

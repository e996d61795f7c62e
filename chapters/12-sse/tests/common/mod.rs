//! Helpers for the end-to-end tests: a raw event-stream reader that keeps the
//! exact bytes, publishing over HTTP, and a `ch12-client` process guard.
#![allow(dead_code)] // each test file uses some of these

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use ch01_tcp::testing::Server;
use ch05_http_parser::ChunkedDecoder;

/// Starts `ch12-server` on a free port with `extra` flags.
pub fn server(extra: &[&str]) -> Server {
    let mut args = vec!["--addr", "127.0.0.1:0"];
    args.extend_from_slice(extra);
    Server::start(env!("CARGO_BIN_EXE_ch12-server"), &args).expect("ch12-server starts")
}

/// One request on a fresh connection (`Connection: close`); returns status and body.
pub fn request(addr: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).expect("a whole response");
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

/// `POST /publish`, returning the new id.
pub fn publish(addr: &str, msg: &str) -> u64 {
    let (status, body) = request(addr, "POST", "/publish", msg);
    assert_eq!(status, 200, "{body}");
    let id = body
        .trim()
        .strip_prefix("{\"id\":")
        .and_then(|r| r.strip_suffix('}'))
        .unwrap_or_else(|| panic!("not {{\"id\":N}}: {body}"));
    id.parse().unwrap()
}

/// An open event stream read as raw bytes: the head, and the de-chunked body.
pub struct RawStream {
    pub stream: TcpStream,
    pub head: String,
    /// Body bytes after chunked decoding (or as is, for HTTP/1.0).
    pub body: Vec<u8>,
    decoder: Option<ChunkedDecoder>,
    pending: Vec<u8>,
}

impl RawStream {
    /// Sends `GET path` with `headers` (each `Name: value`) and reads the head.
    pub fn open(addr: &str, path: &str, headers: &[&str]) -> RawStream {
        RawStream::open_version(addr, path, headers, "HTTP/1.1")
    }

    /// Like [`open`](Self::open) with a chosen HTTP version.
    pub fn open_version(addr: &str, path: &str, headers: &[&str], version: &str) -> RawStream {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let mut req =
            format!("GET {path} {version}\r\nHost: {addr}\r\nAccept: text/event-stream\r\n");
        for h in headers {
            req.push_str(h);
            req.push_str("\r\n");
        }
        req.push_str("\r\n");
        stream.write_all(req.as_bytes()).unwrap();
        let mut raw = RawStream {
            stream,
            head: String::new(),
            body: Vec::new(),
            decoder: None,
            pending: Vec::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while !raw.pending.windows(4).any(|w| w == b"\r\n\r\n") {
            assert!(Instant::now() < deadline, "no response head");
            if !raw.read_some() {
                panic!(
                    "closed before the head: {:?}",
                    String::from_utf8_lossy(&raw.pending)
                );
            }
        }
        let end = raw
            .pending
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap()
            + 4;
        raw.head = String::from_utf8_lossy(&raw.pending[..end]).into_owned();
        raw.pending.drain(..end);
        if raw
            .head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            raw.decoder = Some(ChunkedDecoder::new());
        }
        raw.decode();
        raw
    }

    /// One read; false on EOF. A timeout is not an error (returns true).
    fn read_some(&mut self) -> bool {
        let mut buf = [0u8; 16 * 1024];
        match self.stream.read(&mut buf) {
            Ok(0) => false,
            Ok(n) => {
                self.pending.extend_from_slice(&buf[..n]);
                true
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => true,
            Err(e) => panic!("reading the stream: {e}"),
        }
    }

    fn decode(&mut self) {
        match &mut self.decoder {
            Some(dec) => {
                let d = dec
                    .decode(&self.pending, &mut self.body)
                    .expect("valid chunked framing");
                self.pending.drain(..d.consumed);
            }
            None => self.body.append(&mut self.pending),
        }
    }

    /// The body as text so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Reads until the body contains `needle` (searching only new bytes: fast
    /// on megabytes of stream). Returns false if the connection closed first.
    pub fn read_until_bytes(&mut self, limit: Duration, needle: &[u8]) -> bool {
        let deadline = Instant::now() + limit;
        let mut from = 0;
        loop {
            if self.body[from..].windows(needle.len()).any(|w| w == needle) {
                return true;
            }
            from = self.body.len().saturating_sub(needle.len());
            assert!(
                Instant::now() < deadline,
                "timed out after {} bytes",
                self.body.len()
            );
            let open = self.read_some();
            self.decode();
            if !open {
                return self.body[from..].windows(needle.len()).any(|w| w == needle);
            }
        }
    }

    /// Reads until the body text satisfies `done`, or panics after `limit`.
    /// Returns false if the connection closed first.
    pub fn read_until(&mut self, limit: Duration, done: impl Fn(&str) -> bool) -> bool {
        let deadline = Instant::now() + limit;
        loop {
            if done(&self.text()) {
                return true;
            }
            assert!(
                Instant::now() < deadline,
                "timed out; the stream so far: {:?}",
                self.text()
            );
            if !self.read_some() {
                self.decode();
                return done(&self.text());
            }
            self.decode();
        }
    }
}

/// A running `ch12-client`, killed on drop; its stdout lines arrive on a channel.
pub struct ClientProc {
    child: Child,
    lines: mpsc::Receiver<String>,
    /// stderr, read by a thread as it comes (a full pipe would stall the client).
    stderr: Arc<Mutex<String>>,
}

impl ClientProc {
    /// Starts `ch12-client` with `args`.
    pub fn start(args: &[&str]) -> ClientProc {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ch12-client"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("ch12-client starts");
        let stdout = child.stdout.take().unwrap();
        let mut err_pipe = child.stderr.take().unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err_pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        ClientProc {
            child,
            lines,
            stderr,
        }
    }

    /// The next stdout line, waiting at most `limit`.
    pub fn line(&self, limit: Duration) -> Option<String> {
        self.lines.recv_timeout(limit).ok()
    }

    /// Waits (at most `limit`) for the process to exit; its status code and stderr.
    pub fn wait(mut self, limit: Duration) -> (Option<i32>, String) {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread take the last bytes.
                std::thread::sleep(Duration::from_millis(50));
                return (status.code(), self.stderr());
            }
            assert!(
                Instant::now() < deadline,
                "ch12-client did not exit in {limit:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// What the client wrote to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Every line received so far (without waiting).
    pub fn drain(&self) -> Vec<String> {
        self.lines.try_iter().collect()
    }
}

impl Drop for ClientProc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

//! One HTTP/1.1 request and its response over a kept-alive connection, blocking.
//!
//! Just what a polling client needs: send a GET, read the head (chapter 5's
//! response parser, which tests/response_oracle.rs there checks against
//! httparse), read the body as chapter 5's `Response::body_kind` frames it
//! (`Content-Length`, chunked coding with chapter 5's decoder, or the end of the
//! connection; none at all for HEAD, 1xx, 204 and 304), and keep the connection
//! for the next request when both sides allow it. Every size a server controls
//! is limited.

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use ch01_tcp::trace::Trace;
use ch05_http_parser::{
    ChunkedDecoder, EMPTY_HEADER, Limits, ResponseBodyKind, Status, parse_response,
};

/// Largest response head read.
const MAX_HEAD: usize = 16 * 1024;
/// Most header fields in a response head.
const MAX_HEADERS: usize = 64;
/// Most interim (1xx) responses skipped before the final one.
const MAX_INTERIM: usize = 16;

/// Why an exchange failed.
#[derive(Debug)]
pub enum HttpError {
    /// Connecting, writing or reading failed (refused, reset, timed out).
    Io(io::Error),
    /// The connection ended before a whole response arrived.
    Closed {
        /// Whether any byte of the response had arrived.
        mid_response: bool,
        /// Whether the connection had carried an earlier response (a kept-alive
        /// connection the server may have closed while idle: retry at once).
        reused: bool,
    },
    /// The server sent something that is not a valid response, or too much.
    Invalid(String),
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HttpError::Io(e) => write!(f, "{e}"),
            HttpError::Closed { mid_response, .. } if *mid_response => {
                f.write_str("the connection closed in the middle of a response")
            }
            HttpError::Closed { .. } => f.write_str("the connection closed before a response"),
            HttpError::Invalid(why) => write!(f, "invalid response: {why}"),
        }
    }
}

impl std::error::Error for HttpError {}

impl From<io::Error> for HttpError {
    fn from(e: io::Error) -> HttpError {
        HttpError::Io(e)
    }
}

/// A response: status, headers, whole body.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Header fields, in order.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A connection that carries one request at a time and is reused while it can be.
pub struct HttpConn {
    stream: TcpStream,
    buf: Vec<u8>,
    responses: u64,
    peer: String,
    /// For each `send` not yet answered: whether it was a HEAD, whose response
    /// has no body whatever its fields say (RFC 9112 §6.3 item 1).
    heads: VecDeque<bool>,
}

impl HttpConn {
    /// Connects to `addr` (`host:port`), giving up after `connect_timeout`;
    /// each read waits at most `read_timeout`.
    pub fn connect(
        addr: &str,
        connect_timeout: Duration,
        read_timeout: Duration,
    ) -> Result<HttpConn, HttpError> {
        let mut last = io::Error::new(ErrorKind::NotFound, format!("{addr}: no address"));
        for sa in addr.to_socket_addrs()? {
            match TcpStream::connect_timeout(&sa, connect_timeout) {
                Ok(stream) => {
                    stream.set_read_timeout(Some(read_timeout))?;
                    stream.set_write_timeout(Some(connect_timeout))?;
                    stream.set_nodelay(true)?;
                    return Ok(HttpConn {
                        stream,
                        buf: Vec::new(),
                        responses: 0,
                        peer: sa.to_string(),
                        heads: VecDeque::new(),
                    });
                }
                Err(e) => last = e,
            }
        }
        Err(HttpError::Io(last))
    }

    /// Sends `request` (a whole request, head and body) and reads the response,
    /// keeping at most `max_body` bytes of body. The `bool` says whether the
    /// connection may carry another request (neither side asked to close).
    pub fn exchange(
        &mut self,
        request: &[u8],
        max_body: usize,
        trace: &Trace,
    ) -> Result<(HttpResponse, bool), HttpError> {
        self.send(request, trace)?;
        self.receive(max_body, trace)
    }

    /// Sends a request without waiting for its answer (tests open many polls
    /// first and read the answers later). Several requests in one call are
    /// taken to be no HEAD after the first.
    pub fn send(&mut self, request: &[u8], trace: &Trace) -> Result<(), HttpError> {
        self.heads.push_back(request.starts_with(b"HEAD "));
        trace.send(&self.peer, request);
        self.stream.write_all(request)?;
        Ok(())
    }

    /// Reads the response to a request sent before; see [`HttpConn::exchange`].
    pub fn receive(
        &mut self,
        max_body: usize,
        trace: &Trace,
    ) -> Result<(HttpResponse, bool), HttpError> {
        let reused = self.responses > 0;
        let was_head = self.heads.pop_front().unwrap_or(false);
        let limits = Limits {
            max_head_bytes: MAX_HEAD,
            max_headers: MAX_HEADERS,
            ..Limits::default()
        };
        // The head: parsed again from the start of `buf` after each read.
        let mut interim = 0;
        let (mut response, keep_alive, kind) = loop {
            let mut slots = [EMPTY_HEADER; MAX_HEADERS];
            match parse_response(&self.buf, &mut slots, &limits) {
                // RFC 9110 §15.2: a client MUST be able to skip 1xx responses
                // (103 Early Hints, an unasked 100) before the final one; a 101
                // is final for us, since we never ask to upgrade.
                Ok(Status::Complete((head, len)))
                    if matches!(head.status, 100..=199) && head.status != 101 =>
                {
                    interim += 1;
                    if interim > MAX_INTERIM {
                        return Err(HttpError::Invalid("too many 1xx responses".into()));
                    }
                    self.buf.drain(..len);
                    continue;
                }
                Ok(Status::Complete((head, len))) => {
                    let kind = head
                        .body_kind(was_head)
                        .map_err(|e| HttpError::Invalid(e.to_string()))?;
                    let response = HttpResponse {
                        status: head.status,
                        headers: head
                            .headers
                            .iter()
                            .map(|h| {
                                let value = String::from_utf8_lossy(h.value).into_owned();
                                (h.name.to_string(), value)
                            })
                            .collect(),
                        body: Vec::new(),
                    };
                    let keep_alive = head.keep_alive();
                    self.buf.drain(..len);
                    break (response, keep_alive, kind);
                }
                Ok(Status::Partial) => {}
                Err(e) => return Err(HttpError::Invalid(e.to_string())),
            }
            if !self.fill(trace)? {
                return Err(HttpError::Closed {
                    mid_response: !self.buf.is_empty(),
                    reused,
                });
            }
        };
        // RFC 9112 §6.3: how the body is framed.
        match kind {
            ResponseBodyKind::None => {}
            ResponseBodyKind::Chunked => {
                let mut decoder = ChunkedDecoder::new();
                loop {
                    let decoded = decoder
                        .decode(&self.buf, &mut response.body)
                        .map_err(|e| HttpError::Invalid(e.to_string()))?;
                    self.buf.drain(..decoded.consumed);
                    if decoded.done {
                        break;
                    }
                    if response.body.len() > max_body {
                        return Err(HttpError::Invalid("body too large".into()));
                    }
                    self.more(trace)?;
                }
            }
            ResponseBodyKind::Length(n) => {
                let n = usize::try_from(n)
                    .ok()
                    .filter(|&n| n <= max_body)
                    .ok_or_else(|| HttpError::Invalid(format!("body of {n} bytes is too large")))?;
                while self.buf.len() < n {
                    self.more(trace)?;
                }
                response.body = self.buf.drain(..n).collect();
            }
            ResponseBodyKind::CloseDelimited => {
                // §6.3 item 8: the body is all until EOF.
                while self.fill(trace)? {
                    if self.buf.len() > max_body {
                        return Err(HttpError::Invalid("body too large".into()));
                    }
                }
                response.body = std::mem::take(&mut self.buf);
            }
        }
        self.responses += 1;
        let reusable = keep_alive && kind != ResponseBodyKind::CloseDelimited;
        Ok((response, reusable))
    }

    /// Reads more bytes; false at EOF.
    fn fill(&mut self, trace: &Trace) -> Result<bool, HttpError> {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match self.stream.read(&mut chunk) {
                Ok(0) => return Ok(false),
                Ok(n) => {
                    trace.recv(&self.peer, &chunk[..n]);
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(true);
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(HttpError::Io(e)),
            }
        }
    }

    /// Reads more bytes of a body; EOF is an error.
    fn more(&mut self, trace: &Trace) -> Result<(), HttpError> {
        if self.fill(trace)? {
            Ok(())
        } else {
            Err(HttpError::Closed {
                mid_response: true,
                reused: false,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;
    use std::thread;

    /// A one-connection server on loopback that reads until it has seen
    /// `requests` empty lines, writes `script`, then closes.
    fn scripted(requests: usize, script: &'static [u8]) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut seen = Vec::new();
            let mut chunk = [0u8; 1024];
            while seen.windows(4).filter(|w| w == b"\r\n\r\n").count() < requests {
                match s.read(&mut chunk) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => seen.extend_from_slice(&chunk[..n]),
                }
            }
            let _ = s.write_all(script);
        });
        addr
    }

    fn conn(addr: &str) -> HttpConn {
        let t = Duration::from_secs(5);
        HttpConn::connect(addr, t, t).unwrap()
    }

    #[test]
    fn head_1xx_and_close_delimited_framing() {
        let quiet = Trace::new(false);
        // A 103 is skipped; the HEAD's answer has a Content-Length but no body,
        // so the next response starts right after its head; the last one runs
        // to the close.
        let addr = scripted(
            3,
            b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n\
              HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi\
              HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n\
              HTTP/1.1 200 OK\r\n\r\nto the end",
        );
        let mut c = conn(&addr);
        c.send(b"GET / HTTP/1.1\r\n\r\n", &quiet).unwrap();
        c.send(b"HEAD / HTTP/1.1\r\n\r\n", &quiet).unwrap();
        c.send(b"GET / HTTP/1.1\r\n\r\n", &quiet).unwrap();
        let (r, keep) = c.receive(100, &quiet).unwrap();
        assert_eq!((r.status, r.body.as_slice(), keep), (200, &b"hi"[..], true));
        let (r, keep) = c.receive(100, &quiet).unwrap();
        assert_eq!(
            (r.header("content-length"), r.body.len(), keep),
            (Some("99"), 0, true)
        );
        let (r, keep) = c.receive(100, &quiet).unwrap();
        assert_eq!((r.body.as_slice(), keep), (&b"to the end"[..], false));
    }

    #[test]
    fn bad_framing_is_an_error_not_a_guess() {
        let quiet = Trace::new(false);
        let addr = scripted(
            1,
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\nhi",
        );
        let mut c = conn(&addr);
        match c.exchange(b"GET / HTTP/1.1\r\n\r\n", 100, &quiet) {
            Err(HttpError::Invalid(why)) => assert!(why.contains("Transfer-Encoding"), "{why}"),
            other => panic!("{other:?}"),
        }
        let addr = scripted(1, b"HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n");
        let mut c = conn(&addr);
        match c.exchange(b"GET / HTTP/1.1\r\n\r\n", 100, &quiet) {
            Err(HttpError::Invalid(why)) => assert!(why.contains("at byte 20"), "{why}"),
            other => panic!("{other:?}"),
        }
    }
}

//! One HTTP/1.1 request and its response over a kept-alive connection, blocking.
//!
//! Just what a polling client needs: send a GET, read the head (parsed with
//! httparse, an implementation independent of our server's), read the body
//! framed by `Content-Length`, chunked coding (chapter 5's decoder) or the end
//! of the connection, and keep the connection for the next request when both
//! sides allow it. Every size a server controls is limited.

use std::fmt;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use ch01_tcp::trace::Trace;
use ch05_http_parser::ChunkedDecoder;

/// Largest response head read.
const MAX_HEAD: usize = 16 * 1024;

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
    /// first and read the answers later).
    pub fn send(&mut self, request: &[u8], trace: &Trace) -> Result<(), HttpError> {
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
        // The head.
        let (status, headers, head_len) = loop {
            let mut slots = [httparse::EMPTY_HEADER; 64];
            let mut resp = httparse::Response::new(&mut slots);
            match resp.parse(&self.buf) {
                Ok(httparse::Status::Complete(len)) => {
                    let status = resp.code.unwrap_or(0);
                    let headers: Vec<(String, String)> = resp
                        .headers
                        .iter()
                        .map(|h| {
                            (
                                h.name.to_string(),
                                String::from_utf8_lossy(h.value).into_owned(),
                            )
                        })
                        .collect();
                    let close = resp.version == Some(0);
                    break (status, (headers, close), len);
                }
                Ok(httparse::Status::Partial) if self.buf.len() > MAX_HEAD => {
                    return Err(HttpError::Invalid("response head too large".into()));
                }
                Ok(httparse::Status::Partial) => {}
                Err(e) => return Err(HttpError::Invalid(e.to_string())),
            }
            if !self.fill(trace)? {
                return Err(HttpError::Closed {
                    mid_response: !self.buf.is_empty(),
                    reused,
                });
            }
        };
        let (headers, http10) = headers;
        self.buf.drain(..head_len);
        let mut response = HttpResponse {
            status,
            headers,
            body: Vec::new(),
        };
        let closing = http10
            || response
                .header("connection")
                .is_some_and(|v| v.to_ascii_lowercase().contains("close"));
        // RFC 9112 §6.3: how the body is framed.
        let no_body = matches!(status, 100..=199 | 204 | 304);
        let chunked = response
            .header("transfer-encoding")
            .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
        let length = response.header("content-length").map(str::trim);
        let mut to_eof = false;
        if no_body {
        } else if chunked {
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
        } else if let Some(length) = length {
            let n: usize = length
                .parse()
                .map_err(|_| HttpError::Invalid(format!("bad Content-Length {length:?}")))?;
            if n > max_body {
                return Err(HttpError::Invalid(format!(
                    "body of {n} bytes is too large"
                )));
            }
            while self.buf.len() < n {
                self.more(trace)?;
            }
            response.body = self.buf.drain(..n).collect();
        } else {
            // Close-delimited (RFC 9112 §6.3 rule 8): the body is all until EOF.
            to_eof = true;
            while self.fill(trace)? {
                if self.buf.len() > max_body {
                    return Err(HttpError::Invalid("body too large".into()));
                }
            }
            response.body = std::mem::take(&mut self.buf);
        }
        self.responses += 1;
        Ok((response, !(closing || to_eof)))
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

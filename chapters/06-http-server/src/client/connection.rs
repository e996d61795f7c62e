//! A blocking HTTP/1.1 client connection: one request at a time, reused while
//! both sides allow it (RFC 9112 §9.3).
//!
//! ```text
//!   send(request) ─▶ read_head ─▶ 1xx? skip it (RFC 9110 §15.2), at most max_interim
//!                       │
//!                       ▼ final head + BodyReader (chapter 5 decides the framing)
//!                    read_body, piece by piece ─▶ done ─▶ reusable? keep-alive and
//!                       │                                 not close-delimited
//!   receive = read_head + read_body until done (the whole body, within max_body)
//! ```
//!
//! Bytes read past the end of one response stay in the buffer for the next
//! (a server may answer pipelined requests in one write); after a 101 they are
//! the new protocol's, and [`Connection::into_parts`] hands them over.

use std::collections::VecDeque;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use ch01_tcp::trace::Trace;
use ch05_http_parser::{Limits, Status};

use super::body::BodyReader;
use super::error::HttpError;
use super::response::{ResponseHead, parse_response_head};
use crate::http_trace;

/// Every size a server controls, bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientLimits {
    /// The response head: bytes and fields (chapter 5's limits).
    pub head: Limits,
    /// The decoded body that [`Connection::receive`] keeps.
    pub max_body: u64,
    /// Interim (1xx) responses skipped before the final one.
    pub max_interim: usize,
}

impl Default for ClientLimits {
    /// 16 KiB and 64 fields of head, 16 MiB of body, 16 interim responses.
    fn default() -> ClientLimits {
        ClientLimits {
            head: Limits {
                max_head_bytes: 16 * 1024,
                max_headers: 64,
                ..Limits::default()
            },
            max_body: 16 * 1024 * 1024,
            max_interim: 16,
        }
    }
}

/// A whole response: the head and the de-framed body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullResponse {
    /// The status line and header fields.
    pub head: ResponseHead,
    /// The body, de-chunked; empty when there was none.
    pub body: Vec<u8>,
}

impl FullResponse {
    /// The status code.
    pub fn status(&self) -> u16 {
        self.head.status
    }

    /// The first field called `name` (case-insensitive), as text (`None`
    /// when absent or not UTF-8).
    pub fn header(&self, name: &str) -> Option<&str> {
        std::str::from_utf8(self.head.header(name)?).ok()
    }

    /// The body as text, any invalid UTF-8 replaced by U+FFFD.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Bytes read per `read` call.
const READ_CHUNK: usize = 16 * 1024;

/// A connection that carries one request at a time and is reused while it can be.
pub struct Connection {
    stream: TcpStream,
    /// Bytes read and not yet used: the rest of a head, body, the next response.
    buf: Vec<u8>,
    peer: String,
    limits: ClientLimits,
    trace: Trace,
    /// Responses read whole so far.
    responses: u64,
    /// For each request sent and not yet answered: whether it was a HEAD,
    /// whose response has no body whatever its fields say (RFC 9112 §6.3 item 1).
    heads: VecDeque<bool>,
}

impl Connection {
    /// Connects to `addr` (`host:port`, `[::1]:port`), trying each address it
    /// resolves to, giving up on each after `connect_timeout`; each read then
    /// waits at most `read_timeout`, each write `connect_timeout`.
    pub fn connect(
        addr: &str,
        connect_timeout: Duration,
        read_timeout: Duration,
    ) -> Result<Connection, HttpError> {
        let mut last = io::Error::new(ErrorKind::NotFound, format!("{addr}: no address"));
        for sa in addr.to_socket_addrs()? {
            match TcpStream::connect_timeout(&sa, connect_timeout) {
                Ok(stream) => {
                    stream.set_read_timeout(Some(read_timeout))?;
                    stream.set_write_timeout(Some(connect_timeout))?;
                    // A request is written whole; Nagle would only delay it.
                    stream.set_nodelay(true)?;
                    return Ok(Connection::from_stream(stream, sa.to_string()));
                }
                Err(e) => last = e,
            }
        }
        Err(HttpError::Io(last))
    }

    /// Wraps a connected stream; `peer` names it in traces.
    pub fn from_stream(stream: TcpStream, peer: String) -> Connection {
        Connection {
            stream,
            buf: Vec::new(),
            peer,
            limits: ClientLimits::default(),
            trace: Trace::new(false),
            responses: 0,
            heads: VecDeque::new(),
        }
    }

    /// Uses these limits from now on.
    pub fn with_limits(mut self, limits: ClientLimits) -> Connection {
        self.limits = limits;
        self
    }

    /// Traces heads as text and bodies as previews (chapter 6's `http_trace`).
    pub fn with_trace(mut self, trace: Trace) -> Connection {
        self.trace = trace;
        self
    }

    /// The peer's address, as traces show it.
    pub fn peer(&self) -> &str {
        &self.peer
    }

    /// The socket, to change its timeouts.
    pub fn stream(&self) -> &TcpStream {
        &self.stream
    }

    /// The socket and the bytes read past the last head or body: after a 101
    /// they are the new protocol's first bytes.
    pub fn into_parts(self) -> (TcpStream, Vec<u8>) {
        (self.stream, self.buf)
    }

    /// Sends `request` and reads the whole response; the `bool` says whether
    /// the connection may carry another request.
    pub fn exchange(&mut self, request: &[u8]) -> Result<(FullResponse, bool), HttpError> {
        self.send(request)?;
        self.receive()
    }

    /// Sends a request (head and body) without waiting for its answer, so
    /// several can be in flight. Several requests in one call are taken to be
    /// no HEAD after the first.
    pub fn send(&mut self, request: &[u8]) -> Result<(), HttpError> {
        self.heads.push_back(request.starts_with(b"HEAD "));
        if self.trace.enabled() {
            let head_end = request
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .map_or(request.len(), |i| i + 4);
            http_trace::sent(&self.trace, &self.peer, &request[..head_end], true);
            if head_end < request.len() {
                http_trace::sent(&self.trace, &self.peer, &request[head_end..], false);
            }
        }
        self.stream.write_all(request)?;
        Ok(())
    }

    /// Reads the whole response to the oldest request not yet answered (the
    /// body within [`ClientLimits::max_body`]); the `bool` as for
    /// [`Connection::exchange`].
    pub fn receive(&mut self) -> Result<(FullResponse, bool), HttpError> {
        let (head, mut body_reader) = self.read_head()?;
        let mut body = Vec::new();
        while !self.read_body(&mut body_reader, &mut body)? {}
        let reusable = head.keep_alive() && !body_reader.is_close_delimited();
        Ok((FullResponse { head, body }, reusable))
    }

    // ANCHOR: read_head
    /// Reads the next final response head, skipping interim ones, and says how
    /// its body is framed. A 101 is final: after it the connection speaks
    /// another protocol (RFC 9110 §15.2.2).
    ///
    /// The previous response's body must have been read to its end first:
    /// HTTP/1.1 has no other way to find where the next response starts
    /// (RFC 9112 §9.3.2).
    pub fn read_head(&mut self) -> Result<(ResponseHead, BodyReader), HttpError> {
        let was_head = self.heads.pop_front().unwrap_or(false);
        let mut interim = 0;
        loop {
            match parse_response_head(&self.buf, &self.limits.head).map_err(HttpError::Head)? {
                Status::Complete((head, len)) => {
                    http_trace::received(&self.trace, &self.peer, &self.buf[..len], true);
                    self.buf.drain(..len);
                    // RFC 9110 §15.2: a client MUST be able to skip 1xx responses
                    // (103 Early Hints, a 100 it did not ask for) before the final one.
                    if (100..=199).contains(&head.status) && head.status != 101 {
                        interim += 1;
                        if interim > self.limits.max_interim {
                            let limit = self.limits.max_interim;
                            return Err(HttpError::TooManyInterim { limit });
                        }
                        continue;
                    }
                    // RFC 9112 §6.3: chapter 5 decides the framing; an invalid
                    // one means the client MUST close the connection.
                    let kind = head.body_kind(was_head).map_err(HttpError::Framing)?;
                    let body =
                        BodyReader::new(kind, self.limits.max_body).map_err(HttpError::Body)?;
                    if body.is_done() {
                        self.responses += 1;
                    }
                    return Ok((head, body));
                }
                Status::Partial => {
                    if !self.fill()? {
                        return Err(HttpError::Closed {
                            mid_response: !self.buf.is_empty() || interim > 0,
                            reused: self.responses > 0,
                        });
                    }
                }
            }
        }
    }
    // ANCHOR_END: read_head

    // ANCHOR: read_body
    /// Appends the next piece of the body to `out`: what is buffered, or else
    /// what one read brings. Returns whether the body is complete.
    ///
    /// Call it until it returns `true` for the whole body, or pass each piece
    /// on as it comes (an event stream). An EOF completes a close-delimited
    /// body (RFC 9112 §6.3 item 8) and cuts any other short:
    /// [`HttpError::Closed`] with `mid_response`.
    pub fn read_body(
        &mut self,
        body: &mut BodyReader,
        out: &mut Vec<u8>,
    ) -> Result<bool, HttpError> {
        loop {
            if body.is_done() {
                return Ok(true);
            }
            let before = out.len();
            let used = body.decode(&self.buf, out).map_err(HttpError::Body)?;
            http_trace::received(&self.trace, &self.peer, &self.buf[..used], false);
            self.buf.drain(..used);
            if body.is_done() {
                self.responses += 1;
                return Ok(true);
            }
            if out.len() > before {
                return Ok(false);
            }
            if !self.fill()? {
                if body.end_of_input() {
                    self.responses += 1;
                    return Ok(true);
                }
                return Err(HttpError::Closed {
                    mid_response: true,
                    reused: self.responses > 0,
                });
            }
        }
    }
    // ANCHOR_END: read_body

    /// Reads once more into the buffer; false at EOF.
    fn fill(&mut self) -> Result<bool, HttpError> {
        let mut chunk = [0u8; READ_CHUNK];
        loop {
            match self.stream.read(&mut chunk) {
                Ok(0) => return Ok(false),
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(true);
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(HttpError::Io(e)),
            }
        }
    }
}

#[cfg(test)]
#[path = "connection_tests.rs"]
mod tests;

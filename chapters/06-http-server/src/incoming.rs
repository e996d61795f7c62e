//! Bytes in, complete requests out: the request side of a connection, with no I/O.
//!
//! [`Incoming::next`] looks at the bytes read so far and says how many of them
//! it consumed and what to do: answer a complete [`Request`], read more, send
//! `100 Continue`, or reject the request with an error response and close. It
//! reads a borrowed slice and never copies it: the thread driver
//! ([`crate::connection`]) passes its buffer, chapter 7's event loop the bytes
//! exactly where it read them. Both get the same rules:
//!
//! ```text
//!            ┌──────── parse_request: Partial → NeedMore ───────┐
//!            ▼                                                   │
//!   ┌──── Head ────┐  head complete, server rules ok   ┌──── Body ────┐
//!   │ ch05 parser  │ ────────────────────────────────▶ │ Length(n) or │
//!   └──────────────┘      (no body: Request at once)    │ Chunked      │
//!      │ error → Reject(400/413/414/431/501/505)        └──────────────┘
//!      ▼                                                 │ all in → Request
//!   close                                                ▼ (back to Head)
//! ```
//!
//! Bytes of the next request may follow a request in the same read (pipelining,
//! RFC 9112 §9.3.2): they are not consumed, and the next call parses them.

use ch05_http_parser::{
    BodyKind, ChunkLimits, ChunkedDecoder, EMPTY_HEADER, Limits, Status, Version, list_contains,
    parse_request,
};

use crate::request::Request;
use crate::response::Response;

/// What the caller should do next.
#[derive(Debug)]
pub enum Next {
    /// A whole request: answer it, then call `next` again (more may be buffered).
    Request(Request),
    /// Read more bytes, append them to the buffer, call again.
    NeedMore,
    /// Write `HTTP/1.1 100 Continue\r\n\r\n` (the client is waiting before it
    /// sends the body, RFC 9110 §10.1.1), then read more.
    SendContinue,
    /// The request is refused: send this response, then close the connection.
    Reject(Response),
}

/// The bytes of an interim `100 Continue` response.
pub const CONTINUE: &[u8] = b"HTTP/1.1 100 Continue\r\n\r\n";

/// How the body still to come is framed.
enum Framing {
    Length(u64),
    Chunked(ChunkedDecoder),
}

enum State {
    Head,
    // Boxed: a Request is large, and most of the time we wait in `Head`.
    Body {
        request: Box<Request>,
        framing: Framing,
    },
}

/// The reading half of one connection.
pub struct Incoming {
    limits: Limits,
    max_body: usize,
    state: State,
    /// How far `buf` was searched for the end of a head without finding it.
    scanned: usize,
}

/// The `Host` rules of RFC 9112 §3.2 that a server must enforce with 400.
fn check_host(head: &ch05_http_parser::Request<'_, '_>) -> Result<(), &'static str> {
    let mut hosts = head.headers_named("host");
    match (hosts.next(), hosts.next()) {
        (None, _) if head.version == Version::Http11 => Err("an HTTP/1.1 request needs a Host"),
        (Some(_), Some(_)) => Err("more than one Host field"),
        (Some(host), None) if !valid_host(host) => Err("an invalid Host value"),
        _ => Ok(()),
    }
}

/// `uri-host [":" port]` (RFC 3986 §3.2.2), or empty: only the bytes those allow.
fn valid_host(value: &[u8]) -> bool {
    value
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:[]%".contains(&b))
}

impl Incoming {
    /// A fresh connection: `limits` for the head, `max_body` bytes for a body
    /// (413 beyond it).
    pub fn new(limits: Limits, max_body: usize) -> Incoming {
        Incoming {
            limits,
            max_body,
            state: State::Head,
            scanned: 0,
        }
    }

    /// Check, then parse: whether `buf` may hold a whole head, i.e. a line end
    /// followed by an empty line. Re-parsing the head after every read would cost
    /// O(n²) for a client that sends it a byte at a time; this scan only looks at
    /// the new bytes (the caller offers the same unconsumed bytes again, with
    /// more behind them). (Bare LF line ends count: RFC 9112 §2.2 lets us accept them.)
    fn may_hold_head(&mut self, buf: &[u8]) -> bool {
        let from = self.scanned.saturating_sub(2);
        let found = buf[from..].windows(2).any(|w| w == b"\n\n" || w == b"\n\r");
        self.scanned = if found { 0 } else { buf.len() };
        found || buf.len() > self.limits.max_head_bytes
    }

    /// Whether a request has started but not completed (its head or body is
    /// partly in `buf`). A timeout then means 408; between requests it means idle.
    pub fn mid_request(&self, buf: &[u8]) -> bool {
        !buf.is_empty() || matches!(self.state, State::Body { .. })
    }

    fn too_large(&self) -> Next {
        Next::Reject(
            Response::error(413, &format!("the body limit is {} bytes", self.max_body)).closing(),
        )
    }

    // ANCHOR: next
    /// Reads what it can from the front of `buf`: how many bytes it consumed
    /// (the caller drops them, and offers the rest, with more, next time), and
    /// what to do; see [`Next`].
    pub fn next(&mut self, buf: &[u8]) -> (usize, Next) {
        let mut used = 0;
        if let State::Head = self.state {
            match self.head(buf) {
                (n, Some(next)) => return (n, next), // NeedMore, a bodiless request, an error
                (n, None) => used = n,               // a head; its body follows
            }
        }
        let (n, next) = self.body(&buf[used..]);
        (used + n, next)
    }
    // ANCHOR_END: next

    // ANCHOR: head
    /// Parses a head: the bytes it took, and `None` when it is complete and a
    /// body is to be read.
    fn head(&mut self, buf: &[u8]) -> (usize, Option<Next>) {
        if !self.may_hold_head(buf) {
            return (0, Some(Next::NeedMore));
        }
        let mut headers = vec![EMPTY_HEADER; self.limits.max_headers];
        let reject = |status: u16, why: &str| Next::Reject(Response::error(status, why).closing());
        let (head, len) = match parse_request(buf, &mut headers, &self.limits) {
            Ok(Status::Complete(done)) => done,
            // The parser stops at max_head_bytes itself; this guard keeps that promise
            // even if it did not, since `buf` is what a slow peer grows.
            Ok(Status::Partial) if buf.len() > self.limits.max_head_bytes => {
                return (0, Some(reject(431, "request head too large")));
            }
            Ok(Status::Partial) => return (0, Some(Next::NeedMore)),
            Err(e) => return (0, Some(reject(e.status(), &e.to_string()))),
        };
        if let Err(why) = check_host(&head) {
            return (0, Some(reject(400, why)));
        }
        let kind = match head.body_kind() {
            Ok(kind) => kind,
            Err(e) => return (0, Some(reject(e.status(), &e.to_string()))),
        };
        // RFC 9110 §10.1.1: only an HTTP/1.1 client waits for 100 Continue.
        let expects_continue = head.version == Version::Http11
            && head
                .header("expect")
                .is_some_and(|v| list_contains(v, "100-continue"));
        let framing = match kind {
            BodyKind::None | BodyKind::Length(0) => None,
            BodyKind::Length(n) if n > self.max_body as u64 => return (0, Some(self.too_large())),
            BodyKind::Length(n) => Some(Framing::Length(n)),
            // The body limit goes to the decoder, so a chunk size over it is a
            // 413 as soon as its digits are read, not a wait for the body.
            BodyKind::Chunked => Some(Framing::Chunked(ChunkedDecoder::with_limits(ChunkLimits {
                max_body: self.max_body as u64,
                ..ChunkLimits::default()
            }))),
        };
        let request = Request::from_parts(&head, len, Vec::new());
        match framing {
            None => (len, Some(Next::Request(request))),
            Some(framing) => {
                self.state = State::Body {
                    request: Box::new(request),
                    framing,
                };
                // Only ask for the body if the client is waiting to be asked.
                let waiting = expects_continue && buf.len() == len;
                (len, waiting.then_some(Next::SendContinue))
            }
        }
    }
    // ANCHOR_END: head

    /// Moves body bytes from the front of `buf` into the request being read:
    /// the bytes it took, and what to do.
    fn body(&mut self, buf: &[u8]) -> (usize, Next) {
        let max_body = self.max_body;
        let State::Body { request, framing } = &mut self.state else {
            return (0, Next::NeedMore);
        };
        let (used, done) = match framing {
            Framing::Length(left) => {
                let take = (*left).min(buf.len() as u64) as usize;
                request.body.extend_from_slice(&buf[..take]);
                *left -= take as u64;
                (take, *left == 0)
            }
            Framing::Chunked(decoder) => match decoder.decode(buf, &mut request.body) {
                Ok(decoded) => (decoded.consumed, decoded.done),
                Err(e) => {
                    let response = Response::error(e.status(), &e.to_string()).closing();
                    return (0, Next::Reject(response));
                }
            },
        };
        if request.body.len() > max_body {
            return (used, self.too_large());
        }
        if !done {
            return (used, Next::NeedMore);
        }
        match std::mem::replace(&mut self.state, State::Head) {
            State::Body { request, .. } => (used, Next::Request(*request)),
            State::Head => (used, Next::NeedMore), // unreachable: we were in Body
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `input` in pieces of `step` bytes; collects what `next` says.
    fn feed(input: &[u8], step: usize, max_body: usize) -> Vec<Result<Request, u16>> {
        let mut incoming = Incoming::new(Limits::default(), max_body);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        for piece in input.chunks(step) {
            buf.extend_from_slice(piece);
            loop {
                let (used, next) = incoming.next(&buf);
                buf.drain(..used);
                match next {
                    Next::Request(r) => out.push(Ok(r)),
                    Next::NeedMore => break,
                    Next::SendContinue => {}
                    Next::Reject(resp) => {
                        out.push(Err(resp.status));
                        return out;
                    }
                }
            }
        }
        assert!(!incoming.mid_request(&buf), "input ended mid-request");
        out
    }

    const TWO: &[u8] = b"POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\
        3\r\nabc\r\n2\r\nde\r\n0\r\n\r\nGET /x?y=1 HTTP/1.1\r\nHost: a\r\n\r\n";

    #[test]
    fn same_requests_whatever_the_read_sizes() {
        for step in [1, 2, 3, 7, 64, TWO.len()] {
            let got = feed(TWO, step, 100);
            assert_eq!(got.len(), 2, "step {step}");
            let first = got[0].as_ref().unwrap();
            assert_eq!(
                (first.method.as_str(), first.body.as_slice()),
                ("POST", &b"abcde"[..])
            );
            assert_eq!(first.head_bytes, 60);
            let second = got[1].as_ref().unwrap();
            assert_eq!(
                (second.path.as_str(), second.query.as_deref()),
                ("/x", Some("y=1"))
            );
        }
    }

    #[test]
    fn limits_and_rules() {
        let big = b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n";
        assert_eq!(feed(big, 5, 10)[0].as_ref().unwrap_err(), &413);
        let chunked =
            b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nb\r\nhello world\r\n";
        assert_eq!(feed(chunked, 5, 10)[0].as_ref().unwrap_err(), &413);
        assert_eq!(
            feed(b"GET / HTTP/1.1\r\n\r\n", 3, 10)[0]
                .as_ref()
                .unwrap_err(),
            &400
        );
        let endless = [&b"GET / HTTP/1.1\r\nX: "[..], &[b'a'; 9000]].concat();
        assert_eq!(feed(&endless, 100, 10)[0].as_ref().unwrap_err(), &431);
    }
}

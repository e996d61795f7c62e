//! A response head, for every client: chapter 5's response parser, kept as an
//! owned value.
//!
//! Chapter 5 parses the status line (RFC 9112 §4) and the header section with
//! the same code as a request's. This file only adapts its answer: the
//! [`ResponseHead`] owns its bytes, because a client keeps the head after its
//! read buffer has moved on (to the body, or to WebSocket frames after a 101),
//! and [`HeadError`] sorts chapter 5's errors into "the status line", "a header
//! field" and "too large", which is what a client reports.
//!
//! The framing rules stay chapter 5's too: [`ResponseHead::body_kind`] and
//! [`ResponseHead::keep_alive`] keep the answers chapter 5's borrowed
//! [`Response`] gave while it existed.

use std::fmt;

use ch05_http_parser::{
    EMPTY_HEADER, ErrorKind, Limits, ParseError, Response, ResponseBodyKind, Status, parse_response,
};

/// A parsed response head, owning its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseHead {
    /// The minor version of `HTTP/1.x`: 0 or 1 (chapter 5 rejects the others).
    pub minor_version: u8,
    /// The three-digit status code.
    pub status: u16,
    /// The reason phrase (may be empty; clients should ignore it, RFC 9112 §4),
    /// with any non-UTF-8 byte (obs-text) replaced by U+FFFD.
    pub reason: String,
    /// The header fields in order: names as sent, values with OWS trimmed.
    pub headers: Vec<(String, Vec<u8>)>,
    /// Chapter 5's framing answers, after a GET (`[0]`) and after a HEAD
    /// (`[1]`), taken while its borrowed view of the head still existed: the
    /// rules stay in chapter 5, and error offsets stay right.
    framing: [Result<ResponseBodyKind, ParseError>; 2],
    /// Chapter 5's [`Response::keep_alive`].
    keep_alive: bool,
}

impl ResponseHead {
    /// The value of the first field called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers_named(name).next()
    }

    /// Every field called `name` (case-insensitive), in order.
    pub fn headers_named<'s, 'n>(
        &'s self,
        name: &'n str,
    ) -> impl Iterator<Item = &'s [u8]> + use<'s, 'n> {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }

    /// How the body after this head is framed (RFC 9112 §6.3), as chapter 5's
    /// [`Response::body_kind`] decided: `request_was_head` because the answer
    /// to a HEAD never has a body, whatever its fields say (§6.3 item 1).
    pub fn body_kind(&self, request_was_head: bool) -> Result<ResponseBodyKind, ParseError> {
        self.framing[usize::from(request_was_head)]
    }

    /// Whether the server lets the connection carry another request
    /// (RFC 9112 §9.3), as chapter 5's [`Response::keep_alive`] decided.
    pub fn keep_alive(&self) -> bool {
        self.keep_alive
    }
}

impl From<&Response<'_, '_>> for ResponseHead {
    fn from(r: &Response<'_, '_>) -> ResponseHead {
        ResponseHead {
            // The HTTP/1.x parser never yields HTTP/2, which has no text form.
            minor_version: r.version.minor().unwrap_or(1),
            status: r.status,
            reason: String::from_utf8_lossy(r.reason).into_owned(),
            headers: r
                .headers
                .iter()
                .map(|h| (h.name.to_string(), h.value.to_vec()))
                .collect(),
            framing: [r.body_kind(false), r.body_kind(true)],
            keep_alive: r.keep_alive(),
        }
    }
}

/// Why bytes are not a response head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadError {
    /// The status line is not `HTTP/1.x SP 3DIGIT SP reason` (RFC 9112 §4);
    /// `offset` is the first byte that broke it.
    StatusLine {
        /// Byte offset in the response.
        offset: usize,
    },
    /// A header field broke a rule of RFC 9112 §5 (as chapter 5 reports it),
    /// with its offset counted from the start of the response.
    Field(ParseError),
    /// No blank line within [`Limits::max_head_bytes`].
    TooLarge,
}

impl HeadError {
    /// Sorts a chapter 5 error on the response in `buf`. A kind only the status
    /// line has is a status-line error; a bare CR is one when no line has
    /// ended before it (the status line is the first line that ends).
    fn sort(e: ParseError, buf: &[u8]) -> HeadError {
        use ErrorKind::*;
        match e.kind {
            HeadTooLarge => HeadError::TooLarge,
            Version | VersionUnsupported | StatusCode | Reason => {
                HeadError::StatusLine { offset: e.offset }
            }
            BareCr if !buf[..e.offset.min(buf.len())].contains(&b'\n') => {
                HeadError::StatusLine { offset: e.offset }
            }
            _ => HeadError::Field(e),
        }
    }
}

impl fmt::Display for HeadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeadError::StatusLine { offset } => write!(
                f,
                "invalid status line: expected HTTP/1.x, a 3-digit code and a reason \
                 (RFC 9112 §4) at byte {offset}"
            ),
            HeadError::Field(e) => write!(f, "in the response's header section: {e}"),
            HeadError::TooLarge => f.write_str("response head too large"),
        }
    }
}

impl std::error::Error for HeadError {}

// ANCHOR: parse_response_head
/// Parses a response head at the start of `buf` with chapter 5's
/// [`parse_response`], and keeps an owned copy once it is complete.
///
/// # Returns
/// - `Ok(Status::Complete((head, n)))`: the head is the first `n` bytes; what
///   follows (for a 101, the first WebSocket frames) starts at `n`.
/// - `Ok(Status::Partial)`: valid so far; read more and call again.
/// - `Err(e)`: not a valid response head, or larger than `limits.max_head_bytes`.
pub fn parse_response_head(
    buf: &[u8],
    limits: &Limits,
) -> Result<Status<(ResponseHead, usize)>, HeadError> {
    let mut fields = vec![EMPTY_HEADER; limits.max_headers];
    match parse_response(buf, &mut fields, limits) {
        Ok(Status::Complete((response, n))) => Ok(Status::Complete(((&response).into(), n))),
        Ok(Status::Partial) => Ok(Status::Partial),
        Err(e) => Err(HeadError::sort(e, buf)),
    }
}
// ANCHOR_END: parse_response_head

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(buf: &[u8]) -> Result<Status<(ResponseHead, usize)>, HeadError> {
        parse_response_head(buf, &Limits::default())
    }

    #[test]
    fn a_101_and_what_follows() {
        let buf = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\
                    Connection:  Upgrade \r\n\r\n\x81\x02hi";
        let Status::Complete((head, n)) = parse(buf).unwrap() else {
            panic!("complete")
        };
        assert_eq!((head.minor_version, head.status), (1, 101));
        assert_eq!(head.reason, "Switching Protocols");
        assert_eq!(head.header("CONNECTION"), Some(&b"Upgrade"[..]));
        assert_eq!(&buf[n..], b"\x81\x02hi");
        // Every shorter prefix is partial.
        for end in 0..n {
            assert_eq!(parse(&buf[..end]), Ok(Status::Partial), "{end}");
        }
    }

    #[test]
    fn status_line_variants() {
        let Status::Complete((head, _)) = parse(b"HTTP/1.1 426\r\n\r\n").unwrap() else {
            panic!()
        };
        assert_eq!((head.status, head.reason.as_str()), (426, ""));
        assert!(matches!(
            parse(b"HTTP/1.1 101 OK\n\n"),
            Ok(Status::Complete(_))
        ));
        // Obs-text in the reason survives as U+FFFD; empty lines before are skipped.
        let Status::Complete((head, n)) = parse(b"\r\nHTTP/1.0 200 caf\xe9\r\n\r\n").unwrap()
        else {
            panic!()
        };
        assert_eq!(
            (head.minor_version, head.reason.as_str(), n),
            (0, "caf\u{fffd}", 23)
        );
    }

    #[test]
    fn errors_name_their_byte() {
        let at = |buf: &[u8]| match parse(buf) {
            Err(HeadError::StatusLine { offset }) => offset,
            other => panic!("{other:?}"),
        };
        assert_eq!(at(b"HTTP/2 200 OK\r\n"), 5);
        assert_eq!(at(b"HTTP/1.1 10x OK\r\n"), 11);
        assert_eq!(at(b"http/1.1"), 0);
        assert_eq!(at(b"HTTP/1.1 101X\r\n"), 12);
        assert_eq!(at(b"HTTP/1.1 101 a\x01b\r\n"), 14);
        assert_eq!(at(b"HTTP/1.1 10\r\n"), 11);
        assert_eq!(at(b"HTTP/1.2 101 S\r\n"), 0, "chapter 5 speaks 1.0 and 1.1");
        assert_eq!(at(b"HTTP/1.1 101 S\rX"), 14, "a bare CR in the status line");
        // A field error's offset counts from the start of the response.
        let buf = b"HTTP/1.1 101 Switching Protocols\r\nBad Name: x\r\n\r\n";
        match parse(buf) {
            Err(HeadError::Field(e)) => assert_eq!(e.offset, 37),
            other => panic!("{other:?}"),
        }
        // A bare CR after the status line is the field section's.
        match parse(b"HTTP/1.1 101 S\r\nA: b\rX") {
            Err(HeadError::Field(e)) => assert_eq!((e.kind, e.offset), (ErrorKind::BareCr, 20)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn limits() {
        let mut buf = b"HTTP/1.1 101 Switching Protocols\r\n".to_vec();
        while buf.len() < 9000 {
            buf.extend_from_slice(b"X-Pad: ");
            buf.extend_from_slice(&[b'a'; 200]);
            buf.extend_from_slice(b"\r\n");
        }
        assert_eq!(parse(&buf), Err(HeadError::TooLarge));
        // Too many fields is chapter 5's rule, reported as a field error.
        let many = format!("HTTP/1.1 101 S\r\n{}\r\n", "A: b\r\n".repeat(101));
        assert!(matches!(
            parse(many.as_bytes()),
            Err(HeadError::Field(ParseError {
                kind: ErrorKind::TooManyHeaders,
                ..
            }))
        ));
        let mut long_line = b"HTTP/1.1 101 ".to_vec();
        long_line.resize(9000, b'a');
        assert_eq!(parse(&long_line), Err(HeadError::TooLarge));
    }
}

//! A response head, for the client: the status line (RFC 9112 §4) parsed here,
//! the header fields parsed by the chapter 5 parser.
//!
//! Chapter 5 parses *requests*; a response differs only in its first line.
//! Rather than write a second field parser, we hand chapter 5 a copy of the
//! head whose status line is replaced by a stand-in request line:
//!
//! ```text
//!   HTTP/1.1 101 Switching Protocols\r\n      ← parsed here
//!   Upgrade: websocket\r\n  ...  \r\n         ← parsed by ch05 behind "GET / HTTP/1.1\r\n"
//! ```
//!
//! The copy costs one allocation of at most `max_head_bytes` per attempt,
//! which is nothing for a handshake that happens once per connection.

use std::fmt;

use ch05_http_parser::{EMPTY_HEADER, ErrorKind, Limits, ParseError, Status, parse_request};

/// The request line put in front of the fields so chapter 5 can parse them.
const STAND_IN: &[u8] = b"GET / HTTP/1.1\r\n";

/// A parsed response head, owning its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseHead {
    /// The minor version of `HTTP/1.x`.
    pub minor_version: u8,
    /// The three-digit status code.
    pub status: u16,
    /// The reason phrase (may be empty; clients should ignore it, RFC 9112 §4).
    pub reason: String,
    /// The header fields in order: names as sent, values with OWS trimmed.
    pub headers: Vec<(String, Vec<u8>)>,
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

// ANCHOR: status_line
/// Parses `HTTP/1.x SP 3DIGIT SP reason-phrase` up to its line end:
/// `(minor version, status, reason, line length)`, or `Ok(None)` if the line
/// has not ended yet. A missing SP before an empty reason is tolerated
/// (`HTTP/1.1 101\r\n`): RFC 9112 §4 asks recipients to accept it.
fn status_line(buf: &[u8]) -> Result<Option<(u8, u16, String, usize)>, HeadError> {
    let bad = |offset| HeadError::StatusLine { offset };
    // Check the fixed part byte by byte as it arrives, so garbage fails at once.
    const PATTERN: &[u8] = b"HTTP/1.#_###"; // # digit, _ SP
    for (i, (&b, &p)) in buf.iter().zip(PATTERN).enumerate() {
        let fits = match p {
            b'#' => b.is_ascii_digit(),
            b'_' => b == b' ',
            _ => b == p,
        };
        if !fits {
            return Err(bad(i));
        }
    }
    let Some(lf) = buf.iter().position(|&b| b == b'\n') else {
        return Ok(None);
    };
    let line = buf[..lf].strip_suffix(b"\r").unwrap_or(&buf[..lf]);
    if line.len() < PATTERN.len() {
        return Err(bad(line.len()));
    }
    let reason = match &line[PATTERN.len()..] {
        [] => &[][..],
        [b' ', reason @ ..] => reason,
        _ => return Err(bad(PATTERN.len())),
    };
    // reason-phrase = *( HTAB / SP / VCHAR / obs-text ): no controls (a bare CR included).
    if let Some(i) = reason
        .iter()
        .position(|&b| b != b'\t' && (b < 0x20 || b == 0x7f))
    {
        return Err(bad(PATTERN.len() + 1 + i));
    }
    let digits = |r: std::ops::Range<usize>| {
        line[r]
            .iter()
            .fold(0u16, |n, &d| n * 10 + u16::from(d - b'0'))
    };
    Ok(Some((
        line[7] - b'0',
        digits(9..12),
        String::from_utf8_lossy(reason).into_owned(),
        lf + 1,
    )))
}
// ANCHOR_END: status_line

// ANCHOR: parse_response_head
/// Parses a response head at the start of `buf`.
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
    let view = &buf[..buf.len().min(limits.max_head_bytes)];
    let partial = || {
        if buf.len() >= limits.max_head_bytes {
            Err(HeadError::TooLarge)
        } else {
            Ok(Status::Partial)
        }
    };
    let Some((minor_version, status, reason, line_len)) = status_line(view)? else {
        return partial();
    };
    // The fields, behind a stand-in request line, parsed by chapter 5.
    let mut copy = Vec::with_capacity(STAND_IN.len() + view.len() - line_len);
    copy.extend_from_slice(STAND_IN);
    copy.extend_from_slice(&view[line_len..]);
    let mut fields = vec![EMPTY_HEADER; limits.max_headers];
    let field_limits = Limits {
        max_head_bytes: copy.len() + 1, // `view` already applied the real limit
        ..*limits
    };
    let shift = |e: ParseError| ParseError {
        offset: e.offset + line_len - STAND_IN.len(),
        ..e
    };
    match parse_request(&copy, &mut fields, &field_limits) {
        Ok(Status::Complete((req, len))) => {
            let head = ResponseHead {
                minor_version,
                status,
                reason,
                headers: req
                    .headers
                    .iter()
                    .map(|h| (h.name.to_string(), h.value.to_vec()))
                    .collect(),
            };
            Ok(Status::Complete((head, len - STAND_IN.len() + line_len)))
        }
        Ok(Status::Partial) => partial(),
        Err(e) if e.kind == ErrorKind::HeadTooLarge => Err(HeadError::TooLarge),
        Err(e) => Err(HeadError::Field(shift(e))),
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
        // A field error's offset counts from the start of the response.
        let buf = b"HTTP/1.1 101 Switching Protocols\r\nBad Name: x\r\n\r\n";
        match parse(buf) {
            Err(HeadError::Field(e)) => assert_eq!(e.offset, 37),
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

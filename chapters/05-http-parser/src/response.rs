//! The response-head parser, for clients (RFC 9112 §4, §5).
//!
//! A response head differs from a request head only in its first line, the
//! status line; the header section that follows obeys the same rules, so this
//! file parses the status line and hands the rest to the same field loop as
//! requests (`parse::parse_fields`), under the same limits, with the same
//! errors and offsets. Like [`parse_request`](crate::parse_request) it is
//! incremental without state and copies nothing.
//!
//! ```text
//!   empty lines ──▶ HTTP/1.x ──SP──▶ 3DIGIT ──SP──▶ reason ──CRLF──▶ fields (as for requests)
//!   (skipped)                          │             *( HTAB / SP / VCHAR / obs-text )
//!                                      └──CRLF────────────────────▶ (no SP, empty reason: accepted)
//! ```

use crate::error::{ErrorKind, ParseError};
use crate::limits::Limits;
use crate::parse::{
    Step, line_end, need, parse_fields, parse_version, skip_empty_lines, within_limit,
};
use crate::request::{Header, Status, Version, fields_named, persists};
use crate::scan::{Scan, Swar};

/// A parsed response head. `'b` is the input buffer, `'h` the header array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Response<'b, 'h> {
    /// HTTP/1.0 or HTTP/1.1.
    pub version: Version,
    /// The three-digit status code, `000` to `999` as sent (RFC 9110 §15: a
    /// client treats an unknown code as the `x00` of its class).
    pub status: u16,
    /// The reason phrase as sent, possibly empty. Bytes, not `&str`: obs-text
    /// is allowed. RFC 9112 §4: a client SHOULD ignore its content.
    pub reason: &'b [u8],
    /// The header fields in the order they came.
    pub headers: &'h [Header<'b>],
    /// The head's bytes, so framing errors can name their offset.
    pub(crate) head: &'b [u8],
}

impl<'b> Response<'b, '_> {
    /// The value of the first field called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&'b [u8]> {
        fields_named(self.headers, name).next()
    }

    /// Every field called `name` (case-insensitive), in order.
    pub fn headers_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'b [u8]> + 's {
        fields_named(self.headers, name)
    }

    /// Whether the server lets the connection carry another request
    /// (RFC 9112 §9.3), by the same rule as [`Request::keep_alive`](crate::Request::keep_alive).
    /// A [close-delimited](crate::ResponseBodyKind::CloseDelimited) body ends the
    /// connection whatever this says.
    pub fn keep_alive(&self) -> bool {
        persists(self.version, self.headers)
    }
}

/// The response parser's answer: a response and the head's length, or "need more bytes".
pub type ResponseResult<'b, 'h> = Result<Status<(Response<'b, 'h>, usize)>, ParseError>;

/// Parses one response head at the start of `buf`.
///
/// # Returns
/// - `Ok(Status::Complete((response, n)))`: the head is the first `n` bytes of
///   `buf`; the body (if [`Response::body_kind`] says there is one) starts at `n`.
/// - `Ok(Status::Partial)`: every byte so far is valid; read more and call again.
/// - `Err(e)`: `e.offset` is the first byte that broke a rule: close the connection.
///
/// At most `min(headers.len(), limits.max_headers)` fields and
/// `limits.max_head_bytes` bytes are accepted (`max_target_bytes` does not apply).
pub fn parse_response<'b, 'h>(
    buf: &'b [u8],
    headers: &'h mut [Header<'b>],
    limits: &Limits,
) -> ResponseResult<'b, 'h> {
    parse_response_with::<Swar>(buf, headers, limits)
}

/// [`parse_response`] with a chosen way of scanning byte runs (see [`crate::scan`]).
#[inline]
pub fn parse_response_with<'b, 'h, S: Scan>(
    buf: &'b [u8],
    headers: &'h mut [Header<'b>],
    limits: &Limits,
) -> ResponseResult<'b, 'h> {
    let max_headers = headers.len().min(limits.max_headers);
    within_limit(buf, limits, |view| {
        parse_head::<S>(view, headers, max_headers)
    })
}

// ANCHOR: status_line
fn parse_head<'b, 'h, S: Scan>(
    buf: &'b [u8],
    headers: &'h mut [Header<'b>],
    max_headers: usize,
) -> Step<(Response<'b, 'h>, usize)> {
    // RFC 9112 §2.2 asks only servers to skip empty lines before the start line;
    // we skip them here too (as httparse does), so a server that ends a body
    // with one CRLF too many does not break the next response.
    let Some(mut i) = skip_empty_lines(buf)? else {
        return Ok(None);
    };

    // HTTP-version: a client of ours speaks HTTP/1.x, so `HTTP/2` fails at the
    // `2` (a request's `HTTP/2.0` is well-formed and earns a 505 instead).
    let version = match parse_version(buf, i, b"HTTP/1.#")? {
        Some(v) => v,
        None => return Ok(None),
    };
    i += 8;
    if need!(buf, i) != b' ' {
        return Err(ErrorKind::StatusCode.at(i));
    }
    i += 1;

    // status-code = 3DIGIT (RFC 9112 §4).
    let mut status = 0u16;
    for k in i..i + 3 {
        let d = need!(buf, k);
        if !d.is_ascii_digit() {
            return Err(ErrorKind::StatusCode.at(k));
        }
        status = status * 10 + u16::from(d - b'0');
    }
    i += 3;

    // SP [ reason-phrase ], reason-phrase = 1*( HTAB / SP / VCHAR / obs-text ):
    // the bytes of a field value. §4 requires a sender to send the SP even with
    // no reason, but `HTTP/1.1 200\r\n` is common enough that httparse accepts
    // it, and a client loses nothing by accepting it too: the reason is empty.
    let reason_start = match need!(buf, i) {
        b' ' => i + 1,
        b'\r' | b'\n' => i,
        _ => return Err(ErrorKind::StatusCode.at(i)),
    };
    let reason_end = S::value(buf, reason_start);
    match need!(buf, reason_end) {
        b'\r' | b'\n' => match line_end(buf, reason_end)? {
            Some(n) => i = reason_end + n,
            None => return Ok(None),
        },
        _ => return Err(ErrorKind::Reason.at(reason_end)),
    }
    // ANCHOR_END: status_line

    // The header section: the very loop requests use.
    // A response's framing depends on its status and on the request it answers
    // (a 304 or an answer to HEAD frames nothing), so its fields are checked
    // later, by `Response::body_kind`, not as they arrive.
    let no_check = |_: &Header<'b>| Ok(());
    let (count, end) = match parse_fields::<S>(buf, i, headers, max_headers, no_check)? {
        Some(done) => done,
        None => return Ok(None),
    };
    let response = Response {
        version,
        status,
        reason: &buf[reason_start..reason_end],
        headers: &headers[..count],
        head: &buf[..end],
    };
    Ok(Some((response, end)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::Plain;
    use crate::{EMPTY_HEADER, ResponseBodyKind};

    fn parse(buf: &[u8]) -> Result<Option<(u16, Vec<u8>, usize)>, ParseError> {
        let mut h = [EMPTY_HEADER; 16];
        match parse_response(buf, &mut h, &Limits::default())? {
            Status::Complete((r, n)) => Ok(Some((r.status, r.reason.to_vec(), n))),
            Status::Partial => Ok(None),
        }
    }

    /// The error's kind and offset.
    fn err(buf: &[u8]) -> (ErrorKind, usize) {
        let e = parse(buf).expect_err(&String::from_utf8_lossy(buf));
        (e.kind, e.offset)
    }

    #[test]
    fn a_response_and_what_follows() {
        let buf = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\
                    Content-Length:  5 \r\n\r\nhelloHTTP/1.1 204";
        let mut h = [EMPTY_HEADER; 16];
        let Status::Complete((r, n)) = parse_response(buf, &mut h, &Limits::default()).unwrap()
        else {
            panic!("complete")
        };
        assert_eq!(
            (r.version, r.status, r.reason),
            (Version::Http11, 200, &b"OK"[..])
        );
        assert_eq!(r.header("content-length"), Some(&b"5"[..]));
        assert_eq!(r.headers.len(), 2);
        assert_eq!(r.body_kind(false), Ok(ResponseBodyKind::Length(5)));
        assert!(r.keep_alive());
        assert_eq!(&buf[n..n + 5], b"hello");
    }

    #[test]
    fn fed_a_byte_at_a_time_every_prefix_is_partial() {
        let buf = b"\r\nHTTP/1.0 404 Not \xe9 Found\r\nA: b\r\nC:\td \r\n\r\nbody";
        let whole = parse(buf).unwrap().expect("complete");
        assert_eq!(whole.0, 404);
        assert_eq!(whole.1, b"Not \xe9 Found");
        assert_eq!(whole.2, buf.len() - 4);
        for end in 0..whole.2 {
            assert_eq!(parse(&buf[..end]), Ok(None), "{end}");
        }
        // The plain scanner agrees on every prefix.
        for end in 0..=buf.len() {
            let (mut h1, mut h2) = ([EMPTY_HEADER; 16], [EMPTY_HEADER; 16]);
            let limits = Limits::default();
            assert_eq!(
                parse_response(&buf[..end], &mut h1, &limits),
                parse_response_with::<Plain>(&buf[..end], &mut h2, &limits)
            );
        }
    }

    #[test]
    fn status_line_variants() {
        // No SP and no reason: accepted, the reason is empty.
        assert_eq!(parse(b"HTTP/1.1 200\r\n\r\n"), Ok(Some((200, vec![], 16))));
        assert_eq!(parse(b"HTTP/1.1 200\n\n"), Ok(Some((200, vec![], 14))));
        // SP and no reason.
        assert_eq!(parse(b"HTTP/1.1 204 \r\n\r\n"), Ok(Some((204, vec![], 17))));
        // The reason is kept as sent, inner and trailing whitespace included.
        assert_eq!(
            parse(b"HTTP/1.1 200  A\tB \r\n\r\n"),
            Ok(Some((200, b" A\tB ".to_vec(), 22)))
        );
        assert_eq!(parse(b"HTTP/1.1 999 X\r\n\r\n").unwrap().unwrap().0, 999);
        assert_eq!(parse(b"HTTP/1.1 200 OK\r\n"), Ok(None), "no empty line yet");
    }

    #[test]
    fn errors_name_their_byte() {
        use ErrorKind::*;
        assert_eq!(err(b"http/1.1"), (Version, 0));
        assert_eq!(err(b"HTTP/2 200 OK\r\n"), (Version, 5));
        assert_eq!(err(b"HTTP/2.0 200 OK\r\n"), (Version, 5));
        assert_eq!(err(b"HTTP/1.2 200 OK\r\n"), (VersionUnsupported, 0));
        assert_eq!(err(b"HTTP/1.1  200 OK\r\n"), (StatusCode, 9));
        assert_eq!(err(b"HTTP/1.1\r\n"), (StatusCode, 8));
        assert_eq!(err(b"HTTP/1.1 10x OK\r\n"), (StatusCode, 11));
        assert_eq!(err(b"HTTP/1.1 10\r\n"), (StatusCode, 11));
        assert_eq!(err(b"HTTP/1.1 2000 OK\r\n"), (StatusCode, 12));
        assert_eq!(err(b"HTTP/1.1 101X\r\n"), (StatusCode, 12));
        assert_eq!(err(b"HTTP/1.1 101 a\x01b\r\n"), (Reason, 14));
        assert_eq!(err(b"HTTP/1.1 101 a\x7f\r\n"), (Reason, 14));
        assert_eq!(err(b"HTTP/1.1 200 OK\rX"), (BareCr, 15));
        assert_eq!(err(b"HTTP/1.1 200\rX"), (BareCr, 12));
        // Field errors are the request rules, counted from the start of the response.
        assert_eq!(
            err(b"HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n"),
            (SpaceBeforeColon, 20)
        );
        assert_eq!(err(b"HTTP/1.1 200 OK\r\nA: b\r\n c\r\n\r\n"), (ObsFold, 23));
        assert_eq!(err(b"HTTP/1.1 200 OK\r\n X: y\r\n\r\n"), (ObsFold, 17));
        assert_eq!(
            err(b"HTTP/1.1 200 OK\r\nA: \x00\r\n\r\n"),
            (HeaderValue, 20)
        );
        assert_eq!(StatusCode.status(), 502);
    }

    #[test]
    fn limits() {
        let limits = Limits::default();
        let mut buf = b"HTTP/1.1 200 OK\r\n".to_vec();
        while buf.len() < 9000 {
            buf.extend_from_slice(b"X-Pad: ");
            buf.extend_from_slice(&[b'a'; 1200]); // few fields: the size limit, not the count
            buf.extend_from_slice(b"\r\n");
        }
        assert_eq!(err(&buf), (ErrorKind::HeadTooLarge, limits.max_head_bytes));
        // A reason phrase that never ends is bounded the same way.
        let mut long_line = b"HTTP/1.1 200 ".to_vec();
        long_line.resize(9000, b'a');
        assert_eq!(err(&long_line).0, ErrorKind::HeadTooLarge);
        // Just under the limit, still partial.
        assert_eq!(parse(&long_line[..limits.max_head_bytes - 1]), Ok(None));
        // Field count: the smaller of the array and the limit.
        let many = format!("HTTP/1.1 200 OK\r\n{}\r\n", "A: b\r\n".repeat(17));
        assert_eq!(
            err(many.as_bytes()),
            (ErrorKind::TooManyHeaders, 17 + 16 * 6)
        );
        let mut h = [EMPTY_HEADER; 32];
        let tight = Limits {
            max_headers: 3,
            ..limits
        };
        let e = parse_response(many.as_bytes(), &mut h, &tight).unwrap_err();
        assert_eq!((e.kind, e.offset), (ErrorKind::TooManyHeaders, 17 + 3 * 6));
    }

    #[test]
    fn keep_alive_by_version_and_connection() {
        let ka = |buf: &[u8]| {
            let mut h = [EMPTY_HEADER; 4];
            let (r, _) = parse_response(buf, &mut h, &Limits::default())
                .unwrap()
                .complete()
                .unwrap();
            r.keep_alive()
        };
        assert!(ka(b"HTTP/1.1 200 OK\r\n\r\n"));
        assert!(!ka(b"HTTP/1.1 200 OK\r\nConnection: x, Close\r\n\r\n"));
        assert!(!ka(b"HTTP/1.0 200 OK\r\n\r\n"));
        assert!(ka(b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\n"));
    }
}

//! Where does the body end? (RFC 9112 §6.3, message body length)
//!
//! TCP is a byte stream: nothing marks where one request's body stops and the
//! next request starts. The head must say, in one of two ways:
//!
//! - `Content-Length: 11` — the next 11 bytes are the body;
//! - `Transfer-Encoding: chunked` — the body comes in chunks, each preceded by
//!   its size in hex, and a chunk of size 0 ends it.
//!
//! A request with neither has no body. A request with *both* is refused: two
//! servers in a chain that pick different rules would disagree on where the next
//! request starts, and an attacker could hide a request inside a body
//! ("request smuggling", RFC 9112 §11.2).
//!
//! A response is framed by the same fields, with two differences a client must
//! know: some responses never have a body (to HEAD; 1xx, 204, 304), and a
//! response with neither field runs until the server closes the connection.

use crate::error::{ErrorKind, ParseError};
use crate::list::list_items;
use crate::request::{Header, Request, Version, offset_in};
use crate::response::Response;

/// How the body of a request is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// No body: neither Content-Length nor Transfer-Encoding (RFC 9112 §6.3 item 7).
    None,
    /// Exactly this many bytes follow the head.
    Length(u64),
    /// Chunked: decode with [`ChunkedDecoder`](crate::ChunkedDecoder).
    Chunked,
}

/// How the body of a response is framed: a request's cases, plus one a request
/// never has (RFC 9112 §6.3 item 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseBodyKind {
    /// No body, whatever the fields say: a response to HEAD, or a 1xx, 204 or
    /// 304 (RFC 9112 §6.3 item 1). The next response starts right after the head.
    None,
    /// Exactly this many bytes follow the head.
    Length(u64),
    /// Chunked: decode with [`ChunkedDecoder`](crate::ChunkedDecoder).
    Chunked,
    /// Neither field: the body is everything until the server closes the
    /// connection, which therefore carries no further response.
    CloseDelimited,
}

// ANCHOR: body_kind
impl Request<'_, '_> {
    /// The body's framing by RFC 9112 §6.3 (for requests): what `Framing`
    /// decided while the parser read the head, so it is never worked out twice;
    /// a request with neither field has no body (§6.3 item 7).
    ///
    /// A request from [`parse_request`](crate::parse_request) has passed every
    /// framing rule already (the parser fails at the field line that breaks
    /// one), so for it this is always `Ok`; the `Result` is the same shape as
    /// [`Response::body_kind`], whose rules only apply once the status is known.
    pub fn body_kind(&self) -> Result<BodyKind, ParseError> {
        Ok(self.body)
    }
}
// ANCHOR_END: body_kind

// ANCHOR: framing
/// The framing fields, read one field line at a time (RFC 9112 §6.3), so that
/// the parser can fail as soon as the line that breaks a rule is complete, at
/// the first byte of the offending value, not only once the whole head is in:
///
/// 1. Transfer-Encoding and Content-Length together → 400 (§6.1: a server MAY
///    reject; we do, because it is how smuggling starts), at the later field.
/// 2. Transfer-Encoding in HTTP/1.0 → 400 (§6.1: framing is faulty).
/// 3. Transfer-Encoding: any coding but `chunked` → 501 (§6.1, we decode no
///    others); `chunked` twice → 400 (§7).
/// 4. Content-Length: `1*DIGIT` that fits in 64 bits; repeated values must all
///    agree (§6.3 item 5), so a second, different one fails at once.
///
/// One rule needs the end of the head: that the last coding is `chunked`
/// (§6.3 item 4), which [`Framing::finish`] checks at the empty line.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Framing {
    /// Where the first Transfer-Encoding value starts, once there is one.
    te_at: Option<usize>,
    /// Where the last Transfer-Encoding value starts: an error with no `chunked` points there.
    te_last_at: usize,
    /// Whether `chunked` has been seen (it must be the one and only coding).
    chunked: bool,
    /// Where the first Content-Length value starts, once there is one.
    cl_at: Option<usize>,
    /// The length every Content-Length so far agreed on.
    length: Option<u64>,
}

impl Framing {
    /// One complete field line. `head` is the buffer the value borrows from,
    /// so errors name their byte. It runs for every field of every request,
    /// so the common case, a field that frames nothing, costs one comparison
    /// of the name's length (measured: see the book's callgrind table).
    #[inline(always)]
    pub(crate) fn field(
        &mut self,
        version: Version,
        field: &Header<'_>,
        head: &[u8],
    ) -> Result<(), ParseError> {
        match field.name.len() {
            17 if field.name.eq_ignore_ascii_case("transfer-encoding") => {
                self.transfer_encoding(version, field.value, head)
            }
            14 if field.name.eq_ignore_ascii_case("content-length") => {
                self.content_length(field.value, head)
            }
            _ => Ok(()),
        }
    }

    /// Every Transfer-Encoding field together is one list of codings; it must
    /// end up exactly `chunked`.
    #[inline(never)]
    fn transfer_encoding(
        &mut self,
        version: Version,
        value: &[u8],
        head: &[u8],
    ) -> Result<(), ParseError> {
        let at = offset_in(head, value);
        if self.cl_at.is_some() {
            return Err(ErrorKind::TransferEncodingWithContentLength.at(at));
        }
        if version == Version::Http10 {
            return Err(ErrorKind::TransferEncodingInHttp10.at(at));
        }
        self.te_at.get_or_insert(at);
        self.te_last_at = at;
        for coding in list_items(value) {
            let at = offset_in(head, coding);
            if !coding.eq_ignore_ascii_case(b"chunked") {
                return Err(ErrorKind::UnknownTransferCoding.at(at));
            }
            if self.chunked {
                // §7: a sender MUST NOT apply chunked more than once.
                return Err(ErrorKind::ChunkedNotFinal.at(at));
            }
            self.chunked = true;
        }
        Ok(())
    }

    /// RFC 9110 §8.6: `Content-Length = 1*DIGIT`. A recipient may accept a
    /// list or repeated fields of the same value (`5, 5`); different values → 400.
    #[inline(never)]
    fn content_length(&mut self, value: &[u8], head: &[u8]) -> Result<(), ParseError> {
        let value_at = offset_in(head, value);
        if self.te_at.is_some() {
            return Err(ErrorKind::TransferEncodingWithContentLength.at(value_at));
        }
        self.cl_at.get_or_insert(value_at);
        let mut any = false;
        for item in value.split(|&b| b == b',') {
            let item = item.trim_ascii();
            let at = offset_in(head, item);
            let n = parse_decimal(item).ok_or(ErrorKind::ContentLength.at(at))?;
            match self.length {
                Some(l) if l != n => return Err(ErrorKind::ConflictingContentLength.at(at)),
                _ => self.length = Some(n),
            }
            any = true;
        }
        if !any {
            return Err(ErrorKind::ContentLength.at(value_at));
        }
        Ok(())
    }

    /// At the end of the head: the framing the fields gave, or `Ok(None)` for
    /// neither field (the caller decides: a request has no body, a response
    /// runs to the end of the connection).
    pub(crate) fn finish(self) -> Result<Option<BodyKind>, ParseError> {
        match (self.te_at, self.length) {
            // An empty Transfer-Encoding: no final chunked (§6.3 item 4).
            (Some(_), _) if !self.chunked => Err(ErrorKind::ChunkedNotFinal.at(self.te_last_at)),
            (Some(_), _) => Ok(Some(BodyKind::Chunked)),
            (None, Some(n)) => Ok(Some(BodyKind::Length(n))),
            (None, None) => Ok(None),
        }
    }
}
// ANCHOR_END: framing

/// The framing of a whole header section at once: [`Framing`] over every field.
fn framing_fields(
    version: Version,
    headers: &[Header<'_>],
    head: &[u8],
) -> Result<Option<BodyKind>, ParseError> {
    let mut framing = Framing::default();
    for field in headers {
        framing.field(version, field, head)?;
    }
    framing.finish()
}

// ANCHOR: response_body_kind
impl Response<'_, '_> {
    /// Decides the body's framing by RFC 9112 §6.3 (for responses). A client
    /// must say whether it asked with HEAD: the response to HEAD carries the
    /// fields a GET's would, but never a body (§6.3 item 1).
    ///
    /// 1. HEAD, 1xx, 204, 304 → no body, whatever the fields say (a 304's
    ///    Content-Length describes the representation it did not send).
    /// 2. Otherwise the fields decide by the request's rules (`Framing`:
    ///    both fields, an HTTP/1.0 Transfer-Encoding, a coding we did not ask
    ///    for, or a bad Content-Length are errors: a client MUST close the
    ///    connection and discard such a response, §6.3 items 3 and 5). They are
    ///    applied here, not while parsing, because a 304's fields need not frame anything.
    /// 3. Neither field → close-delimited (§6.3 item 8).
    ///
    /// (A 2xx answer to CONNECT would turn the connection into a tunnel, §6.3
    /// item 2; our clients never send CONNECT.)
    pub fn body_kind(&self, request_was_head: bool) -> Result<ResponseBodyKind, ParseError> {
        if request_was_head || matches!(self.status, 100..=199 | 204 | 304) {
            return Ok(ResponseBodyKind::None);
        }
        Ok(
            match framing_fields(self.version, self.headers, self.head)? {
                Some(BodyKind::Chunked) => ResponseBodyKind::Chunked,
                Some(BodyKind::Length(n)) => ResponseBodyKind::Length(n),
                Some(BodyKind::None) | None => ResponseBodyKind::CloseDelimited,
            },
        )
    }
}
// ANCHOR_END: response_body_kind

/// `1*DIGIT` as a u64: no sign, no spaces, no overflow.
fn parse_decimal(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EMPTY_HEADER, Limits, Status, parse_request};

    fn kind(head: &str) -> Result<BodyKind, ParseError> {
        let mut h = [EMPTY_HEADER; 16];
        // The parser applies the framing rules itself, so errors come from it.
        match parse_request(head.as_bytes(), &mut h, &Limits::default())? {
            Status::Complete((req, _)) => req.body_kind(),
            Status::Partial => panic!("partial: {head:?}"),
        }
    }

    fn err(head: &str) -> ErrorKind {
        kind(head).expect_err(head).kind
    }

    #[test]
    fn framing_rules() {
        use ErrorKind::*;
        assert_eq!(kind("GET / HTTP/1.1\r\n\r\n"), Ok(BodyKind::None));
        assert_eq!(
            kind("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n"),
            Ok(BodyKind::Length(5))
        );
        assert_eq!(
            kind("POST / HTTP/1.1\r\nContent-Length: 5, 5\r\ncontent-length: 5\r\n\r\n"),
            Ok(BodyKind::Length(5))
        );
        assert_eq!(
            kind("POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n"),
            Ok(BodyKind::Chunked)
        );
        assert_eq!(
            kind("POST / HTTP/1.1\r\nTransfer-Encoding: ,chunked\r\n\r\n"),
            Ok(BodyKind::Chunked)
        );
        assert_eq!(
            err("POST / HTTP/1.1\r\nContent-Length: 5, 6\r\n\r\n"),
            ConflictingContentLength
        );
        assert_eq!(
            err("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"),
            ConflictingContentLength
        );
        assert_eq!(
            err("POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n"),
            ContentLength
        );
        assert_eq!(
            err("POST / HTTP/1.1\r\nContent-Length: 0x5\r\n\r\n"),
            ContentLength
        );
        assert_eq!(
            err("POST / HTTP/1.1\r\nContent-Length:\r\n\r\n"),
            ContentLength
        );
        assert_eq!(
            err("POST / HTTP/1.1\r\nContent-Length: 5,\r\n\r\n"),
            ContentLength
        );
        assert_eq!(
            err("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n"),
            ContentLength
        );
        assert_eq!(
            err("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"),
            TransferEncodingWithContentLength
        );
        assert_eq!(
            err("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"),
            TransferEncodingInHttp10
        );
        assert_eq!(
            err("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
            UnknownTransferCoding
        );
        assert_eq!(
            err("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"),
            UnknownTransferCoding
        );
        assert_eq!(
            err(
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
            ),
            ChunkedNotFinal
        );
        assert_eq!(
            err("POST / HTTP/1.1\r\nTransfer-Encoding:\r\n\r\n"),
            ChunkedNotFinal
        );
        assert_eq!(UnknownTransferCoding.status(), 501);
    }

    fn response_kind(head: &str, was_head: bool) -> Result<ResponseBodyKind, ParseError> {
        let mut h = [EMPTY_HEADER; 16];
        match crate::parse_response(head.as_bytes(), &mut h, &Limits::default()).unwrap() {
            Status::Complete((resp, _)) => resp.body_kind(was_head),
            Status::Partial => panic!("partial: {head:?}"),
        }
    }

    #[test]
    fn response_framing_rules() {
        use ResponseBodyKind::*;
        let k = |head: &str| response_kind(head, false);
        // §6.3 item 1: no body, whatever the fields say.
        for status in ["100", "101", "199", "204", "304"] {
            let head = format!("HTTP/1.1 {status} X\r\nContent-Length: 5\r\n\r\n");
            assert_eq!(k(&head), Ok(None), "{status}");
            let head = format!("HTTP/1.1 {status} X\r\nTransfer-Encoding: chunked\r\n\r\n");
            assert_eq!(k(&head), Ok(None), "{status}");
        }
        let ok = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n";
        assert_eq!(k(ok), Ok(Length(5)));
        assert_eq!(response_kind(ok, true), Ok(None), "a response to HEAD");
        assert_eq!(
            k("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
            Ok(Chunked)
        );
        // §6.3 item 8: neither field → until the server closes.
        assert_eq!(k("HTTP/1.1 200 OK\r\n\r\n"), Ok(CloseDelimited));
        assert_eq!(k("HTTP/1.0 404 Not Found\r\n\r\n"), Ok(CloseDelimited));
        assert_eq!(
            k("HTTP/1.1 205 Reset\r\nContent-Length: 0\r\n\r\n"),
            Ok(Length(0))
        );
        // The fields' rules are the request's.
        let err = |head: &str| k(head).expect_err(head).kind;
        assert_eq!(
            err("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"),
            ErrorKind::TransferEncodingWithContentLength
        );
        assert_eq!(
            err("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
            ErrorKind::TransferEncodingInHttp10
        );
        assert_eq!(
            err("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"),
            ErrorKind::UnknownTransferCoding
        );
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n";
        let e = k(head).unwrap_err();
        assert_eq!(
            (e.kind, e.offset),
            (ErrorKind::ConflictingContentLength, head.find('6').unwrap())
        );
    }

    #[test]
    fn framing_errors_point_at_the_value() {
        let head = "POST / HTTP/1.1\r\nContent-Length: 12x\r\n\r\n";
        let e = kind(head).unwrap_err();
        assert_eq!(e.offset, head.find("12x").unwrap());
    }
}

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

use crate::error::ParseError;
use crate::framing::{BodyKind, framing_fields};
use crate::request::Request;
use crate::response::Response;

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
    /// The body's framing by RFC 9112 §6.3 (for requests): the rules of
    /// `Framing` over the fields, and a request with neither field has no body
    /// (§6.3 item 7).
    ///
    /// A request from [`parse_request`](crate::parse_request) has passed these
    /// rules already (the parser fails at the field line that breaks one), so
    /// for it this is always `Ok`: the same rules, folded over the same fields,
    /// give the same answer. The `Result` has the shape of
    /// [`Response::body_kind`], whose rules are only applied once the status is known.
    pub fn body_kind(&self) -> Result<BodyKind, ParseError> {
        framing_fields(self.version, self.headers, self.head).map(|k| k.unwrap_or(BodyKind::None))
    }
}
// ANCHOR_END: body_kind

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EMPTY_HEADER, ErrorKind, Limits, Status, parse_request};

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

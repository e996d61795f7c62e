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

use crate::error::{ErrorKind, ParseError};
use crate::list::list_items;
use crate::request::{Request, Version};

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

// ANCHOR: body_kind
impl Request<'_, '_> {
    /// Decides the body's framing by RFC 9112 §6.3 (for requests):
    ///
    /// 1. Transfer-Encoding and Content-Length together → 400 (§6.3 item 3:
    ///    a server MAY reject; we do, because it is how smuggling starts).
    /// 2. Transfer-Encoding in HTTP/1.0 → 400 (§6.1: framing is faulty).
    /// 3. Transfer-Encoding: any coding but `chunked` → 501 (§6.1, we decode no
    ///    others); `chunked` not last, or twice → 400 (§6.3 item 4, §7).
    /// 4. Content-Length: digits; repeated values must all agree (§6.3 item 5).
    /// 5. Neither → no body.
    pub fn body_kind(&self) -> Result<BodyKind, ParseError> {
        let te = self
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case("transfer-encoding"));
        let cl = self
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case("content-length"));
        if let Some(te) = te {
            let at = self.offset_of(te.value);
            if let Some(cl) = cl {
                let at = at.max(self.offset_of(cl.value));
                return Err(ErrorKind::TransferEncodingWithContentLength.at(at));
            }
            if self.version == Version::Http10 {
                return Err(ErrorKind::TransferEncodingInHttp10.at(at));
            }
            return self.transfer_codings().map(|()| BodyKind::Chunked);
        }
        match cl {
            Some(_) => self.content_length().map(BodyKind::Length),
            None => Ok(BodyKind::None),
        }
    }
    // ANCHOR_END: body_kind

    /// Every Transfer-Encoding field together is one list of codings; it must be exactly `chunked`.
    fn transfer_codings(&self) -> Result<(), ParseError> {
        let mut chunked_seen = false;
        let mut last_at = 0;
        for value in self.headers_named("transfer-encoding") {
            let at = self.offset_of(value);
            last_at = at;
            for coding in list_items(value) {
                let at = self.offset_of(coding);
                if !coding.eq_ignore_ascii_case(b"chunked") {
                    return Err(ErrorKind::UnknownTransferCoding.at(at));
                }
                if chunked_seen {
                    // §7: a sender MUST NOT apply chunked more than once.
                    return Err(ErrorKind::ChunkedNotFinal.at(at));
                }
                chunked_seen = true;
            }
        }
        if chunked_seen {
            Ok(())
        } else {
            // An empty Transfer-Encoding: no final chunked.
            Err(ErrorKind::ChunkedNotFinal.at(last_at))
        }
    }

    /// RFC 9110 §8.6: `Content-Length = 1*DIGIT`. A recipient may accept a list
    /// or repeated fields of the same value (`5, 5`); different values → 400.
    fn content_length(&self) -> Result<u64, ParseError> {
        let mut length: Option<u64> = None;
        for value in self.headers_named("content-length") {
            let mut any = false;
            for item in value.split(|&b| b == b',') {
                let item = item.trim_ascii();
                let at = self.offset_of(item);
                let n = parse_decimal(item).ok_or(ErrorKind::ContentLength.at(at))?;
                match length {
                    Some(l) if l != n => {
                        return Err(ErrorKind::ConflictingContentLength.at(at));
                    }
                    _ => length = Some(n),
                }
                any = true;
            }
            if !any {
                return Err(ErrorKind::ContentLength.at(self.offset_of(value)));
            }
        }
        Ok(length.unwrap_or(0))
    }
}

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
        match parse_request(head.as_bytes(), &mut h, &Limits::default()).unwrap() {
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

    #[test]
    fn framing_errors_point_at_the_value() {
        let head = "POST / HTTP/1.1\r\nContent-Length: 12x\r\n\r\n";
        let e = kind(head).unwrap_err();
        assert_eq!(e.offset, head.find("12x").unwrap());
    }
}

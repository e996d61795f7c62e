//! The framing fields, Content-Length and Transfer-Encoding (RFC 9112 §6.1,
//! §6.3; RFC 9110 §8.6): the rules that say how a body is framed, applied one
//! field line at a time.
//!
//! The request parser calls [`Framing::field`] as each field line completes,
//! so a framing error is reported where it is, as soon as it is certain, like
//! every other parse error. `body.rs` folds the same rules over a whole header
//! section (for a response, once its status says whether they apply).

use crate::error::{ErrorKind, ParseError};
use crate::list::list_items;
use crate::request::{Header, Version, offset_in};

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
pub(crate) fn framing_fields(
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

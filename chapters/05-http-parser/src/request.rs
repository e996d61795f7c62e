//! What a parsed request head looks like: borrowed slices of the input, no copies.

use std::fmt;

use crate::list::list_contains;

/// The HTTP versions we speak (RFC 9112 §2.3). Anything else is a 505.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Version {
    /// `HTTP/1.0`: the connection closes after each response unless the client
    /// asks for `Connection: keep-alive`.
    Http10,
    /// `HTTP/1.1`: connections persist unless someone sends `Connection: close`.
    Http11,
    /// HTTP/2 (chapter 15). Never parsed from text: a request that arrived in
    /// HTTP/2 frames carries no version, it "implicitly" has 2.0 (RFC 9113
    /// §8.3.1), and the connection persists whatever its fields say.
    Http2,
}

impl Version {
    /// `"HTTP/1.0"` or `"HTTP/1.1"`, as on the wire; `"HTTP/2"` as RFC 9113 names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::Http10 => "HTTP/1.0",
            Version::Http11 => "HTTP/1.1",
            Version::Http2 => "HTTP/2",
        }
    }

    /// The minor version of an HTTP/1.x message (`HTTP/1.0` is 0, `HTTP/1.1`
    /// is 1), as httparse reports it; `None` for HTTP/2, which has no text form.
    pub fn minor(self) -> Option<u8> {
        match self {
            Version::Http10 => Some(0),
            Version::Http11 => Some(1),
            Version::Http2 => None,
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One header field: a name (a token, so ASCII) and a value (bytes: obs-text
/// is allowed, so a value need not be UTF-8), with surrounding whitespace trimmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header<'b> {
    /// The field name as sent; compare it case-insensitively (RFC 9110 §5.1).
    pub name: &'b str,
    /// The field value without leading or trailing SP/HTAB (RFC 9112 §5.1).
    pub value: &'b [u8],
}

/// An empty header, to fill the array the parser writes into:
/// `let mut headers = [EMPTY_HEADER; 32];`
pub const EMPTY_HEADER: Header<'static> = Header {
    name: "",
    value: b"",
};

/// A parsed request head. `'b` is the input buffer, `'h` the header array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request<'b, 'h> {
    /// The method, a token, case-sensitive (`GET`, `POST`, …).
    pub method: &'b str,
    /// The request-target, exactly as sent (`/path?query`, `http://host/x`, `host:443`, `*`).
    pub target: &'b str,
    /// HTTP/1.0 or HTTP/1.1.
    pub version: Version,
    /// The header fields in the order they came.
    pub headers: &'h [Header<'b>],
    /// The head's bytes, so framing errors can name their offset.
    pub(crate) head: &'b [u8],
}

impl<'b> Request<'b, '_> {
    /// The value of the first field called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&'b [u8]> {
        fields_named(self.headers, name).next()
    }

    /// Every field called `name` (case-insensitive), in order.
    pub fn headers_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'b [u8]> + 's {
        fields_named(self.headers, name)
    }

    /// Whether the connection may carry another request after this one
    /// (RFC 9112 §9.3): `close` in any Connection field ends it; otherwise
    /// HTTP/1.1 persists by default and HTTP/1.0 only with `keep-alive`.
    pub fn keep_alive(&self) -> bool {
        persists(self.version, self.headers)
    }
}

/// The values of the fields called `name` (case-insensitive), in order; requests and
/// responses look fields up the same way.
pub(crate) fn fields_named<'a, 'b>(
    headers: &'a [Header<'b>],
    name: &'a str,
) -> impl Iterator<Item = &'b [u8]> + 'a {
    headers
        .iter()
        .filter(move |h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value)
}

/// RFC 9112 §9.3, for either side: `close` in any Connection field ends the
/// connection; otherwise HTTP/1.1 persists and HTTP/1.0 only with `keep-alive`.
pub(crate) fn persists(version: Version, headers: &[Header<'_>]) -> bool {
    let has = |token: &str| fields_named(headers, "connection").any(|v| list_contains(v, token));
    if has("close") {
        return false;
    }
    match version {
        Version::Http11 | Version::Http2 => true,
        Version::Http10 => has("keep-alive"),
    }
}

/// Where `bytes` (a slice of `head`) starts in `head`: how framing errors name their byte.
pub(crate) fn offset_in(head: &[u8], bytes: &[u8]) -> usize {
    (bytes.as_ptr() as usize).saturating_sub(head.as_ptr() as usize)
}

/// The answer of an incremental parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status<T> {
    /// Done: here is the result.
    Complete(T),
    /// Everything so far is valid, but the input ends too soon: read more and call again.
    Partial,
}

impl<T> Status<T> {
    /// The result, if complete.
    pub fn complete(self) -> Option<T> {
        match self {
            Status::Complete(t) => Some(t),
            Status::Partial => None,
        }
    }

    /// Whether more bytes are needed.
    pub fn is_partial(&self) -> bool {
        matches!(self, Status::Partial)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http2_has_no_text_form_and_always_persists() {
        assert_eq!(Version::Http2.to_string(), "HTTP/2");
        assert_eq!(
            [Version::Http10, Version::Http11, Version::Http2].map(Version::minor),
            [Some(0), Some(1), None]
        );
        // An HTTP/2 connection carries many requests, like HTTP/1.1's default.
        assert!(persists(Version::Http2, &[]));
        assert!(!persists(Version::Http10, &[]));
    }
}

//! Exercise: write a response head by hand.
//!
//! A response starts with a status line and header fields, each ending in CRLF,
//! and an empty line (RFC 9112 §4, §5). A header value holding CR or LF could end
//! the head early and inject fields of its own ("response splitting"): refuse it.

/// Why a head cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadError {
    /// A header name that is not a token (RFC 9110 §5.1); carries the name.
    BadName(String),
    /// A header value holding CR, LF or NUL (RFC 9110 §5.5); carries the name.
    BadValue(String),
}

/// Writes `HTTP/1.1 STATUS REASON\r\n`, each header as `Name: value\r\n`,
/// `Content-Length: BODY_LEN\r\n`, then the empty line `\r\n`.
///
/// A name must be a token: one or more of ASCII letters, digits and
/// ``!#$%&'*+-.^_`|~``. A value must not hold `\r`, `\n` or `\0`.
pub fn response_head(
    status: u16,
    reason: &str,
    headers: &[(&str, &str)],
    body_len: usize,
) -> Result<String, HeadError> {
    // TODO: check every header (BadName / BadValue), then build the head.
    let _ = (status, reason, headers, body_len);
    todo!(
        "response_head: status line, header lines, Content-Length, empty line (see the doc comment)"
    )
}

//! Exercise: write a response head by hand.
//!
//! A response starts with a status line and header fields, each ending in CRLF,
//! and an empty line (RFC 9112 §4, §5). A header value copied from user input
//! that holds CR or LF could end the head early and inject fields of its own
//! ("response splitting"), so such values are refused.

/// Why a head cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadError {
    /// A header name that is not a token (RFC 9110 §5.1); carries the name.
    BadName(String),
    /// A header value holding CR, LF or NUL (RFC 9110 §5.5); carries the name.
    BadValue(String),
}

/// RFC 9110 §5.6.2: token = 1*tchar.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Writes `HTTP/1.1 STATUS REASON\r\n`, each header as `Name: value\r\n`,
/// `Content-Length: BODY_LEN\r\n`, then the empty line `\r\n`.
pub fn response_head(
    status: u16,
    reason: &str,
    headers: &[(&str, &str)],
    body_len: usize,
) -> Result<String, HeadError> {
    // Check everything first, so an error never leaves half a head behind.
    for (name, value) in headers {
        if !is_token(name) {
            return Err(HeadError::BadName(name.to_string()));
        }
        if value.contains(['\r', '\n', '\0']) {
            return Err(HeadError::BadValue(name.to_string()));
        }
    }
    let mut head = format!("HTTP/1.1 {status} {reason}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    // The framing: without it the client cannot tell where the body ends (RFC 9112 §6.3).
    head.push_str(&format!("Content-Length: {body_len}\r\n\r\n"));
    Ok(head)
}

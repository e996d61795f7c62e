//! Exercise: parse a request line, `GET /index.html HTTP/1.1`, by RFC 9112 §3:
//! `request-line = method SP request-target SP HTTP-version`.

use crate::is_tchar;

/// The three parts of a request line, borrowed from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLine<'a> {
    /// The method, a token (`GET`).
    pub method: &'a str,
    /// The request-target, visible ASCII (`/index.html`).
    pub target: &'a str,
    /// The minor version: `0` for HTTP/1.0, `1` for HTTP/1.1.
    pub minor: u8,
}

/// What was wrong with a request line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineError {
    /// The method is empty or has a byte that is not a tchar.
    Method,
    /// The target is empty (two SPs in a row) or has a byte outside 0x21..=0x7e.
    Target,
    /// The version is not `HTTP/DIGIT.DIGIT`. A SP inside the target lands
    /// here too: the target ends at the first SP after the method, as in the
    /// chapter's parser, so `GET /a b HTTP/1.1` has the version `b HTTP/1.1`.
    Version,
    /// A well-formed version other than 1.0 and 1.1 (a server answers 505).
    Unsupported,
}

/// Parses one request line, without its line end.
pub fn parse_request_line(line: &[u8]) -> Result<RequestLine<'_>, LineError> {
    // TODO: split at SP into method and target, check each byte (is_tchar for the method,
    // 0x21..=0x7e for the target), then match the rest against HTTP/DIGIT.DIGIT.
    let _ = (line, is_tchar);
    todo!("parse_request_line: method SP target SP HTTP/1.x (see the doc comments)")
}

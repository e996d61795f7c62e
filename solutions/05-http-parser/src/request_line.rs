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
    // The method runs to the first SP; every byte before it must be a tchar,
    // so a line with no SP at all is a bad method too.
    let sp1 = line
        .iter()
        .position(|&b| b == b' ')
        .ok_or(LineError::Method)?;
    let method = &line[..sp1];
    if method.is_empty() || !method.iter().all(|&b| is_tchar(b)) {
        return Err(LineError::Method);
    }
    // The target runs to the next SP. Exactly one SP separates the parts
    // (RFC 9112 §3), so an empty target (two SPs in a row) is an error.
    let rest = &line[sp1 + 1..];
    let sp2 = rest
        .iter()
        .position(|&b| b == b' ')
        .ok_or(LineError::Target)?;
    let target = &rest[..sp2];
    if target.is_empty() || !target.iter().all(|b| (0x21..=0x7e).contains(b)) {
        return Err(LineError::Target);
    }
    // HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3), case-sensitive.
    let minor = match &rest[sp2 + 1..] {
        [b'H', b'T', b'T', b'P', b'/', major, b'.', minor]
            if major.is_ascii_digit() && minor.is_ascii_digit() =>
        {
            if *major != b'1' || *minor > b'1' {
                return Err(LineError::Unsupported);
            }
            minor - b'0'
        }
        _ => return Err(LineError::Version),
    };
    // Every byte was checked to be ASCII, so these cannot fail.
    let text = |b| std::str::from_utf8(b).map_err(|_| LineError::Target);
    Ok(RequestLine {
        method: text(method)?,
        target: text(target)?,
        minor,
    })
}

//! The request-head parser (RFC 9112 §2–§5), and the pieces a response head
//! shares with it (`response.rs` uses them): line ends, the version, the
//! header section and the head-size limit.
//!
//! It is *incremental without state*: give it whatever bytes you have; it
//! answers `Partial` ("read more and call again with the longer buffer"),
//! `Complete((request, head_len))`, or an error at the first invalid byte. So it
//! works when a request arrives one byte at a time and when several requests
//! arrive in one read (pipelining: the next one starts at `head_len` + the body).
//!
//! Re-scanning from the start costs O(n²) over a head fed n single bytes, each
//! call re-reading what the last one read. What bounds it: the head limit (a
//! call never looks past `max_head_bytes`, 8 KiB), and the caller, which should
//! not call again for every byte. Chapter 6's server checks, then parses: it
//! scans only the new bytes for a possible end of head and calls the parser
//! then, and its read deadline limits how long a slow sender may take.
//!
//! It allocates nothing: names, values and the target are slices of `buf`, and
//! headers go into the caller's array.
//!
//! ```text
//!   empty lines ──▶ method ──SP──▶ target ──SP──▶ version ──CRLF──▶ line start ◀─────────┐
//!   (skipped)       tchar*         VCHAR*         HTTP/d.d                │               │
//!                                                                         ├─ CRLF: head complete
//!                                                                         ├─ SP/HTAB: obs-fold → 400
//!                                                                         ▼               │
//!                                             name ──":"──▶ OWS ──▶ value ──CRLF──────────┘
//!                                             tchar*   ▲            (OWS trimmed)
//!                                                      └─ SP before ":" → 400
//! ```
//!
//! Line ends: CRLF, or a bare LF, which RFC 9112 §2.2 allows a recipient to
//! accept (and httparse accepts too). A bare CR may be rejected or replaced by
//! SP (§2.2); we reject it.

use crate::chars;
use crate::error::{ErrorKind, ParseError};
use crate::framing::Framing;
use crate::limits::Limits;
use crate::request::{Header, Request, Status, Version};
use crate::scan::{Scan, Swar};

/// The parser's answer: a request and the head's length, or "need more bytes".
pub type ParseResult<'b, 'h> = Result<Status<(Request<'b, 'h>, usize)>, ParseError>;

/// Parses one request head at the start of `buf`.
///
/// # Returns
/// - `Ok(Status::Complete((request, n)))`: the head is the first `n` bytes of
///   `buf`; the body (if [`Request::body_kind`] says there is one) starts at `n`.
/// - `Ok(Status::Partial)`: every byte so far is valid; read more and call again.
/// - `Err(e)`: `e.offset` is the first byte that broke a rule; answer `e.status()`.
///
/// At most `min(headers.len(), limits.max_headers)` fields are accepted.
pub fn parse_request<'b, 'h>(
    buf: &'b [u8],
    headers: &'h mut [Header<'b>],
    limits: &Limits,
) -> ParseResult<'b, 'h> {
    parse_request_with::<Swar>(buf, headers, limits)
}

/// [`parse_request`] with a chosen way of scanning byte runs (see [`crate::scan`]):
/// the benchmark compares [`crate::scan::Plain`], [`crate::scan::Table`] and [`Swar`].
#[inline]
pub fn parse_request_with<'b, 'h, S: Scan>(
    buf: &'b [u8],
    headers: &'h mut [Header<'b>],
    limits: &Limits,
) -> ParseResult<'b, 'h> {
    let max_headers = headers.len().min(limits.max_headers);
    within_limit(buf, limits, |view| {
        parse_head::<S>(view, headers, max_headers, limits)
    })
}

/// Runs a head parser on at most `limits.max_head_bytes` of `buf`: never look
/// past the head limit, so a peer that never ends its head costs us at most
/// that much scanning and buffering. Partial at the limit → [`ErrorKind::HeadTooLarge`].
#[inline(always)]
pub(crate) fn within_limit<'b, T>(
    buf: &'b [u8],
    limits: &Limits,
    parse: impl FnOnce(&'b [u8]) -> Step<T>,
) -> Result<Status<T>, ParseError> {
    let view = &buf[..buf.len().min(limits.max_head_bytes)];
    match parse(view)? {
        Some(done) => Ok(Status::Complete(done)),
        None if buf.len() >= limits.max_head_bytes => {
            Err(ErrorKind::HeadTooLarge.at(limits.max_head_bytes))
        }
        None => Ok(Status::Partial),
    }
}

/// `Ok(None)` = partial. `?` on [`need`] returns it when `buf` runs out.
pub(crate) type Step<T> = Result<Option<T>, ParseError>;

/// The byte at `i`, or "partial" when the buffer ends there.
macro_rules! need {
    ($buf:expr, $i:expr) => {
        match $buf.get($i) {
            Some(&b) => b,
            None => return Ok(None),
        }
    };
}
pub(crate) use need;

/// A line end at `i` (the byte there is CR or LF): its length, 2 or 1.
/// RFC 9112 §2.2: bare LF is accepted as a line end; a bare CR is rejected (§2.2
/// allows that or replacing it with SP).
#[inline(always)]
pub(crate) fn line_end(buf: &[u8], i: usize) -> Step<usize> {
    if buf[i] == b'\n' {
        return Ok(Some(1));
    }
    match need!(buf, i + 1) {
        b'\n' => Ok(Some(2)),
        _ => Err(ErrorKind::BareCr.at(i)),
    }
}

/// The head is ASCII where we make `&str`s (tokens and targets are checked
/// byte by byte), so this cannot fail; if it ever did it would be a bug, and an
/// empty string is safer than a panic.
#[inline(always)]
pub(crate) fn ascii(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

// ANCHOR: request_line
fn parse_head<'b, 'h, S: Scan>(
    buf: &'b [u8],
    headers: &'h mut [Header<'b>],
    max_headers: usize,
    limits: &Limits,
) -> Step<(Request<'b, 'h>, usize)> {
    // RFC 9112 §2.2: a server SHOULD ignore empty lines before the request-line
    // (some old clients send CRLF after a POST body).
    let Some(mut i) = skip_empty_lines(buf)? else {
        return Ok(None);
    };

    // method = token, then exactly one SP (RFC 9112 §3).
    let method_end = S::token(buf, i);
    let b = need!(buf, method_end);
    if b != b' ' || method_end == i {
        return Err(ErrorKind::Method.at(method_end));
    }
    let method = ascii(&buf[i..method_end]);
    i = method_end + 1;

    // request-target: a run of visible ASCII, then one SP.
    let target_start = i;
    let target_end = S::target(buf, i);
    if target_end - target_start > limits.max_target_bytes {
        return Err(ErrorKind::TargetTooLong.at(target_start + limits.max_target_bytes));
    }
    let b = need!(buf, target_end);
    if b != b' ' || target_end == target_start {
        return Err(ErrorKind::Target.at(target_end));
    }
    let target = ascii(&buf[target_start..target_end]);
    if !target_form_fits(method, target) {
        return Err(ErrorKind::TargetForm.at(target_start));
    }
    i = target_end + 1;

    // HTTP-version = "HTTP/" DIGIT "." DIGIT, then the line end.
    let version = match parse_version(buf, i, b"HTTP/#.#")? {
        Some(v) => v,
        None => return Ok(None),
    };
    i += 8;
    match need!(buf, i) {
        b'\r' | b'\n' => match line_end(buf, i)? {
            Some(n) => i += n,
            None => return Ok(None),
        },
        _ => return Err(ErrorKind::LineEnd.at(i)),
    }
    // ANCHOR_END: request_line

    // ANCHOR: framing_as_we_go
    // The framing rules (RFC 9112 §6.3) are checked as each field line ends,
    // so a bad or conflicting Content-Length fails there, with its offset,
    // without waiting for the rest of the head.
    let mut framing = Framing::default();
    let on_field = |field: &Header<'b>| framing.field(version, field, buf);
    let (count, end) = match parse_fields::<S>(buf, i, headers, max_headers, on_field)? {
        Some(done) => done,
        None => return Ok(None),
    };
    // The one rule that needs the whole head: the last coding is `chunked`.
    framing.finish()?;
    // ANCHOR_END: framing_as_we_go
    let request = Request {
        method,
        target,
        version,
        headers: &headers[..count],
        head: &buf[..end],
    };
    Ok(Some((request, end)))
}

/// Where the start line begins: after any empty lines (RFC 9112 §2.2).
pub(crate) fn skip_empty_lines(buf: &[u8]) -> Step<usize> {
    let mut i = 0;
    while matches!(need!(buf, i), b'\r' | b'\n') {
        match line_end(buf, i)? {
            Some(n) => i += n,
            None => return Ok(None),
        }
    }
    Ok(Some(i))
}

/// `HTTP/1.0` or `HTTP/1.1` at `i`, checked against `pattern` (`#` = any digit):
/// a request allows `HTTP/#.#` (other versions are well-formed, so 505), a
/// response `HTTP/1.#`. Reports an error as soon as a byte does not fit, even
/// before all 8 arrived.
pub(crate) fn parse_version(buf: &[u8], i: usize, pattern: &[u8; 8]) -> Step<Version> {
    let have = &buf[i..buf.len().min(i + 8)];
    for (k, (&b, &p)) in have.iter().zip(pattern.iter()).enumerate() {
        let fits = if p == b'#' {
            b.is_ascii_digit()
        } else {
            b == p
        };
        if !fits {
            return Err(ErrorKind::Version.at(i + k));
        }
    }
    if have.len() < 8 {
        return Ok(None);
    }
    match &have[5..] {
        b"1.1" => Ok(Some(Version::Http11)),
        b"1.0" => Ok(Some(Version::Http10)),
        _ => Err(ErrorKind::VersionUnsupported.at(i)),
    }
}

/// RFC 9112 §3.2: which request-target forms go with which methods.
///
/// - asterisk-form `*`: only OPTIONS (§3.2.4);
/// - authority-form `host:port`: only CONNECT, and CONNECT only that (§3.2.3);
/// - origin-form `/path?query` (§3.2.1) or absolute-form `scheme:…` (§3.2.2): the rest.
pub fn target_form_fits(method: &str, target: &str) -> bool {
    let t = target.as_bytes();
    if method == "CONNECT" {
        return is_authority_form(t);
    }
    if t == b"*" {
        return method == "OPTIONS";
    }
    t.first() == Some(&b'/') || has_scheme(t)
}

/// `scheme ":"` at the start, scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3986 §3.1).
fn has_scheme(t: &[u8]) -> bool {
    let Some(colon) = t.iter().position(|&b| b == b':') else {
        return false;
    };
    colon > 0
        && t[0].is_ascii_alphabetic()
        && t[1..colon]
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// `uri-host ":" port` (RFC 9112 §3.2.3), port = 1*DIGIT; the host has no `/?#@`.
fn is_authority_form(t: &[u8]) -> bool {
    let Some(colon) = t.iter().rposition(|&b| b == b':') else {
        return false;
    };
    let (host, port) = (&t[..colon], &t[colon + 1..]);
    !host.is_empty()
        && !host.iter().any(|b| matches!(b, b'/' | b'?' | b'#' | b'@'))
        && !port.is_empty()
        && port.iter().all(u8::is_ascii_digit)
}

// ANCHOR: fields
/// The field lines from `i` to the empty line (RFC 9112 §5):
/// `field-name ":" OWS field-value OWS CRLF`. Returns how many fields and where the head ends.
/// Requests and responses share it: their header sections follow the same rules.
/// `on_field` sees each field as soon as its line is complete, and may reject it
/// (a request's framing rules); a response passes one that accepts everything.
pub(crate) fn parse_fields<'b, S: Scan>(
    buf: &'b [u8],
    mut i: usize,
    headers: &mut [Header<'b>],
    max_headers: usize,
    mut on_field: impl FnMut(&Header<'b>) -> Result<(), ParseError>,
) -> Step<(usize, usize)> {
    let mut count = 0;
    loop {
        // At the start of a line: the empty line ends the head.
        match need!(buf, i) {
            b'\r' | b'\n' => {
                return match line_end(buf, i)? {
                    Some(n) => Ok(Some((count, i + n))),
                    None => Ok(None),
                };
            }
            // RFC 9112 §5.2: obs-fold (a line starting with SP/HTAB continues the
            // previous value) MUST be rejected or replaced; we reject it. Before the
            // first field the same bytes are §2.2's whitespace after the start-line.
            b' ' | b'\t' => return Err(ErrorKind::ObsFold.at(i)),
            _ => {}
        }
        if count == max_headers {
            return Err(ErrorKind::TooManyHeaders.at(i));
        }

        // field-name = token, then ":" with no whitespace before it.
        let name_end = S::token(buf, i);
        match need!(buf, name_end) {
            b':' if name_end > i => {}
            b' ' | b'\t' if name_end > i => return Err(ErrorKind::SpaceBeforeColon.at(name_end)),
            _ => return Err(ErrorKind::HeaderName.at(name_end)),
        }
        let name = ascii(&buf[i..name_end]);
        i = name_end + 1;

        // OWS, then the value up to the line end; trailing OWS is trimmed.
        while matches!(need!(buf, i), b' ' | b'\t') {
            i += 1;
        }
        let value_start = i;
        let value_end = S::value(buf, i);
        let eol = match need!(buf, value_end) {
            b'\r' | b'\n' => match line_end(buf, value_end)? {
                Some(n) => n,
                None => return Ok(None),
            },
            _ => return Err(ErrorKind::HeaderValue.at(value_end)),
        };
        let mut end = value_end;
        while end > value_start && matches!(buf[end - 1], b' ' | b'\t') {
            end -= 1;
        }
        headers[count] = Header {
            name,
            value: &buf[value_start..end],
        };
        on_field(&headers[count])?;
        count += 1;
        i = value_end + eol;
    }
}
// ANCHOR_END: fields

/// Checks that `chars` is wired as the parser assumes (tokens are ASCII).
const _: () = assert!(!chars::is_tchar(0x80) && !chars::is_target_byte(0x80));

//! Percent-decoding and query strings: `/poll?after=12&timeout=5`.
//!
//! A request target is `path ? query` (RFC 3986 §3). Both parts may carry bytes
//! written as `%XX` (RFC 3986 §2.1). Paths are decoded strictly by [`percent_decode`]
//! (a broken escape in a path is a 400: we are about to open a file with it), while
//! query strings follow the lenient rules browsers use for forms
//! (WHATWG URL, "application/x-www-form-urlencoded parsing"): `+` is a space and a
//! broken escape stays as it was written.
//!
//! Chapters 11–13 read `?after=N&timeout=S` with [`Query`].

use std::fmt;

/// A `%` not followed by two hex digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadEscape {
    /// Byte offset of the `%` in the input.
    pub offset: usize,
}

impl fmt::Display for BadEscape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "bad percent-escape at byte {}: `%` must be followed by two hex digits",
            self.offset
        )
    }
}

impl std::error::Error for BadEscape {}

/// The value of one hex digit, or `None`.
fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

// ANCHOR: percent_decode
/// Decodes every `%XX` in `s` into the byte it names (RFC 3986 §2.1), strictly:
/// a `%` without two hex digits after it is an error.
///
/// The result is bytes, not a string: `%FF` or `%00` decode to bytes that are
/// not valid UTF-8 or are dangerous in a file name, and the caller must decide.
pub fn percent_decode(s: &str) -> Result<Vec<u8>, BadEscape> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hi = bytes.get(i + 1).copied().and_then(hex_value);
            let lo = bytes.get(i + 2).copied().and_then(hex_value);
            match (hi, lo) {
                (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
                _ => return Err(BadEscape { offset: i }),
            }
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Ok(out)
}
// ANCHOR_END: percent_decode

/// Decodes one name or value of a query string the way browsers encode forms:
/// `+` means a space, `%XX` a byte, a broken escape is kept literally, and bytes
/// that are not UTF-8 become U+FFFD.
pub fn form_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = bytes.get(i + 1).copied().and_then(hex_value);
                let lo = bytes.get(i + 2).copied().and_then(hex_value);
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    out.push(hi << 4 | lo);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A parsed query string: the `after=12&timeout=5` in `/poll?after=12&timeout=5`.
///
/// Pairs keep their order; a name may repeat; `flag` with no `=` has the value `""`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Parses `s` (without the `?`). Empty pieces (`a=1&&b=2`) are skipped.
    pub fn parse(s: &str) -> Query {
        let pairs = s
            .split('&')
            .filter(|piece| !piece.is_empty())
            .map(|piece| {
                let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
                (form_decode(name), form_decode(value))
            })
            .collect();
        Query { pairs }
    }

    /// The first value given for `name`, decoded.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value for `name` parsed as `T`: `None` when absent,
    /// `Some(Err(..))` when present but not a `T` (the caller answers 400).
    pub fn parsed<T: std::str::FromStr>(&self, name: &str) -> Option<Result<T, T::Err>> {
        self.get(name).map(str::parse)
    }

    /// Every pair, in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }
}

/// Splits a request target into its path and its query (without the `?`).
/// The fragment (`#…`) never reaches a server (RFC 9110 §4.2.5), so there is none to strip.
pub fn split_target(target: &str) -> (&str, Option<&str>) {
    match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_decoding() {
        assert_eq!(percent_decode("/a%20b").unwrap(), b"/a b");
        assert_eq!(percent_decode("%2e%2E%2f").unwrap(), b"../");
        assert_eq!(percent_decode("%00%ff").unwrap(), [0, 0xff]);
        assert_eq!(percent_decode("100%").unwrap_err().offset, 3);
        assert_eq!(percent_decode("%g1").unwrap_err().offset, 0);
        assert_eq!(percent_decode("ok%4").unwrap_err().offset, 2);
        assert_eq!(
            percent_decode("a+b").unwrap(),
            b"a+b",
            "+ is only a space in forms"
        );
    }

    #[test]
    fn queries() {
        let q = Query::parse("after=12&timeout=5&name=J%C3%BCrgen+M&flag&&after=99");
        assert_eq!(q.get("after"), Some("12"));
        assert_eq!(q.parsed::<u64>("timeout"), Some(Ok(5)));
        assert_eq!(q.get("name"), Some("Jürgen M"));
        assert_eq!(q.get("flag"), Some(""));
        assert_eq!(q.get("missing"), None);
        assert!(q.parsed::<u64>("name").unwrap().is_err());
        assert_eq!(q.pairs().len(), 5);
        assert_eq!(form_decode("100%+sure%zz%f"), "100% sure%zz%f");
        assert_eq!(form_decode("%ff"), "\u{fffd}");
    }

    #[test]
    fn targets() {
        assert_eq!(split_target("/poll?after=1"), ("/poll", Some("after=1")));
        assert_eq!(split_target("/a?"), ("/a", Some("")));
        assert_eq!(split_target("/"), ("/", None));
    }
}

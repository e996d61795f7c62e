//! Writing a request head (RFC 9112 §3): the request line, `Host`, the
//! caller's fields, the empty line.
//!
//! ```text
//!   GET /events?after=3 HTTP/1.1\r\n     request-line: method SP target SP version
//!   Host: 127.0.0.1:7012\r\n             Host is required in HTTP/1.1 (RFC 9112 §3.2)
//!   Accept: text/event-stream\r\n        the caller's fields, in order
//!   \r\n                                 end of the head
//! ```
//!
//! The target and host come from a parsed [`HttpUrl`](super::HttpUrl) (or
//! chapter 8's `ws://` URL), which has already refused bytes that may not be in
//! them. Field *values* may come from elsewhere (a `Last-Event-ID` the server
//! chose, an `Origin` from the command line), so a CR, LF or NUL in one is
//! replaced by a space: never a second line a server would read as another
//! field (RFC 9110 §5.5 gives recipients the same choice).

// ANCHOR: request_head
/// The bytes of a request head: `method target HTTP/1.1`, `Host: host`, then
/// `fields` in order, then the empty line. A body, if any, follows it.
///
/// `method` and the field names are the caller's constants (tokens); values
/// are cleaned of CR, LF and NUL (RFC 9110 §5.5).
pub fn request_head(method: &str, target: &str, host: &str, fields: &[(&str, &str)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + fields.len() * 32);
    out.extend_from_slice(format!("{method} {target} HTTP/1.1\r\n").as_bytes());
    for (name, value) in std::iter::once(&("Host", host)).chain(fields) {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend(value.bytes().map(|b| match b {
            b'\r' | b'\n' | b'\0' => b' ',
            b => b,
        }));
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out
}
// ANCHOR_END: request_head

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_with_fields() {
        let head = request_head(
            "GET",
            "/poll?after=4",
            "h:7011",
            &[("Accept", "application/json")],
        );
        assert_eq!(
            head,
            b"GET /poll?after=4 HTTP/1.1\r\nHost: h:7011\r\nAccept: application/json\r\n\r\n"
        );
    }

    #[test]
    fn a_value_cannot_add_a_line() {
        let head = request_head("GET", "/", "h", &[("Last-Event-ID", "1\r\nEvil: yes\0")]);
        let text = String::from_utf8(head).unwrap();
        assert_eq!(
            text,
            "GET / HTTP/1.1\r\nHost: h\r\nLast-Event-ID: 1  Evil: yes \r\n\r\n"
        );
    }
}

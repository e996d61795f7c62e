//! What every request head looks like to the code that reads it.
//!
//! A request is parsed once, by [`parse_request`](crate::parse_request), into
//! a [`Request`](crate::Request) that borrows the read buffer. A server that
//! must keep the request after the buffer moves on (chapter 6) copies it into
//! an owned form. Code that only *reads* a head — chapter 8's upgrade rules,
//! say — should not care which of the two it was handed, and above all should
//! never parse the bytes a second time to get the other form: a second parse
//! is a second set of limits, and the two drift apart.
//!
//! [`RequestHead`] is that one view: method, target, version and the header
//! fields looked up by name. Both forms implement it, so the server hands the
//! upgrade check the very request its HTTP side already parsed.

use crate::list::list_contains;
use crate::request::{Request, Version, fields_named};

/// A parsed request head, borrowed or owned: what code that reads a request
/// needs, whichever form it is in.
pub trait RequestHead {
    /// The method, case-sensitive (RFC 9110 §9.1).
    fn method(&self) -> &str;
    /// The request-target exactly as sent.
    fn target(&self) -> &str;
    /// HTTP/1.0 or HTTP/1.1.
    fn version(&self) -> Version;
    /// Every field called `name` (case-insensitive, RFC 9110 §5.1), in order.
    fn headers_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s [u8]> + 's;

    /// The value of the first field called `name`.
    fn header<'s>(&'s self, name: &'s str) -> Option<&'s [u8]> {
        self.headers_named(name).next()
    }

    /// Whether any field called `name` lists `token` (RFC 9110 §5.6.1 lists,
    /// read across every field of that name, RFC 9110 §5.3).
    fn has_token(&self, name: &str, token: &str) -> bool {
        self.headers_named(name).any(|v| list_contains(v, token))
    }
}

impl RequestHead for Request<'_, '_> {
    fn method(&self) -> &str {
        self.method
    }
    fn target(&self) -> &str {
        self.target
    }
    fn version(&self) -> Version {
        self.version
    }
    fn headers_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s [u8]> + 's {
        fields_named(self.headers, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EMPTY_HEADER, Limits, Status, parse_request};

    /// Generic code sees the same fields as the borrowed request's own methods.
    fn summary(head: &impl RequestHead) -> (String, bool, Option<Vec<u8>>) {
        (
            format!("{} {} {}", head.method(), head.target(), head.version()),
            head.has_token("connection", "upgrade"),
            head.header("HOST").map(<[u8]>::to_vec),
        )
    }

    #[test]
    fn the_borrowed_request_through_the_trait() {
        let buf = b"GET /chat HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\nconnection: Upgrade\r\n\r\n";
        let mut headers = [EMPTY_HEADER; 8];
        let Ok(Status::Complete((req, _))) = parse_request(buf, &mut headers, &Limits::default())
        else {
            panic!("a whole head")
        };
        assert_eq!(
            summary(&req),
            ("GET /chat HTTP/1.1".to_string(), true, Some(b"h".to_vec()))
        );
    }
}

//! An owned request: what a handler sees.
//!
//! The chapter 5 parser borrows from the read buffer (`Request<'b, 'h>`), which is
//! perfect for parsing and awkward for everything after: the buffer is reused for
//! the next request. Once the head and body are complete we copy them into this
//! owned [`Request`], hand it to a handler, and forget about buffers.

use ch05_http_parser::{RequestHead, Version};

use crate::encode::Answering;
use crate::query::{Query, split_target};

/// One complete request: head and (de-chunked) body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The method, case-sensitive (RFC 9110 §9.1): `GET`, `POST`, …
    pub method: String,
    /// The request-target exactly as sent: `/poll?after=3`.
    pub target: String,
    /// The path part of the target, still percent-encoded: `/poll`. For an
    /// absolute-form target (`http://host/poll`, RFC 9112 §3.2.2) this is its path.
    pub path: String,
    /// The query part without the `?`, still encoded: `after=3`.
    pub query: Option<String>,
    /// HTTP/1.0 or HTTP/1.1.
    pub version: Version,
    /// Header fields in order, as sent.
    pub headers: Vec<(String, Vec<u8>)>,
    /// The body, with any chunked framing removed.
    pub body: Vec<u8>,
    /// Whether the client asked to keep the connection open (RFC 9112 §9.3).
    pub keep_alive: bool,
    /// How many bytes the head took on the wire (for `--trace` and for
    /// measuring what a poll costs).
    pub head_bytes: usize,
}

/// The path and query of a target in origin-form (`/a?b`) or absolute-form
/// (`http://host:80/a?b`, which a server must accept, RFC 9112 §3.2.2).
fn path_and_query(target: &str) -> (String, Option<String>) {
    let origin = match target.split_once("://") {
        // Skip `scheme://authority`; what follows is `/path?query`, `?query` or nothing.
        Some((scheme, rest)) if !scheme.contains('/') => {
            let from = rest.find(['/', '?']).unwrap_or(rest.len());
            format!("/{}", rest[from..].trim_start_matches('/'))
        }
        _ => target.to_string(),
    };
    let (path, query) = split_target(&origin);
    (path.to_string(), query.map(str::to_string))
}

impl Request {
    /// Copies a parsed head (`head_bytes` long on the wire) and its body into an owned request.
    pub fn from_parts(
        head: &ch05_http_parser::Request<'_, '_>,
        head_bytes: usize,
        body: Vec<u8>,
    ) -> Request {
        let (path, query) = path_and_query(head.target);
        Request {
            method: head.method.to_string(),
            target: head.target.to_string(),
            path,
            query,
            version: head.version,
            headers: head
                .headers
                .iter()
                .map(|h| (h.name.to_string(), h.value.to_vec()))
                .collect(),
            body,
            keep_alive: head.keep_alive(),
            head_bytes,
        }
    }

    /// The first value of header `name` (case-insensitive, RFC 9110 §5.1).
    pub fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }

    /// The first value of header `name` as text, if it is UTF-8.
    pub fn header_str(&self, name: &str) -> Option<&str> {
        self.header(name).and_then(|v| std::str::from_utf8(v).ok())
    }

    /// The query string, parsed and decoded (empty when there is none).
    pub fn query(&self) -> Query {
        Query::parse(self.query.as_deref().unwrap_or(""))
    }

    /// What the response encoder needs to know about this request.
    pub fn answering(&self) -> Answering {
        Answering {
            version: self.version,
            head: self.method == "HEAD",
            keep_alive: self.keep_alive,
        }
    }
}

/// The owned request is read like the parsed one it was copied from: chapter
/// 8's upgrade rules take either, so a server never parses a head twice.
impl RequestHead for Request {
    fn method(&self) -> &str {
        &self.method
    }
    fn target(&self) -> &str {
        &self.target
    }
    fn version(&self) -> Version {
        self.version
    }
    fn headers_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s [u8]> + 's {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let pq = |t: &str| path_and_query(t);
        assert_eq!(pq("/a?b=1"), ("/a".into(), Some("b=1".into())));
        assert_eq!(pq("/a"), ("/a".into(), None));
        assert_eq!(pq("http://h:80/x/y?q"), ("/x/y".into(), Some("q".into())));
        assert_eq!(pq("http://h"), ("/".into(), None));
        assert_eq!(pq("http://h?q=1"), ("/".into(), Some("q=1".into())));
        assert_eq!(pq("*"), ("*".into(), None));
    }
}

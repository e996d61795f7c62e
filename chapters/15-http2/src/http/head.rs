//! A request head as HTTP/2 carries it: the control data in pseudo-header
//! fields (`:method`, `:scheme`, `:authority`, `:path`, RFC 9113 §8.3.1),
//! then the ordinary fields, lower case.
//!
//! It implements chapter 5's [`RequestHead`], the one view every earlier
//! chapter reads a request through, so code written for HTTP/1.1 heads (the
//! upgrade check of chapter 8, a router) reads this one too. The mapping is
//! RFC 9113's: the target is `:path`, the version is HTTP/2, and `host` is
//! `:authority` (§8.3.1: a server "MUST NOT use the Host header field to
//! determine the target URI if :authority is present").

use ch05_http_parser::{RequestHead, Version};

use crate::hpack::HeaderField;

/// A request head that passed every rule of §8 (see [`super::validate`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// `:method`.
    pub method: String,
    /// `:scheme` (`http` for h2c, `https` for h2); none for CONNECT.
    pub scheme: Option<String>,
    /// `:authority`: host and port, as HTTP/1.1's Host.
    pub authority: Option<String>,
    /// `:path`: path and query, never empty (`*` for `OPTIONS *`); none for CONNECT.
    pub path: Option<String>,
    /// `:protocol` of an extended CONNECT (RFC 8441 §4: `websocket`).
    pub protocol: Option<String>,
    /// The ordinary fields, in order, names in lower case.
    pub fields: Vec<HeaderField>,
    /// The parsed `content-length`, if the request had one.
    pub content_length: Option<u64>,
    /// The octets the head took on the wire: the HPACK block, frames not counted.
    pub block_len: usize,
}

impl Head {
    /// The value of the first ordinary field named `name` (lower case).
    pub fn field(&self, name: &str) -> Option<&[u8]> {
        self.fields
            .iter()
            .find(|f| f.name == name.as_bytes())
            .map(|f| &f.value[..])
    }
}

/// Chapter 5's view: `target` is `:path` (or `:authority` for CONNECT, whose
/// target is `host:port`, RFC 9110 §9.3.6), and `host` reads `:authority`.
impl RequestHead for Head {
    fn method(&self) -> &str {
        &self.method
    }

    fn target(&self) -> &str {
        self.path
            .as_deref()
            .or(self.authority.as_deref())
            .unwrap_or("")
    }

    fn version(&self) -> Version {
        Version::Http2
    }

    fn headers_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s [u8]> + 's {
        let host = name.eq_ignore_ascii_case("host");
        // :authority replaces any host field (the validator made sure they agree).
        let authority = self.authority.as_deref().filter(|_| host);
        let skip_host = host && authority.is_some();
        authority.map(str::as_bytes).into_iter().chain(
            self.fields
                .iter()
                .filter(move |f| !skip_host && f.name.eq_ignore_ascii_case(name.as_bytes()))
                .map(|f| &f.value[..]),
        )
    }
}

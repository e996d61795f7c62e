//! `ws://host:port/path?query`, the URLs a WebSocket client connects to
//! (RFC 6455 §3).
//!
//! ```text
//!   ws://[::1]:7010/chat?room=1
//!   ──   ───── ──── ───────────
//!   scheme host port resource name (path + query, "/" when empty)
//! ```
//!
//! After the scheme, a `ws://` URL is an `http://` URL (RFC 6455 §3 borrows
//! its syntax), so this file checks the scheme and hands the rest to chapter
//! 6's client URL parser, [`HttpUrl::parse_after_scheme`]; a [`WsUrl`] derefs
//! to the [`HttpUrl`] it found (host, port, target, `Host` value).
//! `wss://` is WebSocket over TLS; this book stays on plain TCP, so it is an
//! error here. A fragment (`#x`) is never allowed (RFC 6455 §3).

use std::fmt;
use std::ops::Deref;

use ch06_http_server::client::{HttpUrl, UrlError, strip_scheme};

/// The default port of `ws://` (RFC 6455 §3): http's.
pub const DEFAULT_PORT: u16 = ch06_http_server::client::HTTP_PORT;

/// A parsed `ws://` URL: an http URL's host, port and target behind another
/// scheme. The target is RFC 6455's "resource name".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WsUrl(HttpUrl);

impl WsUrl {
    // ANCHOR: parse_url
    /// Parses `ws://host[:port][/path][?query]`; the scheme and host are
    /// case-insensitive.
    pub fn parse(url: &str) -> Result<WsUrl, UrlError> {
        let rest = strip_scheme(url, "ws://").ok_or(UrlError::Scheme)?;
        HttpUrl::parse_after_scheme(rest, DEFAULT_PORT).map(WsUrl)
    }
    // ANCHOR_END: parse_url
}

impl Deref for WsUrl {
    type Target = HttpUrl;

    /// The host, port and target, as an http URL would have them.
    fn deref(&self) -> &HttpUrl {
        &self.0
    }
}

impl fmt::Display for WsUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ws://{}:{}{}", self.host, self.port, self.target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(host: &str, port: u16, target: &str) -> WsUrl {
        WsUrl(HttpUrl {
            host: host.into(),
            port,
            target: target.into(),
        })
    }

    #[test]
    fn good_urls() {
        assert_eq!(
            WsUrl::parse("ws://127.0.0.1:7010/ws"),
            Ok(url("127.0.0.1", 7010, "/ws"))
        );
        assert_eq!(
            WsUrl::parse("WS://Example.COM"),
            Ok(url("example.com", 80, "/"))
        );
        assert_eq!(
            WsUrl::parse("ws://[::1]:9000/chat?room=1&x=%20"),
            Ok(url("[::1]", 9000, "/chat?room=1&x=%20"))
        );
        assert_eq!(WsUrl::parse("ws://[::1]?q"), Ok(url("[::1]", 80, "/?q")));
        assert_eq!(WsUrl::parse("ws://h:80/").unwrap().host_header(), "h");
        assert_eq!(
            WsUrl::parse("ws://[::1]:81/").unwrap().host_header(),
            "[::1]:81"
        );
        assert_eq!(
            WsUrl::parse("ws://[::1]:81/").unwrap().socket_addr(),
            "[::1]:81"
        );
    }

    #[test]
    fn bad_urls() {
        let cases = [
            ("http://h/", UrlError::Scheme),
            ("wss://h/", UrlError::Scheme),
            ("ws:/", UrlError::Scheme),
            ("ws:///x", UrlError::Host),
            ("ws://h:/x", UrlError::Port),
            ("ws://h:0/", UrlError::Port),
            ("ws://h:65536/", UrlError::Port),
            ("ws://h:x/", UrlError::Port),
            ("ws://[::1/", UrlError::Ipv6),
            ("ws://[]/", UrlError::Host),
            ("ws://[::1]x/", UrlError::Port),
            ("ws://h/#top", UrlError::Fragment),
            ("ws://u@h/", UrlError::UserInfo),
            ("ws://h/a b", UrlError::Target),
            ("ws://h é/", UrlError::Host),
        ];
        for (input, want) in cases {
            assert_eq!(WsUrl::parse(input), Err(want), "{input}");
        }
    }
}

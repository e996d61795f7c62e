//! `ws://host:port/path?query`, the URLs a WebSocket client connects to
//! (RFC 6455 §3).
//!
//! ```text
//!   ws://[::1]:7010/chat?room=1
//!   ──   ───── ──── ───────────
//!   scheme host port resource name (path + query, "/" when empty)
//! ```
//!
//! `wss://` is WebSocket over TLS; this book stays on plain TCP, so it is an
//! error here. A fragment (`#x`) is never allowed (RFC 6455 §3).

use std::fmt;

/// The default port of `ws://` (RFC 6455 §3).
pub const DEFAULT_PORT: u16 = 80;

/// A parsed `ws://` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WsUrl {
    /// The host as written, lower-cased; an IPv6 address keeps its brackets (`[::1]`).
    pub host: String,
    /// The port, [`DEFAULT_PORT`] when none was written.
    pub port: u16,
    /// The path and query to put in the request line: `/chat?room=1`, or `/`.
    pub resource: String,
}

/// Why a string is not a `ws://` URL we can connect to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UrlError {
    /// It does not start with `ws://` (`wss://` needs TLS, which this book leaves out).
    Scheme,
    /// No host, or a byte that cannot be in a host name.
    Host,
    /// An IPv6 address without its closing `]`.
    Ipv6,
    /// A port that is not 1–65535.
    Port,
    /// A `#fragment`: not allowed in WebSocket URLs (RFC 6455 §3).
    Fragment,
    /// `user@` before the host: not supported.
    UserInfo,
    /// A space, control or non-ASCII byte in the path or query.
    Resource,
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UrlError::Scheme => "expected a ws:// URL (wss:// needs TLS, not covered here)",
            UrlError::Host => "missing or invalid host",
            UrlError::Ipv6 => "an IPv6 host needs its closing ]",
            UrlError::Port => "the port must be a number from 1 to 65535",
            UrlError::Fragment => "a WebSocket URL may not have a #fragment (RFC 6455 §3)",
            UrlError::UserInfo => "user@host is not supported",
            UrlError::Resource => "invalid byte in the path or query",
        })
    }
}

impl std::error::Error for UrlError {}

impl WsUrl {
    // ANCHOR: parse_url
    /// Parses `ws://host[:port][/path][?query]`; the scheme and host are
    /// case-insensitive.
    pub fn parse(url: &str) -> Result<WsUrl, UrlError> {
        let rest = match url.get(..5) {
            Some(scheme) if scheme.eq_ignore_ascii_case("ws://") => &url[5..],
            _ => return Err(UrlError::Scheme),
        };
        if rest.contains('#') {
            return Err(UrlError::Fragment);
        }
        // The authority ends at the first "/" or "?".
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, resource) = rest.split_at(end);
        if authority.contains('@') {
            return Err(UrlError::UserInfo);
        }
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let close = v6.find(']').ok_or(UrlError::Ipv6)?;
            let addr = &v6[..close];
            if addr.is_empty()
                || !addr
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
            {
                return Err(UrlError::Host);
            }
            (&authority[..close + 2], &v6[close + 1..])
        } else {
            match authority.find(':') {
                Some(colon) => authority.split_at(colon),
                None => (authority, ""),
            }
        };
        let host_ok = !host.is_empty()
            && (host.starts_with('[')
                || host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b)));
        if !host_ok {
            return Err(UrlError::Host);
        }
        let port = match port {
            "" => DEFAULT_PORT,
            p => match p.strip_prefix(':').map(str::parse::<u16>) {
                Some(Ok(n)) if n > 0 => n,
                _ => return Err(UrlError::Port),
            },
        };
        // The request-target must be visible ASCII (RFC 9112 §3.2).
        if !resource
            .bytes()
            .all(ch05_http_parser::chars::is_target_byte)
        {
            return Err(UrlError::Resource);
        }
        let resource = match resource {
            "" => "/".to_string(),
            r if r.starts_with('?') => format!("/{r}"),
            r => r.to_string(),
        };
        Ok(WsUrl {
            host: host.to_ascii_lowercase(),
            port,
            resource,
        })
    }
    // ANCHOR_END: parse_url

    /// The `Host` field value: `host:port`, or just `host` on the default port
    /// (RFC 6455 §4.1 item 4, RFC 9110 §7.2).
    pub fn host_header(&self) -> String {
        if self.port == DEFAULT_PORT {
            self.host.clone()
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// `host:port` for `TcpStream::connect` (`[::1]:7010` for IPv6, which
    /// `ToSocketAddrs` understands; a name is resolved by the OS).
    pub fn socket_addr(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

impl fmt::Display for WsUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ws://{}:{}{}", self.host, self.port, self.resource)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(host: &str, port: u16, resource: &str) -> WsUrl {
        WsUrl {
            host: host.into(),
            port,
            resource: resource.into(),
        }
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
            ("ws://h/a b", UrlError::Resource),
            ("ws://h é/", UrlError::Host),
        ];
        for (input, want) in cases {
            assert_eq!(WsUrl::parse(input), Err(want), "{input}");
        }
    }
}

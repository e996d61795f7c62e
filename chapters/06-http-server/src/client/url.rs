//! `http://host:port/path?query`, the URLs our HTTP clients connect to
//! (RFC 9110 §4.2.1), and the authority-and-target part that `ws://` URLs
//! share with them (RFC 6455 §3 borrows the http syntax).
//!
//! ```text
//!   http://[::1]:7012/events?after=3
//!   ────   ───── ──── ──────────────
//!   scheme host  port target (path + query, "/" when empty)
//! ```
//!
//! `https://` needs TLS, which this client leaves out, so it is an error here.
//! A fragment (`#x`) is never sent to a server (RFC 9110 §4.2.5: it is for
//! the client alone); rather than drop it silently we refuse it, as RFC 6455
//! §3 does for WebSocket URLs.

use std::fmt;

/// The default port of `http://` (RFC 9110 §4.2.1), and of `ws://` too
/// (RFC 6455 §3).
pub const HTTP_PORT: u16 = 80;

/// A parsed `http://` URL: where to connect, and what to ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpUrl {
    /// The host as written, lower-cased; an IPv6 address keeps its brackets (`[::1]`).
    pub host: String,
    /// The port, [`HTTP_PORT`] when none was written.
    pub port: u16,
    /// The request-target in origin-form (RFC 9112 §3.2.1): `/events?after=3`, or `/`.
    pub target: String,
}

/// Why a string is not a URL we can connect to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UrlError {
    /// Not the scheme expected (`http://` here, `ws://` for chapter 8; the TLS
    /// schemes `https://` and `wss://` are left out of this book).
    Scheme,
    /// No host, or a byte that cannot be in a host name.
    Host,
    /// An IPv6 address without its closing `]`.
    Ipv6,
    /// A port that is not 1–65535.
    Port,
    /// A `#fragment`: never sent to a server (RFC 9110 §4.2.5, RFC 6455 §3).
    Fragment,
    /// `user@` before the host: not supported (RFC 9110 §4.2.4 deprecates it).
    UserInfo,
    /// A space, control or non-ASCII byte in the path or query (RFC 9112 §3.2).
    Target,
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UrlError::Scheme => {
                "unexpected scheme: http:// (or ws:// for a WebSocket); https and wss need TLS, not covered here"
            }
            UrlError::Host => "missing or invalid host",
            UrlError::Ipv6 => "an IPv6 host needs its closing ]",
            UrlError::Port => "the port must be a number from 1 to 65535",
            UrlError::Fragment => "a URL to connect to may not have a #fragment",
            UrlError::UserInfo => "user@host is not supported",
            UrlError::Target => "invalid byte in the path or query",
        })
    }
}

impl std::error::Error for UrlError {}

/// Strips a case-insensitive `scheme` (`"http://"`) from the front of `url`.
pub fn strip_scheme<'u>(url: &'u str, scheme: &str) -> Option<&'u str> {
    match url.get(..scheme.len()) {
        Some(s) if s.eq_ignore_ascii_case(scheme) => Some(&url[scheme.len()..]),
        _ => None,
    }
}

impl HttpUrl {
    /// Parses `http://host[:port][/path][?query]`; the scheme and host are
    /// case-insensitive.
    pub fn parse(url: &str) -> Result<HttpUrl, UrlError> {
        let rest = strip_scheme(url, "http://").ok_or(UrlError::Scheme)?;
        HttpUrl::parse_after_scheme(rest, HTTP_PORT)
    }

    // ANCHOR: parse_after_scheme
    /// Parses what follows `scheme://`: `host[:port][/path][?query]`, with
    /// `default_port` when none is written. `http://` and `ws://` URLs share
    /// this part exactly (RFC 9110 §4.2.1, RFC 6455 §3).
    pub fn parse_after_scheme(rest: &str, default_port: u16) -> Result<HttpUrl, UrlError> {
        if rest.contains('#') {
            return Err(UrlError::Fragment);
        }
        // The authority ends at the first "/" or "?" (RFC 3986 §3.2).
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, target) = rest.split_at(end);
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
            "" => default_port,
            p => match p.strip_prefix(':').map(str::parse::<u16>) {
                Some(Ok(n)) if n > 0 => n,
                _ => return Err(UrlError::Port),
            },
        };
        // The request-target must be visible ASCII (RFC 9112 §3.2).
        if !target.bytes().all(ch05_http_parser::chars::is_target_byte) {
            return Err(UrlError::Target);
        }
        // An empty path is sent as "/" (RFC 9112 §3.2.1).
        let target = match target {
            "" => "/".to_string(),
            t if t.starts_with('?') => format!("/{t}"),
            t => t.to_string(),
        };
        Ok(HttpUrl {
            host: host.to_ascii_lowercase(),
            port,
            target,
        })
    }
    // ANCHOR_END: parse_after_scheme

    /// The `Host` field value: `host:port`, or just `host` on port 80, the
    /// default of both http and ws (RFC 9110 §7.2).
    pub fn host_header(&self) -> String {
        if self.port == HTTP_PORT {
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

impl fmt::Display for HttpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "http://{}:{}{}", self.host, self.port, self.target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(host: &str, port: u16, target: &str) -> HttpUrl {
        HttpUrl {
            host: host.into(),
            port,
            target: target.into(),
        }
    }

    #[test]
    fn good_urls() {
        assert_eq!(
            HttpUrl::parse("http://127.0.0.1:7012/events?after=3"),
            Ok(url("127.0.0.1", 7012, "/events?after=3"))
        );
        assert_eq!(
            HttpUrl::parse("HTTP://Example.COM"),
            Ok(url("example.com", 80, "/"))
        );
        assert_eq!(
            HttpUrl::parse("http://[::1]:9000/a?x=%20"),
            Ok(url("[::1]", 9000, "/a?x=%20"))
        );
        assert_eq!(
            HttpUrl::parse("http://[::1]?q"),
            Ok(url("[::1]", 80, "/?q"))
        );
        assert_eq!(HttpUrl::parse("http://h:80/").unwrap().host_header(), "h");
        let v6 = HttpUrl::parse("http://[::1]:81/").unwrap();
        assert_eq!(
            (v6.host_header(), v6.socket_addr()),
            ("[::1]:81".into(), "[::1]:81".into())
        );
        assert_eq!(v6.to_string(), "http://[::1]:81/");
        // Another scheme's default port, for ws:// and the like.
        assert_eq!(
            HttpUrl::parse_after_scheme("h", 8080),
            Ok(url("h", 8080, "/"))
        );
    }

    #[test]
    fn bad_urls() {
        let cases = [
            ("https://h/", UrlError::Scheme),
            ("ws://h/", UrlError::Scheme),
            ("http:/", UrlError::Scheme),
            ("http:///x", UrlError::Host),
            ("http://h:/x", UrlError::Port),
            ("http://h:0/", UrlError::Port),
            ("http://h:65536/", UrlError::Port),
            ("http://h:x/", UrlError::Port),
            ("http://[::1/", UrlError::Ipv6),
            ("http://[]/", UrlError::Host),
            ("http://[::1]x/", UrlError::Port),
            ("http://h/#top", UrlError::Fragment),
            ("http://u@h/", UrlError::UserInfo),
            ("http://h/a b", UrlError::Target),
            ("http://h é/", UrlError::Host),
        ];
        for (input, want) in cases {
            assert_eq!(HttpUrl::parse(input), Err(want), "{input}");
        }
    }
}

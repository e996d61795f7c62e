//! The Origin check, and why a WebSocket server needs one (RFC 6455 §10.2).
//!
//! A browser lets any page open a WebSocket to any server: the same-origin
//! policy, which stops `evil.example` from *reading* a `fetch` to your server,
//! does not apply to WebSocket. And the handshake is an ordinary GET, so the
//! browser attaches the target site's cookies. Without a check, a page on
//! `evil.example` can open `ws://your-app/ws` with the visitor's session and
//! read and send messages as them: *cross-site WebSocket hijacking*.
//!
//! What the browser does add is `Origin: https://evil.example`, which a page
//! cannot forge. So the server compares it with the origins it trusts and
//! answers 403 to the others. Clients that are not browsers (curl, our own
//! client) may send no Origin at all; they carry no victim's cookies, and could
//! claim any origin anyway, so the check is not meant for them.
//!
//! ```text
//!  victim's browser ── GET /ws, Cookie: session=…, Origin: https://evil.example ──▶ server
//!                                                     compare with the allowed ──▶ 403
//! ```

/// Which `Origin` values a server accepts. [`OriginPolicy::default`] suits this
/// book, where every page comes from the same machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginPolicy {
    /// Accept a request with no Origin field (a non-browser client). Default: yes.
    pub allow_missing: bool,
    /// Accept `http://127.0.0.1:*`, `http://localhost:*` and `http://[::1]:*`
    /// (and their `https` forms), any port: pages served from this machine.
    /// Default: yes. Turn it off on a public server.
    pub allow_loopback: bool,
    /// Accept an Origin whose host and port equal the request's `Host`: the page
    /// came from the server being connected to. Default: yes.
    pub allow_same_host: bool,
    /// Further origins to accept, written as a browser serialises them:
    /// `https://app.example.com` or `http://example.com:8080` (scheme and host
    /// compared case-insensitively, no trailing slash). Default: none.
    pub allowed: Vec<String>,
}

impl Default for OriginPolicy {
    fn default() -> Self {
        OriginPolicy {
            allow_missing: true,
            allow_loopback: true,
            allow_same_host: true,
            allowed: Vec::new(),
        }
    }
}

impl OriginPolicy {
    /// Only the listed origins (and requests without an Origin).
    pub fn only(allowed: &[&str]) -> OriginPolicy {
        OriginPolicy {
            allow_missing: true,
            allow_loopback: false,
            allow_same_host: false,
            allowed: allowed.iter().map(|s| s.to_string()).collect(),
        }
    }

    // ANCHOR: allows
    /// Whether to accept a handshake with this `Origin` value (`None` when the
    /// request had no Origin field) sent to this `Host` value.
    ///
    /// `Origin: null` (a sandboxed page or a `file:` URL) matches nothing but an
    /// allow-list entry `null`.
    pub fn allows(&self, origin: Option<&[u8]>, host: Option<&[u8]>) -> bool {
        let Some(origin) = origin else {
            return self.allow_missing;
        };
        if self
            .allowed
            .iter()
            .any(|a| a.as_bytes().eq_ignore_ascii_case(origin))
        {
            return true;
        }
        // RFC 6454 §6.2: scheme "://" host [ ":" port ]. Anything else is refused.
        let Some(parsed) = SerializedOrigin::parse(origin) else {
            return false;
        };
        if self.allow_loopback && parsed.is_loopback() {
            return true;
        }
        self.allow_same_host && host.is_some_and(|h| parsed.same_host_as(h))
    }
    // ANCHOR_END: allows
}

/// An origin as browsers send it: `http://example.com:8080`.
#[derive(Debug, PartialEq, Eq)]
struct SerializedOrigin<'a> {
    /// `http` or `https`, lower-cased by the caller's comparisons.
    scheme: &'a [u8],
    /// The host, with brackets for IPv6 (`[::1]`).
    host: &'a [u8],
    /// The port, or the scheme's default (80 for http, 443 for https).
    port: u16,
}

impl<'a> SerializedOrigin<'a> {
    fn parse(origin: &'a [u8]) -> Option<SerializedOrigin<'a>> {
        let sep = origin.windows(3).position(|w| w == b"://")?;
        let (scheme, authority) = (&origin[..sep], &origin[sep + 3..]);
        let default_port = if scheme.eq_ignore_ascii_case(b"http") {
            80
        } else if scheme.eq_ignore_ascii_case(b"https") {
            443
        } else {
            return None;
        };
        let (host, port) = split_host_port(authority, default_port)?;
        Some(SerializedOrigin { scheme, host, port })
    }

    fn is_loopback(&self) -> bool {
        let host = self.host;
        host.eq_ignore_ascii_case(b"localhost") || host == b"127.0.0.1" || host == b"[::1]"
    }

    /// RFC 6455 §10.2 leaves the rule to the server; ours: the page's host and
    /// port are those the browser connected to. A Host without a port means
    /// the default port of the Origin's scheme (the page and the socket share it).
    fn same_host_as(&self, host_header: &[u8]) -> bool {
        match split_host_port(host_header.trim_ascii(), self.port_default()) {
            Some((host, port)) => host.eq_ignore_ascii_case(self.host) && port == self.port,
            None => false,
        }
    }

    fn port_default(&self) -> u16 {
        if self.scheme.eq_ignore_ascii_case(b"https") {
            443
        } else {
            80
        }
    }
}

/// `host[:port]` or `[v6][:port]`; no userinfo, path or empty host.
fn split_host_port(authority: &[u8], default_port: u16) -> Option<(&[u8], u16)> {
    let (host, port) = if authority.first() == Some(&b'[') {
        let close = authority.iter().position(|&b| b == b']')?;
        let rest = &authority[close + 1..];
        let port = match rest {
            [] => None,
            [b':', digits @ ..] => Some(digits),
            _ => return None,
        };
        (&authority[..=close], port)
    } else {
        match authority.iter().rposition(|&b| b == b':') {
            Some(colon) => (&authority[..colon], Some(&authority[colon + 1..])),
            None => (authority, None),
        }
    };
    let host_ok = !host.is_empty()
        && host
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"-._~[]:%".contains(&b));
    if !host_ok {
        return None;
    }
    let port = match port {
        None => default_port,
        Some(d) if !d.is_empty() && d.len() <= 5 && d.iter().all(u8::is_ascii_digit) => {
            std::str::from_utf8(d).ok()?.parse().ok()?
        }
        Some(_) => return None,
    };
    Some((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_origins() {
        let o = SerializedOrigin::parse(b"http://[::1]:8080").unwrap();
        assert_eq!((o.host, o.port), (&b"[::1]"[..], 8080));
        let o = SerializedOrigin::parse(b"https://Example.com").unwrap();
        assert_eq!((o.host, o.port), (&b"Example.com"[..], 443));
        assert!(SerializedOrigin::parse(b"null").is_none());
        assert!(SerializedOrigin::parse(b"ftp://x").is_none());
        assert!(SerializedOrigin::parse(b"http://").is_none());
        assert!(SerializedOrigin::parse(b"http://a:b").is_none());
        assert!(SerializedOrigin::parse(b"http://a/path").is_none());
        assert!(SerializedOrigin::parse(b"http://a:99999").is_none());
    }
}

//! Exercise: decide whether a page's Origin may open a WebSocket here.
//!
//! Browsers let any page open a WebSocket to any server, with that server's
//! cookies: the same-origin policy does not apply. The `Origin` header, which
//! a page cannot forge, is how a server refuses other sites (cross-site
//! WebSocket hijacking, RFC 6455 §10.2).

/// Whether to accept a handshake with `origin` (None: no Origin field), sent to
/// `host` (the request's Host value), given extra trusted origins `allow_list`.
///
/// In this order:
/// 1. No Origin → `true` (not a browser, so no victim's cookies).
/// 2. `origin` equals an `allow_list` entry, ignoring ASCII case → `true`.
/// 3. Otherwise it must start with `http://` or `https://`, else `false` (say `null`).
/// 4. Its host is `127.0.0.1`, `localhost` or `[::1]` (any case), with any port
///    or none (`http://localhost:3000`, `http://[::1]`) → `true`.
/// 5. What follows `://` equals `host`, ignoring ASCII case → `true` (same host).
/// 6. Anything else → `false`.
pub fn origin_allowed(origin: Option<&str>, host: &str, allow_list: &[&str]) -> bool {
    // TODO: follow the six rules above. An IPv6 host ends at ']'; others at ':'.
    let _ = (origin, host, allow_list);
    todo!("origin_allowed: go down the six rules in the doc comment")
}

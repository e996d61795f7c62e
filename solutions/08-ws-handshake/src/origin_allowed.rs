//! Solution: decide whether a page's Origin may open a WebSocket here (RFC 6455 §10.2).

/// Whether to accept a handshake with `origin` sent to `host`, given `allow_list`.
pub fn origin_allowed(origin: Option<&str>, host: &str, allow_list: &[&str]) -> bool {
    // 1. Only browsers must send Origin. A client without one carries no
    //    victim's cookies, and could claim any origin anyway.
    let Some(origin) = origin else {
        return true;
    };
    // 2. The operator's list wins; browsers serialise origins in lower case,
    //    but a list written by hand may not be.
    if allow_list.iter().any(|a| a.eq_ignore_ascii_case(origin)) {
        return true;
    }
    // 3. An origin is scheme://host[:port]. `null` (sandboxed pages, file: URLs)
    //    and other schemes match nothing else.
    let Some(authority) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    // 4. Split host from port. An IPv6 literal has colons inside its brackets.
    let (name, port) = match authority.find(']') {
        Some(close) if authority.starts_with('[') => authority.split_at(close + 1),
        _ => authority.split_at(authority.find(':').unwrap_or(authority.len())),
    };
    let port_ok = port.is_empty()
        || (port.len() > 1
            && port.starts_with(':')
            && port[1..].bytes().all(|b| b.is_ascii_digit()));
    let loopback = ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .any(|l| l.eq_ignore_ascii_case(name));
    if loopback && port_ok {
        return true;
    }
    // 5. Same host: the page came from the server it connects to. Host names
    //    ignore case (RFC 3986 §3.2.2).
    authority.eq_ignore_ascii_case(host)
}

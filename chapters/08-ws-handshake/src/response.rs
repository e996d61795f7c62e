//! The bytes a server sends back: the 101 that switches to WebSocket, and the
//! error responses that refuse (RFC 6455 §4.2.2, RFC 9110 §15).

use std::fmt::Write as _;

// ANCHOR: switching_protocols
/// The 101 response that completes the handshake (RFC 6455 §4.2.2 step 5):
///
/// ```text
/// HTTP/1.1 101 Switching Protocols
/// Upgrade: websocket
/// Connection: Upgrade
/// Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
/// Sec-WebSocket-Protocol: chat          (only when one was chosen)
/// ```
///
/// No `Sec-WebSocket-Extensions`: we support none, and an extension the server
/// does not echo is declined (RFC 6455 §9.1). No body, no Content-Length: after
/// the blank line the bytes are WebSocket frames.
pub fn switching_protocols(accept: &str, protocol: Option<&str>) -> Vec<u8> {
    let mut head = String::with_capacity(160);
    head.push_str("HTTP/1.1 101 Switching Protocols\r\n");
    head.push_str("Upgrade: websocket\r\n");
    head.push_str("Connection: Upgrade\r\n");
    let _ = write!(head, "Sec-WebSocket-Accept: {accept}\r\n");
    if let Some(protocol) = protocol {
        // RFC 6455 §4.2.2 step 5.5: exactly one of the client's values, or no field.
        let _ = write!(head, "Sec-WebSocket-Protocol: {protocol}\r\n");
    }
    head.push_str("\r\n");
    head.into_bytes()
}
// ANCHOR_END: switching_protocols

// ANCHOR: error_response
/// An error response that ends the connection: status line, the `extra`
/// headers the rule asks for (say `Sec-WebSocket-Version: 13`), a short text
/// body that says what was wrong, its Content-Length, and `Connection: close`
/// (`Connection: Upgrade, close` when `extra` holds an `Upgrade` field).
///
/// Content-Length lets the client read the whole body before it sees the close
/// (a response without framing would end at the close, and a browser might
/// report a reset instead); `Connection: close` says we will not read another
/// request on this connection (RFC 9112 §9.6).
pub fn error_response(status: u16, extra: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in extra {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    head.push_str("Content-Type: text/plain; charset=utf-8\r\n");
    let _ = write!(head, "Content-Length: {}\r\n", body.len());
    // RFC 9110 §7.8: whoever sends Upgrade also sends the "upgrade" connection
    // option, so a proxy does not forward the field. One Connection field holds both.
    if extra
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("upgrade"))
    {
        head.push_str("Connection: Upgrade, close\r\n\r\n");
    } else {
        head.push_str("Connection: close\r\n\r\n");
    }
    head.push_str(body);
    head.into_bytes()
}
// ANCHOR_END: error_response

/// The reason phrase for the statuses this crate sends (RFC 9110 §15).
pub fn reason(status: u16) -> &'static str {
    match status {
        101 => "Switching Protocols",
        400 => "Bad Request",
        403 => "Forbidden",
        426 => "Upgrade Required",
        _ => "Error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_101_with_and_without_protocol() {
        let plain = switching_protocols("abc=", None);
        assert_eq!(
            plain,
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\
              Connection: Upgrade\r\nSec-WebSocket-Accept: abc=\r\n\r\n"
        );
        let chat = String::from_utf8(switching_protocols("abc=", Some("chat"))).unwrap();
        assert!(
            chat.ends_with("Sec-WebSocket-Protocol: chat\r\n\r\n"),
            "{chat}"
        );
    }

    #[test]
    fn an_error_has_length_and_close() {
        let r = error_response(426, &[("Upgrade", "websocket")], "need ws\n");
        let text = String::from_utf8(r).unwrap();
        assert!(text.starts_with("HTTP/1.1 426 Upgrade Required\r\nUpgrade: websocket\r\n"));
        assert!(text.contains("Content-Length: 8\r\n"));
        assert!(text.ends_with("Connection: Upgrade, close\r\n\r\nneed ws\n"));
        let r = error_response(400, &[], "no\n");
        assert!(r.ends_with(b"Connection: close\r\n\r\nno\n"));
    }
}

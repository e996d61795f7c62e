//! Why a server refuses an opening handshake, and what it answers.
//!
//! Each variant names one rule of RFC 6455 §4.2.1 (or the Origin policy) and
//! knows the response to send: its status ([`HandshakeError::status`]), the
//! header fields that status requires ([`HandshakeError::headers`]), and the
//! whole response ([`HandshakeError::response`]).

use std::fmt;

use crate::response::error_response;

// ANCHOR: handshake_error
/// A request that is not an acceptable WebSocket opening handshake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HandshakeError {
    /// Not a GET (RFC 6455 §4.2.1 item 1) → 400.
    MethodNotGet,
    /// Not HTTP/1.1: an HTTP/1.0 request cannot upgrade (RFC 6455 §4.2.1 item 1,
    /// RFC 9110 §7.8) → 400.
    NotHttp11,
    /// No `websocket` token in `Upgrade`: a plain GET on a WebSocket path
    /// (RFC 6455 §4.2.1 item 3) → 426 with `Upgrade: websocket`, which tells
    /// the client what this resource needs (RFC 9110 §15.5.22).
    NotAnUpgrade,
    /// No `upgrade` token in `Connection` (RFC 6455 §4.2.1 item 4) → 400.
    NoConnectionUpgrade,
    /// `Host` missing or repeated (RFC 6455 §4.2.1 item 2, RFC 9112 §3.2) → 400.
    BadHost,
    /// No `Sec-WebSocket-Version` (RFC 6455 §4.2.1 item 6) → 400.
    MissingVersion,
    /// A `Sec-WebSocket-Version` other than 13 (RFC 6455 §4.2.2 item 4) → 426
    /// with `Sec-WebSocket-Version: 13`, the version we speak (§4.4).
    UnsupportedVersion,
    /// No `Sec-WebSocket-Key` (RFC 6455 §4.2.1 item 5) → 400.
    MissingKey,
    /// A `Sec-WebSocket-Key` that is not base64 of 16 bytes, or several of them
    /// (RFC 6455 §4.2.1 item 5, §11.3.1) → 400.
    BadKey,
    /// An `Origin` the policy does not trust (RFC 6455 §4.2.2 item 4, §10.2) → 403.
    OriginRefused,
    /// Over HTTP/2: not an extended CONNECT with `:protocol: websocket`
    /// (RFC 8441 §4) → 400.
    NotWebSocketConnect,
}
// ANCHOR_END: handshake_error

impl HandshakeError {
    /// The status to answer with: 400, 403 or 426.
    pub fn status(self) -> u16 {
        match self {
            HandshakeError::NotAnUpgrade | HandshakeError::UnsupportedVersion => 426,
            HandshakeError::OriginRefused => 403,
            _ => 400,
        }
    }

    /// The header fields this status needs besides the usual ones
    /// (RFC 9110 §15.5.22: a 426 MUST say which protocol to upgrade to).
    pub fn headers(self) -> &'static [(&'static str, &'static str)] {
        match self {
            HandshakeError::NotAnUpgrade => &[("Upgrade", "websocket")],
            HandshakeError::UnsupportedVersion => &[("Sec-WebSocket-Version", "13")],
            _ => &[],
        }
    }

    /// The rule that was broken, in words, with its source.
    pub fn describe(self) -> &'static str {
        use HandshakeError::*;
        match self {
            MethodNotGet => "a WebSocket handshake must be a GET (RFC 6455 §4.2.1)",
            NotHttp11 => "a WebSocket handshake needs HTTP/1.1 (RFC 6455 §4.2.1)",
            NotAnUpgrade => {
                "this resource speaks WebSocket: send Upgrade: websocket (RFC 6455 §4.2.1)"
            }
            NoConnectionUpgrade => {
                "Connection must contain the upgrade token (RFC 6455 §4.2.1, RFC 9110 §7.8)"
            }
            BadHost => "exactly one Host field is required (RFC 6455 §4.2.1, RFC 9112 §3.2)",
            MissingVersion => "Sec-WebSocket-Version is missing (RFC 6455 §4.2.1)",
            UnsupportedVersion => "only Sec-WebSocket-Version 13 is supported (RFC 6455 §4.4)",
            MissingKey => "Sec-WebSocket-Key is missing (RFC 6455 §4.2.1)",
            BadKey => {
                "Sec-WebSocket-Key must be one base64 value of 16 bytes (RFC 6455 §4.2.1, §11.3.1)"
            }
            OriginRefused => "this Origin may not open a WebSocket here (RFC 6455 §10.2)",
            NotWebSocketConnect => {
                "over HTTP/2 a WebSocket opens with CONNECT and :protocol websocket (RFC 8441 §4)"
            }
        }
    }

    /// The whole response to send before closing the connection: status, the
    /// required headers, Content-Length, `Connection: close`, and a body that
    /// says which rule failed.
    pub fn response(self) -> Vec<u8> {
        let body = format!("{}\n", self.describe());
        error_response(self.status(), self.headers(), &body)
    }
}

impl fmt::Display for HandshakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.describe(), self.status())
    }
}

impl std::error::Error for HandshakeError {}

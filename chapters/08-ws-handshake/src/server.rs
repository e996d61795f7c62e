//! The server's side of the opening handshake (RFC 6455 §4.2), on a request
//! that the chapter 5 parser has already parsed. No I/O: the caller reads the
//! request and writes the bytes this returns.
//!
//! ```text
//!  GET /ws HTTP/1.1                         ── GET, HTTP/1.1
//!  Host: 127.0.0.1:7010                     ── present, once
//!  Upgrade: websocket                       ── a token in a list → else 426
//!  Connection: keep-alive, Upgrade          ── a token in a list
//!  Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==   ── base64 of 16 bytes
//!  Sec-WebSocket-Version: 13                ── else 426 + "Sec-WebSocket-Version: 13"
//!  Origin: http://127.0.0.1:7010            ── the policy → else 403
//!  Sec-WebSocket-Protocol: chat, superchat  ── pick one we support (optional)
//!  Sec-WebSocket-Extensions: permessage-deflate   ── declined: not echoed
//! ```

use ch05_http_parser::{RequestHead, Version};

use crate::accept::accept_key;
use crate::error::HandshakeError;
use crate::key::key_is_valid;
use crate::origin::OriginPolicy;
use crate::protocol::choose_protocol;
use crate::response::switching_protocols;

/// What a server accepts. `HandshakeConfig::default()`: the default
/// [`OriginPolicy`] and no subprotocols.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HandshakeConfig {
    /// Which Origins may connect.
    pub origin: OriginPolicy,
    /// The subprotocols we speak, most preferred first. Empty: we never send
    /// `Sec-WebSocket-Protocol`.
    pub protocols: Vec<String>,
}

/// A handshake we accept: what to put in the 101.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// The `Sec-WebSocket-Accept` value.
    pub accept: String,
    /// The subprotocol chosen, if any.
    pub protocol: Option<String>,
}

impl Accepted {
    /// The 101 Switching Protocols response to send. After it, the connection
    /// carries WebSocket frames.
    pub fn response(&self) -> Vec<u8> {
        switching_protocols(&self.accept, self.protocol.as_deref())
    }
}

// ANCHOR: validate_request
/// Checks a parsed request against RFC 6455 §4.2.1 and the config, in the
/// order the rules are listed there, and answers the first rule it breaks.
///
/// Header lookups ignore case and read comma lists across every field of the
/// same name (RFC 9110 §5.3): `Connection: keep-alive` + `Connection: Upgrade`
/// on two lines is the same as `Connection: keep-alive, Upgrade`.
///
/// `req` is any [`RequestHead`]: chapter 5's parsed request, or the owned copy
/// a server's HTTP side keeps (chapter 6). A server checks the very request it
/// already parsed, with the limits it parsed it under; it never parses the
/// handshake a second time.
pub fn validate_request(
    req: &impl RequestHead,
    config: &HandshakeConfig,
) -> Result<Accepted, HandshakeError> {
    if req.method() != "GET" {
        return Err(HandshakeError::MethodNotGet);
    }
    if req.version() != Version::Http11 {
        return Err(HandshakeError::NotHttp11);
    }
    if !req.has_token("upgrade", "websocket") {
        return Err(HandshakeError::NotAnUpgrade);
    }
    if !req.has_token("connection", "upgrade") {
        return Err(HandshakeError::NoConnectionUpgrade);
    }
    if req.headers_named("host").count() != 1 {
        return Err(HandshakeError::BadHost);
    }
    // Version before key: a client of another version learns which one we
    // speak even if its key looks different (RFC 6455 §4.4).
    check_version(req)?;
    let mut keys = req.headers_named("sec-websocket-key");
    let key = match (keys.next(), keys.next()) {
        (None, _) => return Err(HandshakeError::MissingKey),
        (Some(key), None) if key_is_valid(key) => key,
        _ => return Err(HandshakeError::BadKey),
    };
    let protocol = origin_and_protocol(req, config)?;
    // Sec-WebSocket-Extensions is read by nobody: not echoing an offer declines it.
    Ok(Accepted {
        accept: accept_key(key),
        protocol,
    })
}

/// `Sec-WebSocket-Version` must be there, and be 13 (RFC 6455 §4.2.1, §4.4).
fn check_version(req: &impl RequestHead) -> Result<(), HandshakeError> {
    let mut versions = req.headers_named("sec-websocket-version").peekable();
    if versions.peek().is_none() {
        return Err(HandshakeError::MissingVersion);
    }
    if !versions.all(|v| v == b"13") {
        return Err(HandshakeError::UnsupportedVersion);
    }
    Ok(())
}

/// The Origin policy (RFC 6455 §10.2), then the subprotocol we pick (§4.2.2).
fn origin_and_protocol(
    req: &impl RequestHead,
    config: &HandshakeConfig,
) -> Result<Option<String>, HandshakeError> {
    if !config
        .origin
        .allows(req.header("origin"), req.header("host"))
    {
        return Err(HandshakeError::OriginRefused);
    }
    let protocol = choose_protocol(
        &config.protocols,
        req.headers_named("sec-websocket-protocol"),
    );
    Ok(protocol.map(String::from))
}
// ANCHOR_END: validate_request

// ANCHOR: validate_extended_connect
/// The same check for a WebSocket over HTTP/2 (RFC 8441): the request is an
/// *extended CONNECT* on a stream, `:method CONNECT` with `:protocol
/// websocket` (`protocol` here), and the stream becomes the WebSocket once
/// the server answers 200. There is no key and no `Sec-WebSocket-Accept`
/// (§5: the stream, not a shared connection, is what is being opened, so
/// nothing needs proving), and no Upgrade or Connection fields (HTTP/2 has
/// none). What stays from RFC 6455: the version, the Origin policy, the
/// subprotocols. Returns the subprotocol chosen.
pub fn validate_extended_connect(
    req: &impl RequestHead,
    protocol: Option<&str>,
    config: &HandshakeConfig,
) -> Result<Option<String>, HandshakeError> {
    if req.method() != "CONNECT" || protocol != Some("websocket") {
        return Err(HandshakeError::NotWebSocketConnect);
    }
    check_version(req)?;
    // `host` is HTTP/2's `:authority` (chapter 15 maps one to the other).
    origin_and_protocol(req, config)
}
// ANCHOR_END: validate_extended_connect

/// The response for a request, whichever way it goes: the 101, or the error
/// response that names the broken rule. A convenience for servers that only
/// need the bytes and the verdict.
pub fn respond(
    req: &impl RequestHead,
    config: &HandshakeConfig,
) -> (Vec<u8>, Result<Accepted, HandshakeError>) {
    let verdict = validate_request(req, config);
    let bytes = match &verdict {
        Ok(accepted) => accepted.response(),
        Err(e) => e.response(),
    };
    (bytes, verdict)
}

//! The client's side of the opening handshake (RFC 6455 §4.1): the request to
//! send, and the checks on the server's answer. No I/O: the caller writes
//! [`ClientHandshake::request`] and either feeds what it reads to
//! [`ClientHandshake::check_response`] until it is complete, or reads the head
//! with chapter 6's HTTP client and hands it to [`ClientHandshake::check_head`].
//! The response head itself is chapter 6's ([`ResponseHead`], read with
//! chapter 5's parser): a 101 is an HTTP response like any other.

use std::fmt;

use ch05_http_parser::{Limits, Status, list_contains, list_items};
use ch06_http_server::client::{
    HeadError, ResponseHead, UrlError, parse_response_head, request_head,
};

use crate::accept::accept_key;
use crate::key::generate_key;
use crate::protocol::is_valid_protocol;
use crate::url::WsUrl;

/// One client handshake: where to, with which key, offering which subprotocols.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientHandshake {
    /// Where we connect.
    pub url: WsUrl,
    /// Our `Sec-WebSocket-Key`: fresh for every connection.
    pub key: String,
    /// The subprotocols we offer, most preferred first.
    pub protocols: Vec<String>,
    /// An `Origin` to send, as a browser would (non-browser clients need not).
    pub origin: Option<String>,
}

/// A client handshake that cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandshakeRequestError {
    /// The URL is not a `ws://` URL we can use.
    Url(UrlError),
    /// A subprotocol name that is not a token, or named twice (RFC 6455 §4.1 item 10).
    Protocol(String),
}

impl fmt::Display for HandshakeRequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandshakeRequestError::Url(e) => write!(f, "bad WebSocket URL: {e}"),
            HandshakeRequestError::Protocol(p) => write!(
                f,
                "bad subprotocol {p:?}: names are distinct tokens (RFC 6455 §4.1)"
            ),
        }
    }
}

impl std::error::Error for HandshakeRequestError {}

/// Why a server's answer does not complete the handshake (RFC 6455 §4.1,
/// "the client MUST _Fail the WebSocket Connection_").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseError {
    /// The bytes are not an HTTP response head.
    Head(HeadError),
    /// A status other than 101: the server refused (or wants something else).
    Status {
        /// The status code.
        status: u16,
        /// The reason phrase, for the error message.
        reason: String,
    },
    /// A 101 in HTTP/1.0, which has no Upgrade (RFC 9110 §15.2.2).
    Version,
    /// `Upgrade` without the `websocket` token (RFC 6455 §4.1 item 2).
    NoUpgrade,
    /// `Connection` without the `upgrade` token (RFC 6455 §4.1 item 3).
    NoConnectionUpgrade,
    /// No `Sec-WebSocket-Accept`, or several.
    MissingAccept,
    /// `Sec-WebSocket-Accept` is not what our key gives (RFC 6455 §4.1 item 4):
    /// this is not a WebSocket server answering *this* request.
    WrongAccept {
        /// What our key gives.
        expected: String,
        /// What the server sent.
        got: String,
    },
    /// An extension we did not offer (we offer none) (RFC 6455 §4.1 item 5).
    UnofferedExtension(String),
    /// A subprotocol we did not offer, or more than one (RFC 6455 §4.1 item 6).
    UnofferedProtocol(String),
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ResponseError::*;
        match self {
            Head(e) => write!(f, "not an HTTP response: {e}"),
            Status { status, reason } => {
                write!(f, "the server answered {status} {reason}, not 101")
            }
            Version => f.write_str("a 101 must be HTTP/1.1"),
            NoUpgrade => f.write_str("the 101 lacks Upgrade: websocket (RFC 6455 §4.1)"),
            NoConnectionUpgrade => f.write_str("the 101 lacks Connection: Upgrade (RFC 6455 §4.1)"),
            MissingAccept => f.write_str("the 101 needs one Sec-WebSocket-Accept (RFC 6455 §4.1)"),
            WrongAccept { expected, got } => write!(
                f,
                "Sec-WebSocket-Accept is {got:?}, our key gives {expected:?} (RFC 6455 §4.1)"
            ),
            UnofferedExtension(e) => write!(f, "the server uses extension {e:?}, never offered"),
            UnofferedProtocol(p) => {
                write!(
                    f,
                    "the server chose subprotocol {p:?}, which we did not offer"
                )
            }
        }
    }
}

impl std::error::Error for ResponseError {}

/// A completed handshake: what the server agreed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Negotiated {
    /// The subprotocol the server chose, if any.
    pub protocol: Option<String>,
    /// The whole response head, for logging and for fields an application wants.
    pub head: ResponseHead,
}

impl ClientHandshake {
    /// A handshake for `url` (`ws://host:port/path?query`) with a fresh random key.
    pub fn new(url: &str) -> Result<ClientHandshake, HandshakeRequestError> {
        Ok(ClientHandshake {
            url: WsUrl::parse(url).map_err(HandshakeRequestError::Url)?,
            key: generate_key(),
            protocols: Vec::new(),
            origin: None,
        })
    }

    /// Offers these subprotocols, most preferred first.
    pub fn with_protocols(
        mut self,
        protocols: &[&str],
    ) -> Result<ClientHandshake, HandshakeRequestError> {
        for (i, p) in protocols.iter().enumerate() {
            if !is_valid_protocol(p) || protocols[..i].contains(p) {
                return Err(HandshakeRequestError::Protocol(p.to_string()));
            }
        }
        self.protocols = protocols.iter().map(|p| p.to_string()).collect();
        Ok(self)
    }

    /// Sends `Origin: origin`, as a browser page at that origin would.
    pub fn with_origin(mut self, origin: &str) -> ClientHandshake {
        self.origin = Some(origin.to_string());
        self
    }

    // ANCHOR: request
    /// The request to send (RFC 6455 §4.1):
    ///
    /// ```text
    /// GET /chat HTTP/1.1
    /// Host: 127.0.0.1:7010
    /// Upgrade: websocket
    /// Connection: Upgrade
    /// Sec-WebSocket-Key: <16 random bytes, base64>
    /// Sec-WebSocket-Version: 13
    /// Sec-WebSocket-Protocol: chat, superchat      (when we offer some)
    /// Origin: http://127.0.0.1:7010                (when set)
    /// ```
    pub fn request(&self) -> Vec<u8> {
        let protocols = self.protocols.join(", ");
        let mut fields = vec![
            ("Upgrade", "websocket"),
            ("Connection", "Upgrade"),
            ("Sec-WebSocket-Key", self.key.as_str()),
            ("Sec-WebSocket-Version", "13"),
        ];
        if !protocols.is_empty() {
            fields.push(("Sec-WebSocket-Protocol", &protocols));
        }
        if let Some(origin) = &self.origin {
            fields.push(("Origin", origin));
        }
        request_head("GET", &self.url.target, &self.url.host_header(), &fields)
    }
    // ANCHOR_END: request

    // ANCHOR: check_response
    /// Checks the server's answer at the start of `buf`.
    ///
    /// # Returns
    /// - `Ok(Status::Complete((negotiated, n)))`: the handshake is done; bytes
    ///   from `n` on are already WebSocket frames.
    /// - `Ok(Status::Partial)`: read more and call again.
    /// - `Err(e)`: fail the connection (close the TCP connection, RFC 6455 §4.1).
    pub fn check_response(&self, buf: &[u8]) -> Result<Status<(Negotiated, usize)>, ResponseError> {
        match parse_response_head(buf, &Limits::default()) {
            Ok(Status::Complete((head, len))) => {
                Ok(Status::Complete((self.check_head(head)?, len)))
            }
            Ok(Status::Partial) => Ok(Status::Partial),
            Err(e) => Err(ResponseError::Head(e)),
        }
    }

    /// Checks a response head already read (by chapter 6's
    /// [`Connection::read_head`](ch06_http_server::client::Connection::read_head),
    /// say): the rules of RFC 6455 §4.1 a 101 must meet.
    pub fn check_head(&self, head: ResponseHead) -> Result<Negotiated, ResponseError> {
        if head.status != 101 {
            return Err(ResponseError::Status {
                status: head.status,
                reason: head.reason,
            });
        }
        if head.minor_version != 1 {
            return Err(ResponseError::Version);
        }
        let has_token = |name, token| head.headers_named(name).any(|v| list_contains(v, token));
        if !has_token("upgrade", "websocket") {
            return Err(ResponseError::NoUpgrade);
        }
        if !has_token("connection", "upgrade") {
            return Err(ResponseError::NoConnectionUpgrade);
        }
        let got = {
            let mut accepts = head.headers_named("sec-websocket-accept");
            match (accepts.next(), accepts.next()) {
                (Some(value), None) => value,
                _ => return Err(ResponseError::MissingAccept),
            }
        };
        let expected = accept_key(self.key.as_bytes());
        if got != expected.as_bytes() {
            let got = String::from_utf8_lossy(got).into_owned();
            return Err(ResponseError::WrongAccept { expected, got });
        }
        // We offer no extensions, so any extension named is one we never offered.
        if let Some(ext) = head
            .headers_named("sec-websocket-extensions")
            .flat_map(list_items)
            .next()
        {
            let ext = String::from_utf8_lossy(ext).into_owned();
            return Err(ResponseError::UnofferedExtension(ext));
        }
        // At most one field, holding exactly one of the names we offered.
        let protocol = {
            let mut chosen = head.headers_named("sec-websocket-protocol");
            match (chosen.next(), chosen.next()) {
                (None, _) => None,
                (Some(p), None) if self.protocols.iter().any(|o| o.as_bytes() == p) => {
                    Some(String::from_utf8_lossy(p).into_owned())
                }
                (Some(p), _) => {
                    let p = String::from_utf8_lossy(p).into_owned();
                    return Err(ResponseError::UnofferedProtocol(p));
                }
            }
        };
        Ok(Negotiated { protocol, head })
    }
    // ANCHOR_END: check_response
}

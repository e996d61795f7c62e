//! Chapter 8: the WebSocket opening handshake (RFC 6455 §4), with no I/O.
//!
//! A WebSocket starts life as an HTTP/1.1 GET that asks to *upgrade* the
//! connection. If the server agrees it answers `101 Switching Protocols`, and
//! from the next byte on, both sides speak WebSocket frames (chapter 9).
//!
//! ```text
//!  client                                                       server
//!    │ GET /chat HTTP/1.1                                          │
//!    │ Host: 127.0.0.1:7010                                        │
//!    │ Upgrade: websocket              ┐ "switch this connection   │
//!    │ Connection: Upgrade             ┘  to WebSocket, please"    │
//!    │ Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==   (random nonce) │
//!    │ Sec-WebSocket-Version: 13                                   │
//!    │────────────────────────────────────────────────────────────▶│ validate_request
//!    │                        HTTP/1.1 101 Switching Protocols     │
//!    │                        Upgrade: websocket                   │
//!    │                        Connection: Upgrade                  │
//!    │      Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=     │ accept_key(key)
//!    │◀────────────────────────────────────────────────────────────│
//!    │ check_response: accept == base64(sha1(key + GUID))?         │
//!    │◀═══════════════════ WebSocket frames ══════════════════════▶│
//! ```
//!
//! Server side: parse the request with chapter 5's parser, then
//! [`validate_request`] answers [`Accepted`] (its [`Accepted::response`] is the
//! 101) or a [`HandshakeError`] naming the broken rule, with the status and
//! response to send. Client side: [`ClientHandshake`] builds the request for a
//! `ws://` URL and [`ClientHandshake::check_response`] checks the answer.
//!
//! ```
//! use ch05_http_parser::{parse_request, Limits, Status, EMPTY_HEADER};
//! use ch08_ws_handshake::{validate_request, ClientHandshake, HandshakeConfig};
//!
//! let client = ClientHandshake::new("ws://127.0.0.1:7010/chat").unwrap();
//! let request = client.request();
//! let mut headers = [EMPTY_HEADER; 32];
//! let Status::Complete((req, _)) = parse_request(&request, &mut headers, &Limits::default())?
//! else { unreachable!("a whole request") };
//! let accepted = validate_request(&req, &HandshakeConfig::default()).expect("a good handshake");
//! let response = accepted.response();
//! let Status::Complete((negotiated, used)) = client.check_response(&response).unwrap()
//! else { unreachable!("a whole response") };
//! assert_eq!((negotiated.protocol, used), (None, response.len()));
//! # Ok::<(), ch05_http_parser::ParseError>(())
//! ```
//!
//! Files, one idea each: `accept.rs` (the accept key), `key.rs` (the nonce),
//! `server.rs` (the request's rules), `error.rs` (refusals and their
//! statuses), `origin.rs` (the Origin policy), `protocol.rs` (subprotocols,
//! extensions declined), `response.rs` (response bytes), `url.rs` (`ws://`
//! URLs, on chapter 6's http URL parser), `client.rs` (the client's request
//! and checks). The response head a client reads is chapter 6's
//! (`ch06_http_server::client`), re-exported here because [`Negotiated`] and
//! [`ResponseError`] carry it.

mod accept;
mod client;
mod error;
mod key;
mod origin;
mod protocol;
mod response;
mod server;
mod url;

pub use accept::{AcceptSteps, GUID, accept_key, accept_steps};
/// Chapter 6's client response head, which [`Negotiated`] and [`ResponseError`]
/// carry.
pub use ch06_http_server::client::{HeadError, ResponseHead, UrlError};
pub use client::{ClientHandshake, HandshakeRequestError, Negotiated, ResponseError};
pub use error::HandshakeError;
pub use key::{KEY_BYTES, generate_key, key_is_valid};
pub use origin::OriginPolicy;
pub use protocol::{choose_protocol, is_valid_protocol};
pub use response::{error_response, reason, switching_protocols};
pub use server::{Accepted, HandshakeConfig, respond, validate_extended_connect, validate_request};
pub use url::{DEFAULT_PORT, WsUrl};

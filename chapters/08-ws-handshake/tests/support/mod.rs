//! Shared by the test files: parse a request with chapter 5, validate it with chapter 8.
#![allow(dead_code)] // each test file uses a different part

use ch05_http_parser::{EMPTY_HEADER, Limits, Status, parse_request};
use ch08_ws_handshake::{Accepted, HandshakeConfig, HandshakeError, validate_request};

/// A valid handshake (the RFC 6455 §1.3 example), one field per line, CRLF added.
pub const GOOD: &[&str] = &[
    "GET /chat HTTP/1.1",
    "Host: server.example.com",
    "Upgrade: websocket",
    "Connection: Upgrade",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
    "Sec-WebSocket-Version: 13",
];

/// Joins lines into a request head.
pub fn head(lines: &[&str]) -> Vec<u8> {
    let mut out = lines.join("\r\n").into_bytes();
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// [`GOOD`] with the field `name` removed (case-insensitive) and `add` appended.
pub fn good_without(name: &str, add: &[&str]) -> Vec<u8> {
    let mut lines: Vec<&str> = GOOD
        .iter()
        .copied()
        .filter(|l| !l.split(':').next().unwrap().eq_ignore_ascii_case(name))
        .collect();
    lines.extend_from_slice(add);
    head(&lines)
}

/// Parses `bytes` with the chapter 5 parser and validates the request.
pub fn validate(bytes: &[u8], config: &HandshakeConfig) -> Result<Accepted, HandshakeError> {
    let mut headers = [EMPTY_HEADER; 64];
    match parse_request(bytes, &mut headers, &Limits::default()) {
        Ok(Status::Complete((req, len))) => {
            assert_eq!(len, bytes.len(), "the test request is one whole head");
            validate_request(&req, config)
        }
        other => panic!(
            "chapter 5 did not parse the test request {:?}: {other:?}",
            String::from_utf8_lossy(bytes)
        ),
    }
}

/// Validates with the default config.
pub fn check(bytes: &[u8]) -> Result<Accepted, HandshakeError> {
    validate(bytes, &HandshakeConfig::default())
}

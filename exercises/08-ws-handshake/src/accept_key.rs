//! Exercise: compute `Sec-WebSocket-Accept`, the server's proof that it read
//! the client's key and speaks WebSocket (RFC 6455 §1.3, §4.2.2).
//!
//! accept = base64( SHA-1( key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11" ) )

/// The GUID RFC 6455 appends to every key.
pub const GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// The `Sec-WebSocket-Accept` value for a `Sec-WebSocket-Key` value.
///
/// - Hash `key` exactly as it was sent (the base64 text), then [`GUID`].
/// - SHA-1 gives 20 bytes; return their standard base64 (with `=` padding): 28 characters.
///
/// Useful: `sha1::{Digest, Sha1}` and `base64::engine::general_purpose::STANDARD`
/// with `base64::Engine` in scope for `.encode(...)`.
pub fn accept_key(key: &str) -> String {
    // TODO: hash key + GUID with SHA-1, then base64-encode the 20-byte digest.
    let _ = key;
    todo!("accept_key: base64(sha1(key + GUID)), see the doc comment")
}

//! `Sec-WebSocket-Key`: a fresh random 16-byte nonce, base64-encoded
//! (RFC 6455 §4.1 item 7, §11.3.1).
//!
//! The key is not a password. It exists so that the server's answer
//! ([`crate::accept_key`]) depends on this request: a cache or a confused
//! proxy cannot replay an old 101, and a non-WebSocket server cannot pass by
//! accident.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore as _;

/// How many bytes the key decodes to: exactly 16 (RFC 6455 §4.1 item 7).
pub const KEY_BYTES: usize = 16;

/// A new key for a client handshake: 16 random bytes from the thread's
/// cryptographically secure generator, base64-encoded (24 characters).
pub fn generate_key() -> String {
    let mut nonce = [0u8; KEY_BYTES];
    rand::rng().fill_bytes(&mut nonce);
    STANDARD.encode(nonce)
}

/// Whether a `Sec-WebSocket-Key` value is valid: standard base64 (with its
/// padding) that decodes to exactly 16 bytes (RFC 6455 §4.2.1 item 5).
pub fn key_is_valid(value: &[u8]) -> bool {
    // 16 bytes are always 24 base64 characters ending in "==": check the length
    // first, so a peer's long value costs nothing to reject.
    value.len() == 24
        && STANDARD
            .decode(value)
            .is_ok_and(|bytes| bytes.len() == KEY_BYTES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_are_valid_and_differ() {
        let a = generate_key();
        let b = generate_key();
        assert!(key_is_valid(a.as_bytes()), "{a}");
        assert_eq!(a.len(), 24);
        assert_ne!(a, b, "two keys from a CSPRNG should never repeat");
    }

    #[test]
    fn validity() {
        assert!(key_is_valid(b"dGhlIHNhbXBsZSBub25jZQ=="));
        assert!(!key_is_valid(b"dGhlIHNhbXBsZSBub25jZQ")); // no padding
        assert!(!key_is_valid(b"c2hvcnQ=")); // "short": 5 bytes
        assert!(!key_is_valid(b"dGhlIHNhbXBsZSBub25jZSE=")); // 17 bytes
        assert!(!key_is_valid(b"dGhlIHNhbXBsZSBub25jZQ!!"));
        assert!(!key_is_valid(b""));
    }
}

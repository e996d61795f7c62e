//! `Sec-WebSocket-Accept`: the server's proof that it read the client's key
//! and speaks WebSocket (RFC 6455 §1.3, §4.2.2 step 5.4).
//!
//! ```text
//!   Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==                 (from the client)
//!        + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"               (the GUID, fixed)
//!        = "dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
//!   SHA-1 → b3 7a 4f 2c c0 62 4f 16 90 f6 46 06 cf 38 59 45 b2 be c4 ea
//!   base64 → s3pPLMBiTxaQ9kYGzzhZRbK+xOo=                      (Sec-WebSocket-Accept)
//! ```
//!
//! The GUID is not a secret and the hash is no security: anyone can compute it.
//! Its only job is to show that the answer came from a server that understood
//! the WebSocket handshake, not from an HTTP server (or a cache) that happened
//! to echo headers back with a 101.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha1::{Digest, Sha1};

// ANCHOR: accept_key
/// The GUID that RFC 6455 §1.3 appends to every key. No other protocol uses it,
/// so a correct accept value can only come from a WebSocket server.
pub const GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// `Sec-WebSocket-Accept` for a `Sec-WebSocket-Key` value:
/// base64(SHA-1(key + GUID)) (RFC 6455 §4.2.2 step 5.4).
///
/// The key is hashed as the client sent it (its base64 text, not the 16 bytes
/// it decodes to), so this works on the raw header value.
pub fn accept_key(key: &[u8]) -> String {
    let mut sha1 = Sha1::new();
    sha1.update(key);
    sha1.update(GUID.as_bytes());
    let digest: [u8; 20] = sha1.finalize().into();
    STANDARD.encode(digest)
}
// ANCHOR_END: accept_key

/// The steps of [`accept_key`] one by one, for `ch08-accept` and the book:
/// the concatenation, the SHA-1 digest, and its base64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptSteps {
    /// `key + GUID`, the exact bytes hashed.
    pub concatenated: Vec<u8>,
    /// SHA-1 of those bytes: 20 bytes.
    pub sha1: [u8; 20],
    /// The base64 of the digest: the `Sec-WebSocket-Accept` value.
    pub accept: String,
}

/// Computes [`accept_key`] keeping every intermediate value.
pub fn accept_steps(key: &[u8]) -> AcceptSteps {
    let mut concatenated = key.to_vec();
    concatenated.extend_from_slice(GUID.as_bytes());
    let sha1: [u8; 20] = Sha1::digest(&concatenated).into();
    AcceptSteps {
        accept: STANDARD.encode(sha1),
        concatenated,
        sha1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6455_sample() {
        // RFC 6455 §1.3 works this example through (and `python3 -c` with
        // hashlib + base64, or `openssl sha1 -binary | base64`, agree).
        assert_eq!(
            accept_key(b"dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
        let steps = accept_steps(b"dGhlIHNhbXBsZSBub25jZQ==");
        assert_eq!(steps.accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assert_eq!(steps.sha1[..4], [0xb3, 0x7a, 0x4f, 0x2c]);
        assert!(steps.concatenated.ends_with(GUID.as_bytes()));
    }
}

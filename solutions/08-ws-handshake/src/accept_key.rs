//! Solution: compute `Sec-WebSocket-Accept` (RFC 6455 §1.3, §4.2.2).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha1::{Digest, Sha1};

/// The GUID RFC 6455 appends to every key.
pub const GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// The `Sec-WebSocket-Accept` value for a `Sec-WebSocket-Key` value.
pub fn accept_key(key: &str) -> String {
    let mut sha1 = Sha1::new();
    // The key is hashed as text, exactly as it came in the header: the server
    // never needs the 16 bytes it decodes to (except to check there are 16).
    sha1.update(key.as_bytes());
    // The GUID makes the answer one only a WebSocket server would compute:
    // an HTTP server echoing headers, or a cache replaying an old 101, cannot.
    sha1.update(GUID.as_bytes());
    // STANDARD is the RFC 4648 alphabet with '=' padding, as RFC 6455 §4.2.2 asks.
    STANDARD.encode(sha1.finalize())
}

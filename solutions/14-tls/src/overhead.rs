//! Solution: what a message costs on the wire, over wss.

/// The largest plaintext in one TLS record: 2^14 bytes.
pub const MAX_FRAGMENT: usize = 16384;

/// What TLS 1.3 adds to each record: header, content type, AEAD tag.
const PER_RECORD: usize = 5 + 1 + 16;

/// The header of a server-to-client frame (unmasked) carrying `payload` bytes.
pub fn ws_header_len(payload: usize) -> usize {
    match payload {
        0..=125 => 2,
        126..=65535 => 4,
        _ => 10,
    }
}

/// The bytes on the wire when `plaintext` bytes are written at once over TLS 1.3.
pub fn tls13_wire_bytes(plaintext: usize) -> usize {
    plaintext + plaintext.div_ceil(MAX_FRAGMENT) * PER_RECORD
}

/// The bytes on the wire for one WebSocket message of `payload` bytes sent by
/// the server over wss, the frame written at once.
pub fn wss_message_wire_bytes(payload: usize) -> usize {
    tls13_wire_bytes(ws_header_len(payload) + payload)
}

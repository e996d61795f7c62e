//! Exercise: what a message costs on the wire, over wss.
//!
//! Two layers add bytes. WebSocket frames each message with a 2-, 4- or
//! 10-byte header (RFC 6455 §5.2; the server does not mask). TLS 1.3 cuts the
//! plaintext into records of at most 16 KiB (RFC 8446 §5.1) and each record
//! adds a 5-byte header, the real content type (1 byte, §5.2) and a 16-byte
//! AEAD tag (AES-GCM or ChaCha20-Poly1305).

/// The largest plaintext in one TLS record: 2^14 bytes.
pub const MAX_FRAGMENT: usize = 16384;

/// The header of a server-to-client frame (unmasked) carrying `payload` bytes.
pub fn ws_header_len(payload: usize) -> usize {
    // TODO: 7-bit length up to 125, 16-bit up to 65535, 64-bit beyond.
    let _ = payload;
    todo!("ws_header_len: 2, 4 or 10 bytes")
}

/// The bytes on the wire when `plaintext` bytes are written at once over
/// TLS 1.3 in records of at most [`MAX_FRAGMENT`] bytes.
pub fn tls13_wire_bytes(plaintext: usize) -> usize {
    // TODO: ceil(plaintext / MAX_FRAGMENT) records, 5 + 1 + 16 bytes each on top.
    let _ = plaintext;
    todo!("tls13_wire_bytes: plaintext plus 22 bytes per record")
}

/// The bytes on the wire for one WebSocket message of `payload` bytes sent
/// by the server over wss, the frame written at once.
pub fn wss_message_wire_bytes(payload: usize) -> usize {
    // TODO: the frame (header + payload), then TLS around it.
    let _ = payload;
    todo!("wss_message_wire_bytes: tls13_wire_bytes(ws_header_len(n) + n)")
}

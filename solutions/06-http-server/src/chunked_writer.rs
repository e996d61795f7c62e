//! Exercise: chunked transfer coding (RFC 9112 §7.1).
//!
//! When a body's length is unknown when it starts, each piece is sent as a chunk:
//! its size in hex, CRLF, the bytes, CRLF. A chunk of size zero ends the body.

/// Appends one chunk holding `data` to `out`; nothing for empty `data`.
pub fn write_chunk(data: &[u8], out: &mut Vec<u8>) {
    // An empty chunk would be read as the last-chunk and end the body early.
    if data.is_empty() {
        return;
    }
    // Lowercase or uppercase hex are both valid (HEXDIG is case-insensitive); we pick lowercase.
    out.extend_from_slice(format!("{:x}\r\n", data.len()).as_bytes());
    out.extend_from_slice(data);
    out.extend_from_slice(b"\r\n");
}

/// The whole body: one chunk per non-empty piece, then `0\r\n\r\n`
/// (the last-chunk and an empty trailer section).
pub fn encode_chunked(pieces: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for piece in pieces {
        write_chunk(piece, &mut out);
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

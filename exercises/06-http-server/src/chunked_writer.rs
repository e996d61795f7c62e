//! Exercise: chunked transfer coding (RFC 9112 §7.1).
//!
//! When a body's length is unknown when it starts, each piece is sent as a chunk:
//! its size in hex, CRLF, the bytes, CRLF. A chunk of size zero ends the body.

/// Appends one chunk holding `data` to `out`: `SIZE-IN-LOWERCASE-HEX\r\nDATA\r\n`.
/// Writes nothing for empty `data` (a zero-size chunk would end the body).
pub fn write_chunk(data: &[u8], out: &mut Vec<u8>) {
    // TODO: the size line, the data, the CRLF.
    let _ = (data, out);
    todo!("write_chunk: format!(\"{{:x}}\\r\\n\", len), then the bytes, then \\r\\n")
}

/// The whole body: one chunk per non-empty piece, then `0\r\n\r\n`
/// (the last-chunk and an empty trailer section).
pub fn encode_chunked(pieces: &[&[u8]]) -> Vec<u8> {
    // TODO: write_chunk for each piece, then the last-chunk.
    let _ = pieces;
    todo!("encode_chunked: a chunk per piece, then 0\\r\\n\\r\\n")
}

//! Chunked transfer coding, the sending side (RFC 9112 §7.1).
//!
//! When a response's length is not known before it starts (a stream, a generated
//! page), `Content-Length` is impossible. HTTP/1.1 instead frames the body as
//! chunks, each prefixed by its size in hex, and ends it with a chunk of size 0:
//!
//! ```text
//! 5\r\n          chunk-size in hex, then CRLF
//! hello\r\n      chunk-data, then CRLF
//! 7\r\n
//! , world\r\n
//! 0\r\n          last-chunk
//! \r\n           no trailer fields, then the final CRLF
//! ```
//!
//! Decoding the same framing on the way in is the parser's job
//! (`ch05_http_parser::ChunkedDecoder`).

// ANCHOR: chunk
/// Appends one chunk holding `data` to `out`: `SIZE-IN-HEX\r\nDATA\r\n`.
///
/// `data` must not be empty: a zero-size chunk is the last-chunk and would end the
/// body early, so an empty piece writes nothing.
pub fn write_chunk(data: &[u8], out: &mut Vec<u8>) {
    if data.is_empty() {
        return;
    }
    out.extend_from_slice(format!("{:x}\r\n", data.len()).as_bytes());
    out.extend_from_slice(data);
    out.extend_from_slice(b"\r\n");
}

/// The last-chunk and the empty trailer section that end every chunked body.
pub const LAST_CHUNK: &[u8] = b"0\r\n\r\n";
// ANCHOR_END: chunk

/// A whole body encoded as chunks, one per piece, then the last-chunk.
pub fn encode_all<'a>(pieces: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    for piece in pieces {
        write_chunk(piece, &mut out);
    }
    out.extend_from_slice(LAST_CHUNK);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_in_hex() {
        assert_eq!(
            encode_all([&b"hello"[..], b", world", b""]),
            b"5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n"
        );
        let mut out = Vec::new();
        write_chunk(&[b'x'; 300], &mut out);
        assert!(out.starts_with(b"12c\r\nxxx"), "300 = 0x12c");
        assert!(out.ends_with(b"x\r\n"));
        assert_eq!(out.len(), 5 + 300 + 2);
        assert_eq!(encode_all([]), b"0\r\n\r\n");
    }
}

//! Exercise: decode a chunked body (RFC 9112 §7.1) that may not have fully
//! arrived yet: "check, then parse" — `Ok(None)` means "read more, call again".

/// What was wrong with a chunked body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkError {
    /// A chunk-size that is empty or not hex digits.
    Size,
    /// A chunk-size too big for a u64.
    Overflow,
    /// A chunk's data not followed by CRLF.
    MissingCrlf,
}

/// Decodes a whole chunked body at the start of `buf`.
///
/// Returns `Ok(Some((data, used)))` when the last chunk and the empty line that
/// ends the trailers are in `buf` (`used` = bytes of `buf` that were the body),
/// `Ok(None)` when more bytes are needed. Chunk extensions (`;name=value`) are
/// ignored; trailer lines are skipped.
pub fn decode_chunked(buf: &[u8]) -> Result<Option<(Vec<u8>, usize)>, ChunkError> {
    // TODO: loop over chunks: size line (hex, maybe ;ext) CRLF, data, CRLF; a size of 0
    // is followed by trailer lines and an empty line. Return Ok(None) when bytes run out.
    let _ = buf;
    todo!("decode_chunked: size CRLF data CRLF ... 0 CRLF CRLF (see the doc comments)")
}

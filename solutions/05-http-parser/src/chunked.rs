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
    let mut data = Vec::new();
    let mut pos = 0;
    loop {
        // The size line: hex digits, maybe `;extensions`, CRLF.
        let Some(eol) = find_crlf(&buf[pos..]) else {
            return Ok(None);
        };
        let line = &buf[pos..pos + eol];
        let digits = match line.iter().position(|&b| b == b';') {
            Some(semi) => &line[..semi],
            None => line,
        };
        let size = parse_hex(digits)?;
        pos += eol + 2;
        if size == 0 {
            // The last chunk. Skip trailer lines until the empty line.
            loop {
                let Some(eol) = find_crlf(&buf[pos..]) else {
                    return Ok(None);
                };
                pos += eol + 2;
                if eol == 0 {
                    return Ok(Some((data, pos)));
                }
            }
        }
        // The data and its CRLF must both be here. A peer chooses `size`, so
        // compare without adding to it (pos + size could overflow).
        let have = (buf.len() - pos) as u64;
        if have < size.saturating_add(2) {
            return Ok(None);
        }
        let size = size as usize; // fits: it is at most buf.len()
        data.extend_from_slice(&buf[pos..pos + size]);
        if &buf[pos + size..pos + size + 2] != b"\r\n" {
            return Err(ChunkError::MissingCrlf);
        }
        pos += size + 2;
    }
}

/// Where the first CRLF starts.
fn find_crlf(buf: &[u8]) -> Option<usize> {
    buf.windows(2).position(|w| w == b"\r\n")
}

/// `1*HEXDIG` as a u64, refusing overflow instead of wrapping around.
fn parse_hex(digits: &[u8]) -> Result<u64, ChunkError> {
    if digits.is_empty() {
        return Err(ChunkError::Size);
    }
    let mut n: u64 = 0;
    for &d in digits {
        let v = (d as char).to_digit(16).ok_or(ChunkError::Size)?;
        // A wrapped size would make us read the wrong number of bytes: the
        // rest of the body would be taken for the next request.
        n = n
            .checked_mul(16)
            .and_then(|n| n.checked_add(u64::from(v)))
            .ok_or(ChunkError::Overflow)?;
    }
    Ok(n)
}

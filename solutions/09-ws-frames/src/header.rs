//! Solution: decode and encode a frame header (RFC 6455 §5.2).

/// A frame header, as far as this exercise needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// FIN: the last frame of its message.
    pub fin: bool,
    /// RSV1-3 as the low three bits.
    pub rsv: u8,
    /// The 4-bit opcode.
    pub opcode: u8,
    /// The masking key, when MASK is set.
    pub mask: Option<[u8; 4]>,
    /// The payload length.
    pub len: u64,
}

/// The one error a header can have on its own: a 64-bit length with the top bit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopBitSet;

/// Decodes a header from the start of `buf`: `Ok(None)` when more bytes are
/// needed, `Ok(Some((header, header_len)))` when complete.
pub fn decode(buf: &[u8]) -> Result<Option<(Header, usize)>, TopBitSet> {
    // Check: bytes 0 and 1 say how long the whole header is.
    let [b0, b1, ..] = *buf else { return Ok(None) };
    let extra = match b1 & 0x7F {
        126 => 2,
        127 => 8,
        _ => 0,
    };
    let masked = b1 & 0x80 != 0;
    let header_len = 2 + extra + if masked { 4 } else { 0 };
    if buf.len() < header_len {
        return Ok(None);
    }
    // Parse: every index below is in bounds now.
    let len = match extra {
        0 => u64::from(b1 & 0x7F),
        // Lengths are big-endian ("network byte order", §5.2).
        2 => u64::from(u16::from_be_bytes([buf[2], buf[3]])),
        _ => {
            let mut be = [0u8; 8];
            be.copy_from_slice(&buf[2..10]);
            let len = u64::from_be_bytes(be);
            if len >> 63 != 0 {
                return Err(TopBitSet); // §5.2: the most significant bit MUST be 0
            }
            len
        }
    };
    let k = 2 + extra;
    let mask = masked.then(|| [buf[k], buf[k + 1], buf[k + 2], buf[k + 3]]);
    let header = Header {
        fin: b0 & 0x80 != 0,
        rsv: (b0 >> 4) & 7,
        opcode: b0 & 0x0F,
        mask,
        len,
    };
    Ok(Some((header, header_len)))
}

/// Encodes a header with the minimal length form (§5.2: "the minimal number of
/// bytes MUST be used").
pub fn encode(h: &Header) -> Vec<u8> {
    let mut out = Vec::with_capacity(14);
    out.push((u8::from(h.fin) << 7) | ((h.rsv & 7) << 4) | (h.opcode & 0x0F));
    let mask_bit = if h.mask.is_some() { 0x80 } else { 0 };
    if h.len <= 125 {
        out.push(mask_bit | h.len as u8);
    } else if h.len <= 0xFFFF {
        out.push(mask_bit | 126);
        out.extend_from_slice(&(h.len as u16).to_be_bytes());
    } else {
        out.push(mask_bit | 127);
        out.extend_from_slice(&h.len.to_be_bytes());
    }
    if let Some(key) = h.mask {
        out.extend_from_slice(&key);
    }
    out
}

//! Exercise: decode and encode a WebSocket frame header (RFC 6455 §5.2).
//!
//! Byte 0: FIN (0x80), RSV1-3 (0x70), opcode (0x0F). Byte 1: MASK (0x80) and a
//! 7-bit length: 0-125 is the length; 126 means a 16-bit length follows; 127 a
//! 64-bit one (big-endian, top bit must be 0). Then the 4-byte key if MASK is set.

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
    // TODO: check that the whole header is in `buf` (2 + 0/2/8 + 0/4 bytes), then parse it.
    let _ = buf;
    todo!("header::decode: return Ok(None) until the whole header is there, then parse it")
}

/// Encodes a header with the minimal length form.
pub fn encode(h: &Header) -> Vec<u8> {
    // TODO: byte 0, byte 1 (MASK | 0-125, 126 or 127), the length bytes, the key.
    let _ = h;
    todo!("header::encode: write the header with the smallest length form that fits")
}

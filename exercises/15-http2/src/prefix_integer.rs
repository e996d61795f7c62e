//! Exercise: HPACK's prefix integers (RFC 7541 §5.1).
//!
//! HPACK packs a number into the low N bits of an octet whose high bits say
//! what the octet is (0x80: an indexed field; 0x40: a literal to index…).
//! A value below 2^N-1 fits the prefix. A larger one fills the prefix with
//! ones, then continues in 7-bit groups, least significant first, the top
//! bit of each octet saying "more follows". RFC 7541 C.1.2:
//!
//! ```text
//!   1337 with a 5-bit prefix:  xxx11111  10011010  00001010
//!                              31        +26       +10·128   = 1337
//! ```
//!
//! The format has no upper bound, so a decoder sets its own (§5.1 allows
//! "implementation limits, in value or octet length"): here `u32::MAX`, and at
//! most five continuation octets (5 × 7 bits covers any `u32`). A peer's
//! bytes must never make the decoder panic or wrap around.

/// Why no integer could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerError {
    /// The input ended before the integer did.
    Truncated,
    /// Larger than `u32::MAX`, or more continuation octets than any `u32` needs.
    Overflow,
}

/// The most continuation octets a `u32` needs: 5 × 7 = 35 bits.
pub const MAX_CONTINUATION: usize = 5;

/// Appends `value` with a `prefix_bits`-bit prefix (1–8); `high` holds the
/// bits above the prefix (0x80 for an indexed field) and is kept as it is.
pub fn encode_integer(value: u32, prefix_bits: u8, high: u8, out: &mut Vec<u8>) {
    // TODO: the prefix's largest value is N one bits (careful: with N = 8,
    // `1u8 << 8` overflows). Below it: one octet. Otherwise the full prefix,
    // then value - max in 7-bit groups, 0x80 set on every group but the last.
    let _ = (value, prefix_bits, high, out);
    todo!("encode_integer: high | value if it fits the prefix, else high | max, then 7-bit groups")
}

/// Reads an integer with a `prefix_bits`-bit prefix from the start of
/// `input`, ignoring the bits above the prefix. Returns the value and the
/// octets it took.
pub fn decode_integer(input: &[u8], prefix_bits: u8) -> Result<(u32, usize), IntegerError> {
    // TODO: no octet at all is Truncated. Mask the first with the prefix; if
    // it is below the max, done. Else add each octet's low 7 bits shifted by
    // 7·i (sum in a u64), stop at the first octet without 0x80; a sixth
    // continuation octet, or a sum past u32::MAX, is Overflow.
    let _ = (input, prefix_bits);
    todo!("decode_integer: the prefix, then 7-bit groups until an octet without 0x80")
}

//! Solution: HPACK prefix integers (RFC 7541 §5.1).

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

/// The largest value an N-bit prefix holds: N one bits. `u8::MAX >> (8 - N)`
/// works for N = 8 too, where `(1u8 << 8) - 1` would overflow.
fn prefix_max(prefix_bits: u8) -> u8 {
    u8::MAX >> (8 - prefix_bits)
}

/// Appends `value` with a `prefix_bits`-bit prefix (1–8); `high` holds the
/// bits above the prefix (0x80 for an indexed field) and is kept as it is.
pub fn encode_integer(value: u32, prefix_bits: u8, high: u8, out: &mut Vec<u8>) {
    let max = prefix_max(prefix_bits);
    if value < u32::from(max) {
        out.push(high | value as u8);
        return;
    }
    // The prefix full of ones says "the value continues"; the rest follows in
    // 7-bit groups, least significant first, the top bit set on all but the last.
    out.push(high | max);
    let mut rest = value - u32::from(max);
    while rest >= 0x80 {
        out.push((rest & 0x7f) as u8 | 0x80);
        rest >>= 7;
    }
    out.push(rest as u8);
}

/// Reads an integer with a `prefix_bits`-bit prefix from the start of
/// `input`, ignoring the bits above the prefix. Returns the value and the
/// octets it took.
pub fn decode_integer(input: &[u8], prefix_bits: u8) -> Result<(u32, usize), IntegerError> {
    let max = prefix_max(prefix_bits);
    let first = *input.first().ok_or(IntegerError::Truncated)? & max;
    if first < max {
        return Ok((u32::from(first), 1));
    }
    // Sum in a u64: 35 bits of groups plus the prefix fit, so the sum itself
    // cannot wrap before we compare it with the limit.
    let mut value = u64::from(max);
    for (i, &octet) in input[1..].iter().enumerate() {
        // §5.1 lets a decoder refuse encodings past its limits "in value or
        // octet length": a sixth octet could only be padding or too much.
        if i == MAX_CONTINUATION {
            return Err(IntegerError::Overflow);
        }
        value += u64::from(octet & 0x7f) << (7 * i);
        if value > u64::from(u32::MAX) {
            return Err(IntegerError::Overflow);
        }
        if octet & 0x80 == 0 {
            return Ok((value as u32, i + 2));
        }
    }
    Err(IntegerError::Truncated)
}

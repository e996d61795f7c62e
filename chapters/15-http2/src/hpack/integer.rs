//! Prefix integers (RFC 7541 §5.1).
//!
//! HPACK packs a small number into the low bits of a byte whose high bits say
//! what the byte is (an index, a literal, a size update). With an N-bit prefix,
//! values below 2^N-1 fit in the prefix; larger ones fill it with ones and
//! continue in 7-bit groups, least significant first, the top bit of each
//! octet saying "more follows":
//!
//! ```text
//!   1337 with a 5-bit prefix:  xxx11111  10011010  00001010
//!                              31        +26       +10·128   = 1337
//! ```
//!
//! Nothing in the format bounds the value or the number of octets, so a
//! decoder must: §5.1 lets it reject encodings past its "implementation limits,
//! in value or octet length". Ours are 2^32-1 (no HPACK quantity needs more) and
//! five continuation octets (35 bits, enough for that value).

use super::error::DecodeError;

/// The largest value [`decode`] accepts.
pub const MAX_VALUE: u64 = u32::MAX as u64;

/// The most continuation octets [`decode`] reads: 5 × 7 bits covers 2^32-1.
pub const MAX_CONTINUATION: usize = 5;

// ANCHOR: integer
/// Appends `value` with a `prefix_bits`-bit prefix (1–8). `high` holds the
/// bits above the prefix (the representation's pattern, e.g. `0x80` for an
/// indexed field); its prefix bits must be zero.
pub fn encode(value: usize, prefix_bits: u8, high: u8, out: &mut Vec<u8>) {
    debug_assert!((1..=8).contains(&prefix_bits));
    let max_prefix = ((1u16 << prefix_bits) - 1) as usize;
    if value < max_prefix {
        out.push(high | value as u8);
        return;
    }
    out.push(high | max_prefix as u8);
    let mut rest = value - max_prefix;
    while rest >= 0x80 {
        out.push((rest & 0x7f) as u8 | 0x80);
        rest >>= 7;
    }
    out.push(rest as u8);
}

/// Decodes an integer with a `prefix_bits`-bit prefix from the start of
/// `input`, ignoring the bits above the prefix.
///
/// # Returns
/// `(value, octets used)`, or [`DecodeError::Truncated`] when `input` ends
/// first, [`DecodeError::IntegerOverflow`] past the limits above.
pub fn decode(input: &[u8], prefix_bits: u8) -> Result<(u32, usize), DecodeError> {
    debug_assert!((1..=8).contains(&prefix_bits));
    let max_prefix = ((1u16 << prefix_bits) - 1) as u8;
    let first = *input.first().ok_or(DecodeError::Truncated)? & max_prefix;
    if first < max_prefix {
        return Ok((u32::from(first), 1));
    }
    let mut value = u64::from(max_prefix);
    for (i, &octet) in input[1..].iter().enumerate() {
        if i == MAX_CONTINUATION {
            return Err(DecodeError::IntegerOverflow);
        }
        value += u64::from(octet & 0x7f) << (7 * i);
        if value > MAX_VALUE {
            return Err(DecodeError::IntegerOverflow);
        }
        if octet & 0x80 == 0 {
            return Ok((value as u32, i + 2));
        }
    }
    Err(DecodeError::Truncated)
}
// ANCHOR_END: integer

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(value: usize, prefix_bits: u8) -> Vec<u8> {
        let mut out = Vec::new();
        encode(value, prefix_bits, 0, &mut out);
        out
    }

    #[test]
    fn rfc_7541_c1_examples() {
        // C.1.1: 10 with a 5-bit prefix; C.1.2: 1337 with a 5-bit prefix;
        // C.1.3: 42 at an octet boundary (8-bit prefix).
        assert_eq!(encoded(10, 5), [0x0a]);
        assert_eq!(encoded(1337, 5), [0x1f, 0x9a, 0x0a]);
        assert_eq!(encoded(42, 8), [0x2a]);
        assert_eq!(decode(&[0xea], 5), Ok((10, 1)), "high bits are ignored");
        assert_eq!(decode(&[0x1f, 0x9a, 0x0a], 5), Ok((1337, 3)));
        assert_eq!(decode(&[42], 8), Ok((42, 1)));
    }

    #[test]
    fn the_prefix_boundary() {
        // 2^N-1 itself does not fit: it takes a zero continuation octet.
        assert_eq!(encoded(30, 5), [30]);
        assert_eq!(encoded(31, 5), [31, 0]);
        assert_eq!(encoded(127, 7), [127, 0]);
        assert_eq!(encoded(255, 8), [255, 0]);
        assert_eq!(decode(&[31, 0], 5), Ok((31, 2)));
    }

    #[test]
    fn round_trips_across_prefixes_and_sizes() {
        for prefix in 1..=8u8 {
            for value in [
                0,
                1,
                2,
                126,
                127,
                128,
                254,
                255,
                256,
                16_383,
                16_384,
                1 << 21,
            ]
            .into_iter()
            .chain([u32::MAX as usize - 1, u32::MAX as usize])
            {
                let bytes = encoded(value, prefix);
                assert_eq!(
                    decode(&bytes, prefix),
                    Ok((value as u32, bytes.len())),
                    "{value} with {prefix} bits"
                );
                // Every proper prefix of the encoding is incomplete.
                for cut in 0..bytes.len() {
                    assert_eq!(decode(&bytes[..cut], prefix), Err(DecodeError::Truncated));
                }
            }
        }
    }

    #[test]
    fn limits_in_value_and_in_length() {
        // 2^32 with a 1-bit prefix.
        let mut big = Vec::new();
        encode(1 << 32, 1, 0, &mut big);
        assert_eq!(decode(&big, 1), Err(DecodeError::IntegerOverflow));
        // A small value padded with zero-valued continuation octets: legal in
        // form, but six of them is past our octet limit.
        assert_eq!(
            decode(&[0x1f, 0x80, 0x80, 0x80, 0x80, 0x00], 5),
            Ok((31, 6))
        );
        assert_eq!(
            decode(&[0x1f, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], 5),
            Err(DecodeError::IntegerOverflow)
        );
        // An endless run of continuation octets stops at the limit, not at the end.
        assert_eq!(decode(&[0xff; 1000], 8), Err(DecodeError::IntegerOverflow));
        assert_eq!(decode(&[], 8), Err(DecodeError::Truncated));
    }
}

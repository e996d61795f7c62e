//! The Huffman code of HPACK (RFC 7541 §5.2, Appendix B): decode and encode.
//!
//! A Huffman string is the symbols' codes back to back, most significant bit
//! first, then padded to a whole octet with ones (the first bits of EOS). The
//! decoder enforces §5.2's three rules: padding of more than 7 bits is an
//! error, padding that is not all ones is an error, and EOS itself is an error.

use super::error::DecodeError;
use super::huffman_table::{CODES, EOS};

/// The code's lengths run from 5 to 30 bits.
const MAX_LEN: usize = 30;

/// The canonical code, by length: for each length `l`, the first code of that
/// length, how many codes have it, and where their symbols start in
/// [`CANONICAL.symbols`] (sorted by length, then symbol). Built at compile time
/// from [`CODES`].
struct Canonical {
    first: [u32; MAX_LEN + 1],
    count: [u16; MAX_LEN + 1],
    start: [u16; MAX_LEN + 1],
    symbols: [u16; 257],
}

const fn canonical() -> Canonical {
    let mut c = Canonical {
        first: [0; MAX_LEN + 1],
        count: [0; MAX_LEN + 1],
        start: [0; MAX_LEN + 1],
        symbols: [0; 257],
    };
    let mut sym = 0;
    while sym < CODES.len() {
        c.count[CODES[sym].1 as usize] += 1;
        sym += 1;
    }
    // Symbols grouped by length, in symbol order within a length.
    let mut at = 0u16;
    let mut len = 1;
    while len <= MAX_LEN {
        c.start[len] = at;
        let mut sym = 0;
        while sym < CODES.len() {
            if CODES[sym].1 as usize == len {
                if c.count[len] > 0 && at == c.start[len] {
                    c.first[len] = CODES[sym].0;
                }
                c.symbols[at as usize] = sym as u16;
                at += 1;
            }
            sym += 1;
        }
        len += 1;
    }
    c
}

static CANONICAL: Canonical = canonical();

// ANCHOR: decode
/// Decodes the Huffman string `input`, appending the bytes to `out`.
///
/// Bits are read one at a time into `code`; after each bit, if the `len` bits
/// read so far are a code of that length, out comes its symbol. In a canonical
/// code the codes of one length are consecutive, so "is a code" is one
/// subtraction and one comparison.
pub fn decode(input: &[u8], out: &mut Vec<u8>) -> Result<(), DecodeError> {
    let table = &CANONICAL;
    let mut code: u32 = 0;
    let mut len: usize = 0;
    for &octet in input {
        for shift in (0..8).rev() {
            code = (code << 1) | u32::from((octet >> shift) & 1);
            len += 1;
            let offset = code.wrapping_sub(table.first[len]);
            if code >= table.first[len] && offset < u32::from(table.count[len]) {
                let sym = table.symbols[usize::from(table.start[len]) + offset as usize];
                if usize::from(sym) == EOS {
                    return Err(DecodeError::HuffmanEos);
                }
                out.push(sym as u8);
                code = 0;
                len = 0;
            }
            // The code is complete (see huffman_table's tests): 30 bits always
            // end a code, so `len` never passes MAX_LEN.
        }
    }
    // What is left is padding: at most 7 bits, all ones.
    if len > 7 {
        return Err(DecodeError::HuffmanPaddingTooLong);
    }
    if code != (1 << len) - 1 {
        return Err(DecodeError::HuffmanPaddingNotOnes);
    }
    Ok(())
}
// ANCHOR_END: decode

/// The length in octets of `input` Huffman-encoded.
pub fn encoded_len(input: &[u8]) -> usize {
    let bits: usize = input
        .iter()
        .map(|&b| usize::from(CODES[usize::from(b)].1))
        .sum();
    bits.div_ceil(8)
}

// ANCHOR: encode
/// Appends `input` Huffman-encoded to `out`, padded with ones.
pub fn encode(input: &[u8], out: &mut Vec<u8>) {
    // `pending` holds fewer than 8 bits between symbols; a code adds at most 30.
    let mut pending: u64 = 0;
    let mut bits: u32 = 0;
    for &byte in input {
        let (code, len) = CODES[usize::from(byte)];
        pending = (pending << len) | u64::from(code);
        bits += u32::from(len);
        while bits >= 8 {
            bits -= 8;
            out.push((pending >> bits) as u8);
        }
        pending &= (1 << bits) - 1;
    }
    if bits > 0 {
        let pad = 8 - bits;
        out.push(((pending << pad) | ((1 << pad) - 1)) as u8);
    }
}
// ANCHOR_END: encode

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(input: &[u8]) -> Result<Vec<u8>, DecodeError> {
        let mut out = Vec::new();
        decode(input, &mut out).map(|()| out)
    }

    fn encoded(input: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        encode(input, &mut out);
        out
    }

    #[test]
    fn rfc_7541_c4_strings() {
        let www = [
            0xf1, 0xe3, 0xc2, 0xe5, 0xf2, 0x3a, 0x6b, 0xa0, 0xab, 0x90, 0xf4, 0xff,
        ];
        assert_eq!(encoded(b"www.example.com"), www);
        assert_eq!(decoded(&www).unwrap(), b"www.example.com");
        let no_cache = [0xa8, 0xeb, 0x10, 0x64, 0x9c, 0xbf];
        assert_eq!(encoded(b"no-cache"), no_cache);
        assert_eq!(decoded(&no_cache).unwrap(), b"no-cache");
        assert_eq!(encoded_len(b"www.example.com"), 12);
    }

    #[test]
    fn every_byte_round_trips() {
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decoded(&encoded(&all)).unwrap(), all);
        for b in 0..=255u8 {
            let one = encoded(&[b]);
            assert_eq!(one.len(), encoded_len(&[b]));
            assert_eq!(decoded(&one).unwrap(), [b], "byte {b}");
        }
        assert_eq!(decoded(&[]).unwrap(), b"");
    }

    #[test]
    fn padding_rules() {
        // '0' is 00000: three bits of padding, which must be ones.
        assert_eq!(decoded(&[0b0000_0111]).unwrap(), b"0");
        assert_eq!(
            decoded(&[0b0000_0110]),
            Err(DecodeError::HuffmanPaddingNotOnes)
        );
        assert_eq!(
            decoded(&[0b0000_0011]),
            Err(DecodeError::HuffmanPaddingNotOnes)
        );
        // A whole octet of ones after a complete string is 8 bits of padding.
        assert_eq!(
            decoded(&[0b0000_0111, 0xff]),
            Err(DecodeError::HuffmanPaddingTooLong)
        );
        // Eight ones alone: too long for padding (and what '$', 13 bits, cut
        // after its first octet looks like).
        assert_eq!(decoded(&[0xff]), Err(DecodeError::HuffmanPaddingTooLong));
        // 011111 is '9', and the two ones after it are padding.
        assert_eq!(decoded(&[0b0111_1111]).unwrap(), b"9");
    }

    #[test]
    fn eos_is_refused() {
        // 30 ones, then 2 bits of padding: EOS spelled out in full.
        assert_eq!(
            decoded(&[0xff, 0xff, 0xff, 0xff]),
            Err(DecodeError::HuffmanEos)
        );
        // After a symbol, too: 'a' (00011) then EOS.
        let mut bits: u64 = (0b00011 << 30) | 0x3fff_ffff; // 35 bits
        bits = (bits << 5) | 0b11111; // pad to 40 bits
        let bytes = bits.to_be_bytes()[3..].to_vec();
        assert_eq!(decoded(&bytes), Err(DecodeError::HuffmanEos));
    }
}

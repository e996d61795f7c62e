//! String literals (RFC 7541 §5.2).
//!
//! ```text
//!   +---+---+---+---+---+---+---+---+
//!   | H |    String Length (7+)     |
//!   +---+---------------------------+
//!   |  String Data (Length octets)  |
//!   +-------------------------------+
//! ```
//!
//! H says whether the data is Huffman-encoded; the length counts the octets on
//! the wire, not the decoded bytes. A length larger than the block that holds
//! it is truncation, and one larger than the decoder's limit is refused before
//! a byte is decoded, so a peer cannot make us allocate by promising a long string.

use super::error::DecodeError;
use super::{huffman, integer};

/// Appends `value` as a string literal, Huffman-encoded when `huffman` is set
/// and that is no longer (§5.2 leaves the choice to the encoder; on a tie we
/// pick Huffman, as RFC 7541's examples do for `307`).
pub fn encode(value: &[u8], huffman: bool, out: &mut Vec<u8>) {
    let huffman_len = huffman::encoded_len(value);
    if huffman && !value.is_empty() && huffman_len <= value.len() {
        integer::encode(huffman_len, 7, 0x80, out);
        huffman::encode(value, out);
    } else {
        integer::encode(value.len(), 7, 0x00, out);
        out.extend_from_slice(value);
    }
}

/// Decodes the string literal at the start of `input` into `out` (cleared
/// first), refusing literals of more than `limit` octets on the wire.
///
/// # Returns
/// The number of octets of `input` the literal used.
pub fn decode(input: &[u8], limit: usize, out: &mut Vec<u8>) -> Result<usize, DecodeError> {
    out.clear();
    let huffman = input.first().ok_or(DecodeError::Truncated)? & 0x80 != 0;
    let (len, at) = integer::decode(input, 7)?;
    let len = len as usize;
    if len > limit {
        return Err(DecodeError::StringTooLong { len, limit });
    }
    let data = input.get(at..at + len).ok_or(DecodeError::Truncated)?;
    if huffman {
        huffman::decode(data, out)?;
    } else {
        out.extend_from_slice(data);
    }
    Ok(at + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huffman_only_when_shorter() {
        let mut out = Vec::new();
        encode(b"no-cache", true, &mut out);
        assert_eq!(out, [0x86, 0xa8, 0xeb, 0x10, 0x64, 0x9c, 0xbf]);
        out.clear();
        encode(b"no-cache", false, &mut out);
        assert_eq!(out, b"\x08no-cache");
        // Control bytes take 13-30 bits each: the raw form is shorter.
        out.clear();
        encode(b"\x01\x02", true, &mut out);
        assert_eq!(out, b"\x02\x01\x02");
    }

    #[test]
    fn decodes_both_forms_and_reports_its_length() {
        let mut out = Vec::new();
        assert_eq!(decode(b"\x08no-cacheREST", 100, &mut out), Ok(9));
        assert_eq!(out, b"no-cache");
        assert_eq!(
            decode(&[0x86, 0xa8, 0xeb, 0x10, 0x64, 0x9c, 0xbf], 100, &mut out),
            Ok(7)
        );
        assert_eq!(out, b"no-cache");
        assert_eq!(decode(b"\x00", 100, &mut out), Ok(1));
        assert_eq!(out, b"");
    }

    #[test]
    fn lengths_are_checked_before_anything_is_read() {
        let mut out = Vec::new();
        assert_eq!(
            decode(b"\x08no-cach", 100, &mut out),
            Err(DecodeError::Truncated)
        );
        assert_eq!(decode(b"", 100, &mut out), Err(DecodeError::Truncated));
        // A literal claiming 2^32-1 octets in a 6-octet block.
        let mut huge = Vec::new();
        integer::encode(u32::MAX as usize, 7, 0x80, &mut huge);
        assert_eq!(
            decode(&huge, 1 << 20, &mut out),
            Err(DecodeError::StringTooLong {
                len: u32::MAX as usize,
                limit: 1 << 20
            })
        );
        assert_eq!(
            decode(b"\x08no-cache", 4, &mut out),
            Err(DecodeError::StringTooLong { len: 8, limit: 4 })
        );
    }
}

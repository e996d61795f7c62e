//! The frame header: decode it (check, then parse) and encode it (minimal length).
//!
//! ```text
//!  byte 0          byte 1          bytes 2..        then        then
//! +-+-+-+-+-------+-+-------------+---------------+-----------+-------------
//! |F|R|R|R| opcode|M| length (7)  | 0, 2 or 8     | masking   | payload ...
//! |I|S|S|S|  (4)  |A|  0-125: it  | bytes of      | key: 0 or |
//! |N|V|V|V|       |S|  126: u16   | extended      | 4 bytes   |
//! | |1|2|3|       |K|  127: u64   | length (BE)   |           |
//! +-+-+-+-+-------+-+-------------+---------------+-----------+-------------
//! ```
//!
//! A header is 2 to 14 bytes long; the payload follows it directly (RFC 6455 §5.2).

use crate::error::Violation;
use crate::opcode::OpCode;

/// The longest header: 2 fixed bytes + 8 length bytes + 4 key bytes.
pub const MAX_HEADER: usize = 14;

/// The largest payload a control frame may carry (§5.5), and the largest the
/// 7-bit length form can say.
pub const MAX_SHORT_LEN: u64 = 125;

/// Which of the three length encodings a header used (§5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthForm {
    /// 0–125, in the 7 bits of byte 1.
    Short,
    /// 126 in byte 1, then a 16-bit big-endian length.
    U16,
    /// 127 in byte 1, then a 64-bit big-endian length (top bit must be 0).
    U64,
}

impl LengthForm {
    /// The form the encoder picks for `len`: "the minimal number of bytes MUST be
    /// used to encode the length" (§5.2).
    pub fn minimal(len: u64) -> LengthForm {
        if len <= MAX_SHORT_LEN {
            LengthForm::Short
        } else if len <= u64::from(u16::MAX) {
            LengthForm::U16
        } else {
            LengthForm::U64
        }
    }

    /// How many bytes follow byte 1 to carry the length.
    pub fn extra_bytes(self) -> usize {
        match self {
            LengthForm::Short => 0,
            LengthForm::U16 => 2,
            LengthForm::U64 => 8,
        }
    }
}

/// One decoded frame header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameHeader {
    /// FIN: this is the last frame of its message.
    pub fin: bool,
    /// RSV1, RSV2, RSV3 as the low three bits (RSV1 = 0b100).
    pub rsv: u8,
    /// What the payload is.
    pub opcode: OpCode,
    /// The masking key, when the MASK bit is set.
    pub mask: Option<[u8; 4]>,
    /// The payload length in bytes.
    pub payload_len: u64,
    /// The length form the sender used (decoded headers); the minimal one otherwise.
    pub length_form: LengthForm,
}

impl FrameHeader {
    /// A header with the minimal length form and no reserved bits.
    pub fn new(fin: bool, opcode: OpCode, mask: Option<[u8; 4]>, payload_len: u64) -> FrameHeader {
        FrameHeader {
            fin,
            rsv: 0,
            opcode,
            mask,
            payload_len,
            length_form: LengthForm::minimal(payload_len),
        }
    }

    /// Whether the sender used more length bytes than needed. RFC 6455 §5.2 tells
    /// senders to use the minimal form but names no reaction for receivers; like
    /// most implementations (and Autobahn|Testsuite) we accept such frames, and
    /// `ch09-dump` points them out.
    pub fn is_non_minimal(&self) -> bool {
        self.length_form != LengthForm::minimal(self.payload_len)
    }

    /// The header's size on the wire.
    pub fn encoded_len(&self) -> usize {
        2 + self.length_form.extra_bytes() + if self.mask.is_some() { 4 } else { 0 }
    }
}

// ANCHOR: decode
impl FrameHeader {
    /// Decodes a header from the start of `buf`.
    ///
    /// # Returns
    /// - `Ok(None)`: `buf` holds only part of a header: read more bytes, call again.
    /// - `Ok(Some((header, n)))`: the header is the first `n` bytes of `buf`; the
    ///   payload starts at `buf[n]` (it may not have arrived yet).
    /// - `Err(Violation::LengthTopBit)`: the one syntax error a header can have.
    ///
    /// Check, then parse: bytes 0 and 1 say how long the header is, so we first
    /// check that many bytes are here, then read them without further checks.
    pub fn decode(buf: &[u8]) -> Result<Option<(FrameHeader, usize)>, Violation> {
        let [b0, b1, ..] = *buf else {
            return Ok(None);
        };
        let length_form = match b1 & 0x7F {
            126 => LengthForm::U16,
            127 => LengthForm::U64,
            _ => LengthForm::Short,
        };
        let masked = b1 & 0x80 != 0;
        let len_end = 2 + length_form.extra_bytes();
        let header_len = len_end + if masked { 4 } else { 0 };
        if buf.len() < header_len {
            return Ok(None); // need more bytes
        }
        let payload_len = match length_form {
            LengthForm::Short => u64::from(b1 & 0x7F),
            LengthForm::U16 => u64::from(u16::from_be_bytes([buf[2], buf[3]])),
            LengthForm::U64 => {
                let mut be = [0u8; 8];
                be.copy_from_slice(&buf[2..10]);
                let len = u64::from_be_bytes(be);
                // §5.2: "the most significant bit MUST be 0".
                if len >> 63 != 0 {
                    return Err(Violation::LengthTopBit);
                }
                len
            }
        };
        let mask = masked.then(|| {
            [
                buf[len_end],
                buf[len_end + 1],
                buf[len_end + 2],
                buf[len_end + 3],
            ]
        });
        let header = FrameHeader {
            fin: b0 & 0x80 != 0,
            rsv: (b0 >> 4) & 0b111,
            opcode: OpCode::from_nibble(b0),
            mask,
            payload_len,
            length_form,
        };
        Ok(Some((header, header_len)))
    }
}
// ANCHOR_END: decode

/// An encoded header on the stack: write it, then the payload, with one `writev`
/// (or copy both into one output buffer). No allocation, no copy of the payload.
#[derive(Debug, Clone, Copy)]
pub struct HeaderBytes {
    bytes: [u8; MAX_HEADER],
    len: u8,
}

impl HeaderBytes {
    /// The header's bytes.
    pub fn as_slice(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

impl AsRef<[u8]> for HeaderBytes {
    fn as_ref(&self) -> &[u8] {
        self.as_slice()
    }
}

// ANCHOR: encode
impl FrameHeader {
    /// Encodes this header with its `length_form` (minimal, unless the header was
    /// built by hand to show a non-minimal one). The masking key, if any, is written
    /// but the payload is not touched: mask it with [`crate::mask::apply_mask`].
    pub fn encode(&self) -> HeaderBytes {
        let mut bytes = [0u8; MAX_HEADER];
        bytes[0] = (u8::from(self.fin) << 7) | ((self.rsv & 0b111) << 4) | self.opcode.nibble();
        let mask_bit = if self.mask.is_some() { 0x80 } else { 0 };
        let mut n = 2;
        match self.length_form {
            LengthForm::Short => bytes[1] = mask_bit | self.payload_len as u8,
            LengthForm::U16 => {
                bytes[1] = mask_bit | 126;
                bytes[2..4].copy_from_slice(&(self.payload_len as u16).to_be_bytes());
                n = 4;
            }
            LengthForm::U64 => {
                bytes[1] = mask_bit | 127;
                bytes[2..10].copy_from_slice(&self.payload_len.to_be_bytes());
                n = 10;
            }
        }
        if let Some(key) = self.mask {
            bytes[n..n + 4].copy_from_slice(&key);
            n += 4;
        }
        HeaderBytes {
            bytes,
            len: n as u8,
        }
    }
}
// ANCHOR_END: encode

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_single_frame_unmasked_text() {
        // RFC 6455 §5.7: a single-frame unmasked text message "Hello".
        let bytes = [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f];
        let (h, n) = FrameHeader::decode(&bytes).unwrap().unwrap();
        assert_eq!(n, 2);
        assert!(h.fin);
        assert_eq!(h.opcode, OpCode::Text);
        assert_eq!(h.mask, None);
        assert_eq!(h.payload_len, 5);
        assert_eq!(h.encode().as_slice(), &bytes[..2]);
    }

    #[test]
    fn partial_headers_need_more() {
        let h = FrameHeader::new(true, OpCode::Binary, Some([1, 2, 3, 4]), 70_000);
        let enc = h.encode();
        assert_eq!(enc.as_slice().len(), 14);
        for cut in 0..14 {
            assert_eq!(
                FrameHeader::decode(&enc.as_slice()[..cut]),
                Ok(None),
                "cut {cut}"
            );
        }
        assert_eq!(FrameHeader::decode(enc.as_slice()), Ok(Some((h, 14))));
    }

    #[test]
    fn length_boundaries_use_the_minimal_form() {
        for (len, form, hlen) in [
            (0, LengthForm::Short, 2),
            (125, LengthForm::Short, 2),
            (126, LengthForm::U16, 4),
            (65_535, LengthForm::U16, 4),
            (65_536, LengthForm::U64, 10),
            (u64::MAX >> 1, LengthForm::U64, 10),
        ] {
            let h = FrameHeader::new(true, OpCode::Binary, None, len);
            assert_eq!(h.length_form, form, "len {len}");
            let enc = h.encode();
            assert_eq!(enc.as_slice().len(), hlen, "len {len}");
            assert_eq!(FrameHeader::decode(enc.as_slice()), Ok(Some((h, hlen))));
        }
    }

    #[test]
    fn top_bit_of_64_bit_length_is_an_error() {
        let bytes = [0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 1];
        assert_eq!(FrameHeader::decode(&bytes), Err(Violation::LengthTopBit));
    }

    #[test]
    fn non_minimal_lengths_are_accepted_and_flagged() {
        // 5 bytes said with the 16-bit form.
        let bytes = [0x81, 0x7E, 0x00, 0x05];
        let (h, n) = FrameHeader::decode(&bytes).unwrap().unwrap();
        assert_eq!((h.payload_len, n, h.length_form), (5, 4, LengthForm::U16));
        assert!(h.is_non_minimal());
        assert_eq!(h.encode().as_slice(), &bytes, "re-encodes as it came");
    }

    #[test]
    fn rsv_bits_decode() {
        let (h, _) = FrameHeader::decode(&[0xF1, 0x00]).unwrap().unwrap();
        assert_eq!(h.rsv, 0b111);
        let (h, _) = FrameHeader::decode(&[0x41, 0x00]).unwrap().unwrap();
        assert_eq!(h.rsv, 0b100, "RSV1 is the high bit");
    }
}

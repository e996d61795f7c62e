//! The 9-octet frame header (RFC 9113 §4.1).
//!
//! ```text
//!   +-----------------------------------------------+
//!   |                 Length (24)                   |
//!   +---------------+---------------+---------------+
//!   |   Type (8)    |   Flags (8)   |
//!   +-+-------------+---------------+-------------------------------+
//!   |R|                 Stream Identifier (31)                      |
//!   +=+=============================================================+
//!   |                   Frame Payload (0...)                      ...
//!   +---------------------------------------------------------------+
//! ```
//!
//! Every frame starts with it, so a reader always knows how many octets the
//! frame has before reading them: the length is checked against
//! SETTINGS_MAX_FRAME_SIZE as soon as these 9 octets arrive.

use super::kind::FrameType;

/// The header's size in octets.
pub const HEADER_LEN: usize = 9;

/// A stream identifier: 31 bits, 0 for the connection itself (§5.1.1).
pub type StreamId = u32;

/// The largest 31-bit value: the top of stream ids and flow-control windows.
pub const MAX_31_BIT: u32 = (1 << 31) - 1;

/// A decoded frame header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameHeader {
    /// The payload's length in octets, not counting these 9 (24 bits).
    pub length: u32,
    /// What the frame is.
    pub kind: FrameType,
    /// The type's flags.
    pub flags: u8,
    /// The stream it belongs to, 0 for the connection. The reserved bit above
    /// it is dropped: §4.1 says it "MUST be ignored when receiving".
    pub stream: StreamId,
}

impl FrameHeader {
    /// The header at the start of `input`, or `None` if fewer than 9 octets are there.
    pub fn decode(input: &[u8]) -> Option<FrameHeader> {
        let b: &[u8; HEADER_LEN] = input.get(..HEADER_LEN)?.try_into().ok()?;
        Some(FrameHeader {
            length: u32::from_be_bytes([0, b[0], b[1], b[2]]),
            kind: FrameType(b[3]),
            flags: b[4],
            stream: u32::from_be_bytes([b[5], b[6], b[7], b[8]]) & MAX_31_BIT,
        })
    }

    /// Appends the 9 octets, with the reserved bit unset (§4.1).
    pub fn encode(&self, out: &mut Vec<u8>) {
        debug_assert!(self.length < 1 << 24, "a length fits 24 bits");
        out.extend_from_slice(&self.length.to_be_bytes()[1..]);
        out.push(self.kind.0);
        out.push(self.flags);
        out.extend_from_slice(&(self.stream & MAX_31_BIT).to_be_bytes());
    }

    /// Whether the flag bit(s) `flag` are set.
    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag == flag
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_drops_the_reserved_bit() {
        let h = FrameHeader {
            length: 0x01_02_03,
            kind: FrameType::HEADERS,
            flags: 0x25,
            stream: MAX_31_BIT,
        };
        let mut out = Vec::new();
        h.encode(&mut out);
        assert_eq!(out, [0x01, 0x02, 0x03, 0x01, 0x25, 0x7f, 0xff, 0xff, 0xff]);
        assert_eq!(FrameHeader::decode(&out), Some(h));
        out[5] |= 0x80;
        assert_eq!(FrameHeader::decode(&out).unwrap().stream, MAX_31_BIT);
        assert_eq!(FrameHeader::decode(&out[..8]), None);
    }
}

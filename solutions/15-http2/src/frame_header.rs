//! Solution: the 9-octet frame header (RFC 9113 §4.1).

/// The header's size in octets.
pub const HEADER_LEN: usize = 9;

/// A decoded frame header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameHeader {
    /// The payload's length in octets, the 9 header octets not counted (24 bits).
    pub length: u32,
    /// The frame type: 0x0 DATA, 0x1 HEADERS, 0x4 SETTINGS, 0x8 WINDOW_UPDATE…
    pub kind: u8,
    /// The type's flags.
    pub flags: u8,
    /// The stream (31 bits), 0 for the connection itself.
    pub stream: u32,
}

/// Why no header could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameHeaderError {
    /// Fewer than 9 octets have arrived: `missing` more are needed.
    Incomplete {
        /// How many octets short of a header the input is.
        missing: usize,
    },
    /// The payload would be longer than SETTINGS_MAX_FRAME_SIZE (§4.2: FRAME_SIZE_ERROR).
    TooLong {
        /// The length the header announced.
        length: u32,
    },
}

/// The top bit of the stream field, reserved: ignored when receiving (§4.1).
const RESERVED_BIT: u32 = 1 << 31;

/// Reads the frame header at the start of `bytes`, rejecting a payload
/// longer than `max_frame_size`.
pub fn parse_frame_header(
    bytes: &[u8],
    max_frame_size: u32,
) -> Result<FrameHeader, FrameHeaderError> {
    // A slice pattern checks the length and names every octet at once: no
    // index can go past the end.
    let &[l0, l1, l2, kind, flags, s0, s1, s2, s3, ..] = bytes else {
        return Err(FrameHeaderError::Incomplete {
            missing: HEADER_LEN - bytes.len(),
        });
    };
    // 24 bits, big-endian ("network byte order", §1): pad to a u32 on the left.
    let length = u32::from_be_bytes([0, l0, l1, l2]);
    // The length is known before the payload arrives, so a reader can refuse
    // a frame it will not buffer without waiting for it.
    if length > max_frame_size {
        return Err(FrameHeaderError::TooLong { length });
    }
    Ok(FrameHeader {
        length,
        kind,
        flags,
        // A sender must leave the reserved bit unset, but a receiver must not
        // care: drop it rather than reject the frame.
        stream: u32::from_be_bytes([s0, s1, s2, s3]) & !RESERVED_BIT,
    })
}

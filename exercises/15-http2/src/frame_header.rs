//! Exercise: read the 9-octet header every HTTP/2 frame starts with.
//!
//! RFC 9113 §4.1, every field big-endian:
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
//! ```
//!
//! The length comes first so that a reader knows how big the frame is before
//! the payload arrives, and can refuse one larger than it agreed to take
//! (SETTINGS_MAX_FRAME_SIZE, §4.2) without buffering it. The reserved bit R
//! "MUST be ignored when receiving".

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

/// Reads the frame header at the start of `bytes` (the payload, or more
/// frames, may follow: look at the first 9 octets only), rejecting a payload
/// longer than `max_frame_size`.
pub fn parse_frame_header(
    bytes: &[u8],
    max_frame_size: u32,
) -> Result<FrameHeader, FrameHeaderError> {
    // TODO: fewer than 9 octets is Incomplete (never index past the end);
    // then the 24-bit length (checked against max_frame_size), the type, the
    // flags, and the stream id with its top bit cleared.
    let _ = (bytes, max_frame_size);
    todo!(
        "parse_frame_header: length (3 octets), type, flags, stream id (4 octets, top bit dropped)"
    )
}

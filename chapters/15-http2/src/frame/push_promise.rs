//! PUSH_PROMISE (RFC 9113 §6.6): a server announcing a stream it will push.
//!
//! ```text
//!   [Pad Length (8)]  R (1)  Promised Stream ID (31)
//!   Field Block Fragment (*)  [Padding (*)]       flags: END_HEADERS 0x4, PADDED 0x8
//! ```
//!
//! We never enable push (SETTINGS_ENABLE_PUSH 0), and clients may not push at
//! all (§8.4), so the decoder refuses this frame as soon as its header arrives.
//! It is parsed here all the same, so the codec knows every frame of §6 and
//! the tests can build one.

use super::error::{FrameError, Violation};
use super::header::{FrameHeader, MAX_31_BIT, StreamId};
use super::kind::{END_HEADERS, FrameType, PADDED};
use super::padding;

/// A PUSH_PROMISE frame; `fragment` borrows the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PushPromise<'a> {
    /// The stream of the request the push belongs to (never 0).
    pub stream: StreamId,
    /// The stream the push will use.
    pub promised: StreamId,
    /// The field block is complete in this frame.
    pub end_headers: bool,
    /// This frame's piece of the promised request's field block.
    pub fragment: &'a [u8],
    /// The Pad Length, if the frame was padded.
    pub pad: Option<u8>,
}

impl<'a> PushPromise<'a> {
    /// Parses the payload of a PUSH_PROMISE frame.
    pub fn parse(header: &FrameHeader, payload: &'a [u8]) -> Result<PushPromise<'a>, FrameError> {
        if header.stream == 0 {
            return Err(FrameError::connection(Violation::StreamZero {
                kind: FrameType::PUSH_PROMISE,
            }));
        }
        let (pad, rest) = padding::unpad(header, payload, 4)?;
        let promised = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) & MAX_31_BIT;
        Ok(PushPromise {
            stream: header.stream,
            promised,
            end_headers: header.has(END_HEADERS),
            fragment: &rest[4..],
            pad,
        })
    }

    /// The frame's flags.
    pub fn flags(&self) -> u8 {
        let mut flags = 0;
        if self.end_headers {
            flags |= END_HEADERS;
        }
        if self.pad.is_some() {
            flags |= PADDED;
        }
        flags
    }

    /// The payload's length on the wire.
    pub fn payload_len(&self) -> usize {
        padding::overhead(self.pad) + 4 + self.fragment.len()
    }

    /// Appends the payload.
    pub fn encode_payload(&self, out: &mut Vec<u8>) {
        padding::pad_length(self.pad, out);
        out.extend_from_slice(&(self.promised & MAX_31_BIT).to_be_bytes());
        out.extend_from_slice(self.fragment);
        padding::padding(self.pad, out);
    }
}

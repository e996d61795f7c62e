//! HEADERS (RFC 9113 §6.2): opens a stream and carries the first fragment of
//! its field block (the request or response head, HPACK-compressed).
//!
//! ```text
//!   [Pad Length (8)]  [E (1) Stream Dependency (31) Weight (8)]
//!   Field Block Fragment (*)  [Padding (*)]
//!
//!   flags: END_STREAM 0x1, END_HEADERS 0x4, PADDED 0x8, PRIORITY 0x20
//! ```
//!
//! Without END_HEADERS the block goes on in CONTINUATION frames (§6.10).

use super::error::{FrameError, Violation};
use super::header::{FrameHeader, StreamId};
use super::kind::{END_HEADERS, END_STREAM, FrameType, PADDED, PRIORITY};
use super::padding;
use super::priority::{PRIORITY_LEN, PriorityFields};

/// A HEADERS frame; `fragment` borrows the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Headers<'a> {
    /// The stream (never 0).
    pub stream: StreamId,
    /// No DATA follows on this stream (a GET, or trailers).
    pub end_stream: bool,
    /// The field block is complete in this frame.
    pub end_headers: bool,
    /// The deprecated priority fields, if the PRIORITY flag was set (ignored).
    pub priority: Option<PriorityFields>,
    /// This frame's piece of the field block.
    pub fragment: &'a [u8],
    /// The Pad Length, if the frame was padded.
    pub pad: Option<u8>,
}

impl<'a> Headers<'a> {
    /// Parses the payload of a HEADERS frame.
    pub fn parse(header: &FrameHeader, payload: &'a [u8]) -> Result<Headers<'a>, FrameError> {
        if header.stream == 0 {
            return Err(FrameError::connection(Violation::StreamZero {
                kind: FrameType::HEADERS,
            }));
        }
        let fixed = if header.has(PRIORITY) {
            PRIORITY_LEN
        } else {
            0
        };
        let (pad, rest) = padding::unpad(header, payload, fixed)?;
        let priority = header.has(PRIORITY).then(|| PriorityFields::parse(rest));
        if priority.is_some_and(|p| p.depends_on == header.stream) {
            // §5.3.1 calls this a stream error, but the fragment must still be
            // decoded to keep HPACK in step, and the frame is otherwise
            // ordinary; §5.4 lets an endpoint treat any stream error as a
            // connection error, which keeps that rule out of the stream code.
            return Err(FrameError::connection(Violation::SelfDependency {
                stream: header.stream,
            }));
        }
        Ok(Headers {
            stream: header.stream,
            end_stream: header.has(END_STREAM),
            end_headers: header.has(END_HEADERS),
            priority,
            fragment: &rest[fixed..],
            pad,
        })
    }

    /// The frame's flags.
    pub fn flags(&self) -> u8 {
        let mut flags = 0;
        if self.end_stream {
            flags |= END_STREAM;
        }
        if self.end_headers {
            flags |= END_HEADERS;
        }
        if self.pad.is_some() {
            flags |= PADDED;
        }
        if self.priority.is_some() {
            flags |= PRIORITY;
        }
        flags
    }

    /// The payload's length on the wire.
    pub fn payload_len(&self) -> usize {
        padding::overhead(self.pad)
            + self.priority.map_or(0, |_| PRIORITY_LEN)
            + self.fragment.len()
    }

    /// Appends the payload.
    pub fn encode_payload(&self, out: &mut Vec<u8>) {
        padding::pad_length(self.pad, out);
        if let Some(p) = &self.priority {
            p.encode(out);
        }
        out.extend_from_slice(self.fragment);
        padding::padding(self.pad, out);
    }
}

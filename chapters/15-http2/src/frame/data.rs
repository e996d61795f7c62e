//! DATA (RFC 9113 §6.1): a piece of a request or response body.
//!
//! ```text
//!   [Pad Length (8)]  Data (*)  [Padding (*)]     flags: END_STREAM 0x1, PADDED 0x8
//! ```

use super::error::{FrameError, Violation};
use super::header::{FrameHeader, StreamId};
use super::kind::{END_STREAM, FrameType, PADDED};
use super::padding;

/// A DATA frame; `data` borrows the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Data<'a> {
    /// The stream (never 0).
    pub stream: StreamId,
    /// The sender's last frame on this stream.
    pub end_stream: bool,
    /// The body bytes.
    pub data: &'a [u8],
    /// The Pad Length, if the frame was padded.
    pub pad: Option<u8>,
}

impl<'a> Data<'a> {
    /// Parses the payload of a DATA frame.
    pub fn parse(header: &FrameHeader, payload: &'a [u8]) -> Result<Data<'a>, FrameError> {
        // §6.1: "If a DATA frame is received whose Stream Identifier field is
        // 0x00, the recipient MUST respond with a connection error".
        if header.stream == 0 {
            return Err(FrameError::connection(Violation::StreamZero {
                kind: FrameType::DATA,
            }));
        }
        let (pad, data) = padding::unpad(header, payload, 0)?;
        Ok(Data {
            stream: header.stream,
            end_stream: header.has(END_STREAM),
            data,
            pad,
        })
    }

    /// The octets this frame takes from the flow-control windows: the whole
    /// payload, padding included (§6.9.1).
    pub fn flow_controlled_len(&self) -> usize {
        self.payload_len()
    }

    /// The frame's flags.
    pub fn flags(&self) -> u8 {
        let mut flags = 0;
        if self.end_stream {
            flags |= END_STREAM;
        }
        if self.pad.is_some() {
            flags |= PADDED;
        }
        flags
    }

    /// The payload's length on the wire.
    pub fn payload_len(&self) -> usize {
        self.data.len() + padding::overhead(self.pad)
    }

    /// Appends the payload.
    pub fn encode_payload(&self, out: &mut Vec<u8>) {
        padding::pad_length(self.pad, out);
        out.extend_from_slice(self.data);
        padding::padding(self.pad, out);
    }
}

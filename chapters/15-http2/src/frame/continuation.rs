//! CONTINUATION (RFC 9113 §6.10): more of a field block.
//!
//! ```text
//!   Field Block Fragment (*)          flags: END_HEADERS 0x4
//! ```
//!
//! It may only follow a HEADERS, PUSH_PROMISE or CONTINUATION without
//! END_HEADERS, on the same stream, with nothing in between (§4.3): the
//! decoder enforces that order, since HPACK state depends on it.

use super::error::{FrameError, Violation};
use super::header::{FrameHeader, StreamId};
use super::kind::{END_HEADERS, FrameType};

/// A CONTINUATION frame; `fragment` borrows the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Continuation<'a> {
    /// The stream (never 0).
    pub stream: StreamId,
    /// The field block ends here.
    pub end_headers: bool,
    /// This frame's piece of the block.
    pub fragment: &'a [u8],
}

impl<'a> Continuation<'a> {
    /// Parses the payload of a CONTINUATION frame.
    pub fn parse(header: &FrameHeader, payload: &'a [u8]) -> Result<Continuation<'a>, FrameError> {
        if header.stream == 0 {
            return Err(FrameError::connection(Violation::StreamZero {
                kind: FrameType::CONTINUATION,
            }));
        }
        Ok(Continuation {
            stream: header.stream,
            end_headers: header.has(END_HEADERS),
            fragment: payload,
        })
    }

    /// The frame's flags.
    pub fn flags(&self) -> u8 {
        if self.end_headers { END_HEADERS } else { 0 }
    }
}

//! GOAWAY (RFC 9113 §6.8): the connection is ending.
//!
//! ```text
//!   R (1)  Last-Stream-ID (31)  Error Code (32)  Additional Debug Data (*)
//! ```
//!
//! Streams up to Last-Stream-ID may still complete; later ones were never
//! processed and are safe to retry elsewhere. NO_ERROR makes it a graceful
//! shutdown.

use super::error::{FrameError, Violation};
use super::header::{FrameHeader, MAX_31_BIT, StreamId};
use super::kind::FrameType;
use crate::error_code::ErrorCode;

/// A GOAWAY frame; `debug` borrows the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoAway<'a> {
    /// The highest stream the sender processed or may still process.
    pub last_stream: StreamId,
    /// Why.
    pub code: ErrorCode,
    /// Free-form diagnostic bytes (we send the violation's description).
    pub debug: &'a [u8],
}

impl<'a> GoAway<'a> {
    /// Parses the payload of a GOAWAY frame.
    pub fn parse(header: &FrameHeader, payload: &'a [u8]) -> Result<GoAway<'a>, FrameError> {
        if header.stream != 0 {
            return Err(FrameError::connection(Violation::NotStreamZero {
                kind: FrameType::GOAWAY,
                stream: header.stream,
            }));
        }
        if payload.len() < 8 {
            return Err(FrameError::connection(Violation::BadLength {
                kind: FrameType::GOAWAY,
                length: header.length,
            }));
        }
        let last = u32::from_be_bytes([payload[0], payload[1], payload[2], payload[3]]);
        let code = u32::from_be_bytes([payload[4], payload[5], payload[6], payload[7]]);
        Ok(GoAway {
            last_stream: last & MAX_31_BIT,
            code: ErrorCode(code),
            debug: &payload[8..],
        })
    }

    /// Appends the payload.
    pub fn encode_payload(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.last_stream & MAX_31_BIT).to_be_bytes());
        out.extend_from_slice(&self.code.0.to_be_bytes());
        out.extend_from_slice(self.debug);
    }
}

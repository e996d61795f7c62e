//! RST_STREAM (RFC 9113 §6.4): ends one stream at once.
//!
//! ```text
//!   Error Code (32)
//! ```

use super::error::{FrameError, Violation};
use super::header::{FrameHeader, StreamId};
use super::kind::FrameType;
use crate::error_code::ErrorCode;

/// A RST_STREAM frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RstStream {
    /// The stream (never 0).
    pub stream: StreamId,
    /// Why (CANCEL when a browser navigates away, for one).
    pub code: ErrorCode,
}

impl RstStream {
    /// Parses the payload of a RST_STREAM frame.
    pub fn parse(header: &FrameHeader, payload: &[u8]) -> Result<RstStream, FrameError> {
        if header.stream == 0 {
            return Err(FrameError::connection(Violation::StreamZero {
                kind: FrameType::RST_STREAM,
            }));
        }
        // §6.4: a length other than 4 is a connection error.
        let code: [u8; 4] = payload.try_into().map_err(|_| {
            FrameError::connection(Violation::BadLength {
                kind: FrameType::RST_STREAM,
                length: header.length,
            })
        })?;
        Ok(RstStream {
            stream: header.stream,
            code: ErrorCode(u32::from_be_bytes(code)),
        })
    }

    /// Appends the payload.
    pub fn encode_payload(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.code.0.to_be_bytes());
    }
}

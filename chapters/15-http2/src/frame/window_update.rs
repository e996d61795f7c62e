//! WINDOW_UPDATE (RFC 9113 §6.9): the receiver has room for more DATA.
//!
//! ```text
//!   R (1)  Window Size Increment (31)
//! ```
//!
//! On stream 0 it grows the connection's window, on a stream that stream's.
//! Checking that the window stays within 2^31-1 (FLOW_CONTROL_ERROR) needs the
//! window itself, so it belongs to the flow-control code, not to the codec.

use super::error::{FrameError, Violation};
use super::header::{FrameHeader, MAX_31_BIT, StreamId};
use super::kind::FrameType;

/// A WINDOW_UPDATE frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowUpdate {
    /// 0 for the connection's window, else the stream's.
    pub stream: StreamId,
    /// How many more octets the receiver accepts, 1 to 2^31-1.
    pub increment: u32,
}

impl WindowUpdate {
    /// Parses the payload of a WINDOW_UPDATE frame.
    pub fn parse(header: &FrameHeader, payload: &[u8]) -> Result<WindowUpdate, FrameError> {
        // §6.9: a length other than 4 is a connection error.
        let bytes: [u8; 4] = payload.try_into().map_err(|_| {
            FrameError::connection(Violation::BadLength {
                kind: FrameType::WINDOW_UPDATE,
                length: header.length,
            })
        })?;
        let increment = u32::from_be_bytes(bytes) & MAX_31_BIT;
        // §6.9: an increment of 0 is an error of the window it names: the
        // connection's on stream 0, else only that stream's.
        if increment == 0 {
            return Err(if header.stream == 0 {
                FrameError::connection(Violation::ZeroWindowIncrement)
            } else {
                FrameError::stream(header.stream, Violation::ZeroWindowIncrement)
            });
        }
        Ok(WindowUpdate {
            stream: header.stream,
            increment,
        })
    }

    /// Appends the payload.
    pub fn encode_payload(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.increment & MAX_31_BIT).to_be_bytes());
    }
}

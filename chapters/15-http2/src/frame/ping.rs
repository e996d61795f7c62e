//! PING (RFC 9113 §6.7): 8 octets the peer must send back, with ACK set.
//!
//! ```text
//!   Opaque Data (64)                  flags: ACK 0x1
//! ```

use super::error::{FrameError, Violation};
use super::header::FrameHeader;
use super::kind::{ACK, FrameType};

/// A PING frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ping {
    /// This is the answer to a PING of ours.
    pub ack: bool,
    /// Whatever the sender chose; the answer carries it back unchanged.
    pub opaque: [u8; 8],
}

impl Ping {
    /// Parses the payload of a PING frame.
    pub fn parse(header: &FrameHeader, payload: &[u8]) -> Result<Ping, FrameError> {
        if header.stream != 0 {
            return Err(FrameError::connection(Violation::NotStreamZero {
                kind: FrameType::PING,
                stream: header.stream,
            }));
        }
        // §6.7: a length other than 8 is a connection error.
        let opaque = payload.try_into().map_err(|_| {
            FrameError::connection(Violation::BadLength {
                kind: FrameType::PING,
                length: header.length,
            })
        })?;
        Ok(Ping {
            ack: header.has(ACK),
            opaque,
        })
    }

    /// The frame's flags.
    pub fn flags(&self) -> u8 {
        if self.ack { ACK } else { 0 }
    }
}

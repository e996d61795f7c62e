//! PRIORITY (RFC 9113 §6.3), and the same five octets inside HEADERS.
//!
//! ```text
//!   E (1)  Stream Dependency (31)  Weight (8)
//! ```
//!
//! RFC 7540's dependency tree was deprecated by RFC 9113 (§5.3.2): few clients
//! used it consistently. A receiver still has to parse the frame, apply its
//! length rule and ignore the rest, and so do we.

use super::error::{FrameError, Violation};
use super::header::{FrameHeader, MAX_31_BIT, StreamId};
use super::kind::FrameType;

/// The length of the priority fields.
pub const PRIORITY_LEN: usize = 5;

/// The deprecated priority fields: parsed, shown in the trace, never acted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PriorityFields {
    /// The dependency is exclusive.
    pub exclusive: bool,
    /// The stream this one depends on.
    pub depends_on: StreamId,
    /// The weight on the wire, 0–255 for weights 1–256.
    pub weight: u8,
}

impl PriorityFields {
    /// The fields from the first 5 octets of `b` (which has at least 5).
    pub fn parse(b: &[u8]) -> PriorityFields {
        let dependency = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        PriorityFields {
            exclusive: dependency & !MAX_31_BIT != 0,
            depends_on: dependency & MAX_31_BIT,
            weight: b[4],
        }
    }

    /// Appends the 5 octets.
    pub fn encode(&self, out: &mut Vec<u8>) {
        let e = if self.exclusive { !MAX_31_BIT } else { 0 };
        out.extend_from_slice(&(self.depends_on | e).to_be_bytes());
        out.push(self.weight);
    }
}

/// A PRIORITY frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Priority {
    /// The stream it is about (never 0). It may be idle or closed: PRIORITY
    /// is allowed in any state (§5.1).
    pub stream: StreamId,
    /// The fields.
    pub fields: PriorityFields,
}

impl Priority {
    /// Parses the payload of a PRIORITY frame.
    pub fn parse(header: &FrameHeader, payload: &[u8]) -> Result<Priority, FrameError> {
        if header.stream == 0 {
            return Err(FrameError::connection(Violation::StreamZero {
                kind: FrameType::PRIORITY,
            }));
        }
        // §6.3: a length other than 5 is a *stream* error: the frame changes
        // nothing about the connection, so only its stream need fail.
        if payload.len() != PRIORITY_LEN {
            return Err(FrameError::stream(
                header.stream,
                Violation::BadLength {
                    kind: FrameType::PRIORITY,
                    length: header.length,
                },
            ));
        }
        let fields = PriorityFields::parse(payload);
        if fields.depends_on == header.stream {
            return Err(FrameError::stream(
                header.stream,
                Violation::SelfDependency {
                    stream: header.stream,
                },
            ));
        }
        Ok(Priority {
            stream: header.stream,
            fields,
        })
    }

    /// Appends the payload.
    pub fn encode_payload(&self, out: &mut Vec<u8>) {
        self.fields.encode(out);
    }
}

//! Every way an Engine.IO packet or payload can be malformed.

use std::fmt;

use super::packet::PacketType;
use crate::json::JsonError;

/// A malformed Engine.IO packet, payload or handshake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineError {
    /// A packet with no type digit: an empty frame, or two separators in a row.
    Empty,
    /// A first byte that is no packet type (`0`–`6`, or `b` in a polling body).
    UnknownType(u8),
    /// Data on a packet that carries none (close, upgrade, noop).
    UnexpectedData(PacketType),
    /// Data that is not UTF-8 where text is required.
    NotUtf8,
    /// `b` followed by something that is not base64.
    BadBase64,
    /// More bytes than the session's `maxPayload`.
    TooLarge {
        /// The bytes received.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// An `open` packet whose data is not JSON.
    HandshakeJson(JsonError),
    /// An `open` packet's JSON without a required field, or with one of the
    /// wrong type.
    HandshakeField(&'static str),
    /// A text packet to send over polling that contains 0x1e: the receiver
    /// would split it in two (the spec assumes data never holds it).
    SeparatorInText,
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::Empty => write!(f, "an empty Engine.IO packet"),
            EngineError::UnknownType(b) => {
                write!(f, "unknown Engine.IO packet type {:?}", char::from(*b))
            }
            EngineError::UnexpectedData(t) => write!(f, "data on a {t:?} packet"),
            EngineError::NotUtf8 => write!(f, "Engine.IO text that is not UTF-8"),
            EngineError::BadBase64 => write!(f, "a binary packet whose base64 is invalid"),
            EngineError::TooLarge { len, max } => write!(f, "{len} bytes, over maxPayload {max}"),
            EngineError::HandshakeJson(e) => write!(f, "open packet: {e}"),
            EngineError::HandshakeField(name) => write!(f, "open packet: missing or bad {name:?}"),
            EngineError::SeparatorInText => write!(f, "text with a 0x1e cannot go over polling"),
        }
    }
}

impl std::error::Error for EngineError {}

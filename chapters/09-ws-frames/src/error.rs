//! Everything a peer can do wrong, each with the close code that answers it.

use std::fmt;

use crate::codes::{INVALID_PAYLOAD, MESSAGE_TOO_BIG, PROTOCOL_ERROR};

/// A broken rule of RFC 6455. Each one fails the connection (§7.1.7): the
/// endpoint sends a Close frame with [`Violation::close_code`] and closes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// A 64-bit payload length with its most significant bit set (§5.2).
    LengthTopBit,
    /// RSV1/2/3 set, but no extension was negotiated to give them a meaning (§5.2).
    ReservedBits(u8),
    /// An opcode the RFC reserves for future use (§5.2).
    ReservedOpcode(u8),
    /// A client sent an unmasked frame; servers must reject it (§5.1).
    UnmaskedClientFrame,
    /// A server sent a masked frame; clients must reject it (§5.1).
    MaskedServerFrame,
    /// A control frame with more than 125 bytes of payload (§5.5).
    ControlTooLong(u64),
    /// A control frame with FIN clear: control frames are never fragmented (§5.5).
    ControlFragmented,
    /// A continuation frame with no message in progress (§5.4).
    ContinuationWithoutStart,
    /// A new Text or Binary frame while a fragmented message is unfinished (§5.4).
    NewMessageDuringFragmented,
    /// A Close payload of exactly one byte: a code needs two (§5.5.1).
    CloseOneByte,
    /// A close code that may not appear on the wire (§7.4.1, §7.4.2).
    InvalidCloseCode(u16),
    /// Invalid UTF-8 in a text message or close reason (§8.1), at this byte offset
    /// from the start of the message (or reason).
    InvalidUtf8 {
        /// Offset of the first byte that cannot be part of valid UTF-8.
        at: u64,
    },
    /// A text message (or close reason) that ends in the middle of a character.
    TruncatedUtf8,
    /// A message (or single frame) larger than the configured limit.
    MessageTooBig {
        /// The limit in bytes.
        limit: u64,
    },
    /// A message split into more frames than the configured limit.
    TooManyFragments {
        /// The limit in frames.
        limit: u64,
    },
}

impl Violation {
    /// The close code to send (§7.4.1): 1007 for bad UTF-8, 1009 for a message over
    /// a limit, 1002 for everything else.
    pub fn close_code(&self) -> u16 {
        match self {
            Violation::InvalidUtf8 { .. } | Violation::TruncatedUtf8 => INVALID_PAYLOAD,
            Violation::MessageTooBig { .. } | Violation::TooManyFragments { .. } => MESSAGE_TOO_BIG,
            _ => PROTOCOL_ERROR,
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::LengthTopBit => write!(f, "64-bit length with its top bit set"),
            Violation::ReservedBits(b) => write!(f, "reserved bits set (RSV=0b{b:03b})"),
            Violation::ReservedOpcode(n) => write!(f, "reserved opcode 0x{n:X}"),
            Violation::UnmaskedClientFrame => write!(f, "client frame is not masked"),
            Violation::MaskedServerFrame => write!(f, "server frame is masked"),
            Violation::ControlTooLong(n) => write!(f, "control frame of {n} bytes (max 125)"),
            Violation::ControlFragmented => write!(f, "fragmented control frame"),
            Violation::ContinuationWithoutStart => write!(f, "continuation without a message"),
            Violation::NewMessageDuringFragmented => {
                write!(f, "new message before the last one finished")
            }
            Violation::CloseOneByte => write!(f, "close payload of 1 byte"),
            Violation::InvalidCloseCode(c) => write!(f, "invalid close code {c}"),
            Violation::InvalidUtf8 { at } => write!(f, "invalid UTF-8 at byte {at}"),
            Violation::TruncatedUtf8 => write!(f, "UTF-8 ends mid-character"),
            Violation::MessageTooBig { limit } => write!(f, "message over {limit} bytes"),
            Violation::TooManyFragments { limit } => write!(f, "message in over {limit} frames"),
        }
    }
}

impl std::error::Error for Violation {}

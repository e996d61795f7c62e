//! The 4-bit opcode: what a frame carries (RFC 6455 §5.2, §11.8).

use std::fmt;

/// A frame's opcode. The RFC defines six; the other ten values are reserved for
/// future extensions and are kept as [`OpCode::Reserved`] so that a tool such as
/// `ch09-dump` can show them before the connection is failed for using them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpCode {
    /// 0x0: the next fragment of a message begun by a Text or Binary frame.
    Continuation,
    /// 0x1: the first (or only) frame of a UTF-8 text message.
    Text,
    /// 0x2: the first (or only) frame of a binary message.
    Binary,
    /// 0x8: the closing handshake (§5.5.1).
    Close,
    /// 0x9: a heartbeat the peer must answer with a Pong (§5.5.2).
    Ping,
    /// 0xA: the answer to a Ping, or an unsolicited heartbeat (§5.5.3).
    Pong,
    /// 0x3–0x7 (data) or 0xB–0xF (control): reserved, an error unless an extension
    /// defines them (§5.2: "MUST _Fail the WebSocket Connection_").
    Reserved(u8),
}

impl OpCode {
    /// The opcode for the low four bits of `nibble` (higher bits are ignored).
    pub fn from_nibble(nibble: u8) -> OpCode {
        match nibble & 0x0F {
            0x0 => OpCode::Continuation,
            0x1 => OpCode::Text,
            0x2 => OpCode::Binary,
            0x8 => OpCode::Close,
            0x9 => OpCode::Ping,
            0xA => OpCode::Pong,
            other => OpCode::Reserved(other),
        }
    }

    /// The 4-bit value on the wire.
    pub fn nibble(self) -> u8 {
        match self {
            OpCode::Continuation => 0x0,
            OpCode::Text => 0x1,
            OpCode::Binary => 0x2,
            OpCode::Close => 0x8,
            OpCode::Ping => 0x9,
            OpCode::Pong => 0xA,
            OpCode::Reserved(n) => n & 0x0F,
        }
    }

    /// Control frames are the opcodes with the high bit set, 0x8–0xF (§5.5).
    pub fn is_control(self) -> bool {
        self.nibble() & 0x08 != 0
    }

    /// The opcode's name as the RFC spells it.
    pub fn name(self) -> &'static str {
        match self {
            OpCode::Continuation => "continuation",
            OpCode::Text => "text",
            OpCode::Binary => "binary",
            OpCode::Close => "close",
            OpCode::Ping => "ping",
            OpCode::Pong => "pong",
            OpCode::Reserved(n) if n & 0x08 != 0 => "reserved control",
            OpCode::Reserved(_) => "reserved data",
        }
    }
}

impl fmt::Display for OpCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (0x{:X})", self.name(), self.nibble())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_nibble_round_trips() {
        for n in 0..16u8 {
            let op = OpCode::from_nibble(n);
            assert_eq!(op.nibble(), n);
            assert_eq!(op.is_control(), n >= 8);
        }
        assert_eq!(OpCode::from_nibble(0x3), OpCode::Reserved(3));
        assert_eq!(OpCode::Ping.to_string(), "ping (0x9)");
    }
}

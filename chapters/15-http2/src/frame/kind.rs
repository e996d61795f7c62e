//! Frame types and flags (RFC 9113 §4.1, §6, §11.2).
//!
//! The type is one octet, so the registry can grow; an endpoint ignores a type
//! it does not know (§4.1, §5.5). Flags are a bit field whose meaning depends
//! on the type; bits a type does not define are ignored on receipt and sent as 0.

use std::fmt;

/// A frame type octet; the named constants are RFC 9113's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FrameType(pub u8);

impl FrameType {
    /// Request or response body bytes (§6.1).
    pub const DATA: FrameType = FrameType(0x0);
    /// Opens a stream and carries a field block fragment (§6.2).
    pub const HEADERS: FrameType = FrameType(0x1);
    /// RFC 7540's prioritisation, deprecated: parsed and ignored (§6.3).
    pub const PRIORITY: FrameType = FrameType(0x2);
    /// Ends one stream at once, with an error code (§6.4).
    pub const RST_STREAM: FrameType = FrameType(0x3);
    /// Connection parameters, or the acknowledgement of the peer's (§6.5).
    pub const SETTINGS: FrameType = FrameType(0x4);
    /// Server push, which we never enable (§6.6).
    pub const PUSH_PROMISE: FrameType = FrameType(0x5);
    /// Liveness and round-trip time (§6.7).
    pub const PING: FrameType = FrameType(0x6);
    /// The end of the connection: the last stream processed and why (§6.8).
    pub const GOAWAY: FrameType = FrameType(0x7);
    /// Flow control: more room in a window (§6.9).
    pub const WINDOW_UPDATE: FrameType = FrameType(0x8);
    /// The rest of a field block too big for one frame (§6.10).
    pub const CONTINUATION: FrameType = FrameType(0x9);

    /// The type's name, or `None` for a type RFC 9113 does not define.
    pub fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0x0 => "DATA",
            0x1 => "HEADERS",
            0x2 => "PRIORITY",
            0x3 => "RST_STREAM",
            0x4 => "SETTINGS",
            0x5 => "PUSH_PROMISE",
            0x6 => "PING",
            0x7 => "GOAWAY",
            0x8 => "WINDOW_UPDATE",
            0x9 => "CONTINUATION",
            _ => return None,
        })
    }

    /// The flags this type defines, with their names (for the trace).
    pub fn flag_names(self) -> &'static [(u8, &'static str)] {
        match self {
            FrameType::DATA => &[(END_STREAM, "END_STREAM"), (PADDED, "PADDED")],
            FrameType::HEADERS => &[
                (END_STREAM, "END_STREAM"),
                (END_HEADERS, "END_HEADERS"),
                (PADDED, "PADDED"),
                (PRIORITY, "PRIORITY"),
            ],
            FrameType::SETTINGS | FrameType::PING => &[(ACK, "ACK")],
            FrameType::PUSH_PROMISE => &[(END_HEADERS, "END_HEADERS"), (PADDED, "PADDED")],
            FrameType::CONTINUATION => &[(END_HEADERS, "END_HEADERS")],
            _ => &[],
        }
    }
}

impl fmt::Display for FrameType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "UNKNOWN({:#04x})", self.0),
        }
    }
}

/// DATA, HEADERS: the sender's last frame on this stream (§6.1, §6.2).
pub const END_STREAM: u8 = 0x1;
/// SETTINGS, PING: this frame acknowledges the peer's (§6.5, §6.7).
pub const ACK: u8 = 0x1;
/// HEADERS, PUSH_PROMISE, CONTINUATION: the field block ends in this frame (§6.2).
pub const END_HEADERS: u8 = 0x4;
/// DATA, HEADERS, PUSH_PROMISE: a Pad Length octet and padding are present (§6.1).
pub const PADDED: u8 = 0x8;
/// HEADERS: the deprecated priority fields are present (§6.2).
pub const PRIORITY: u8 = 0x20;

//! SETTINGS (RFC 9113 §6.5): each side's parameters, and their acknowledgement.
//!
//! ```text
//!   (Identifier (16)  Value (32)) ...          flags: ACK 0x1
//! ```
//!
//! Each side announces what *it* accepts (its table size, its frame size, its
//! window), the other obeys, and acknowledges with an empty SETTINGS + ACK.
//! Values are checked against their ranges here (§6.5.2); unknown identifiers
//! are kept for the trace and ignored by everyone else (§6.5.2: "MUST ignore").

use std::fmt;

use super::error::{FrameError, Violation};
use super::header::{FrameHeader, MAX_31_BIT};
use super::kind::{ACK, FrameType};

/// SETTINGS_INITIAL_WINDOW_SIZE when a connection starts: 2^16-1 (§6.5.2).
pub const DEFAULT_INITIAL_WINDOW_SIZE: u32 = 65_535;
/// SETTINGS_MAX_FRAME_SIZE when a connection starts, and its least value: 2^14.
pub const DEFAULT_MAX_FRAME_SIZE: u32 = 16_384;
/// The most SETTINGS_MAX_FRAME_SIZE can be: 2^24-1, all a length field holds.
pub const MAX_FRAME_SIZE_LIMIT: u32 = (1 << 24) - 1;

/// A setting's 16-bit identifier; the named constants are §6.5.2's and two
/// later RFCs'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SettingId(pub u16);

impl SettingId {
    /// The most octets the sender's HPACK decoder keeps in its table (4,096).
    pub const HEADER_TABLE_SIZE: SettingId = SettingId(0x1);
    /// Whether the sender accepts server push (0 or 1; a server sends 0 or nothing).
    pub const ENABLE_PUSH: SettingId = SettingId(0x2);
    /// How many streams the receiver may have open towards the sender at once.
    pub const MAX_CONCURRENT_STREAMS: SettingId = SettingId(0x3);
    /// Each new stream's flow-control window for DATA to the sender (65,535).
    pub const INITIAL_WINDOW_SIZE: SettingId = SettingId(0x4);
    /// The largest frame payload the sender accepts (16,384 to 2^24-1).
    pub const MAX_FRAME_SIZE: SettingId = SettingId(0x5);
    /// The largest header list the sender is prepared to accept (advisory).
    pub const MAX_HEADER_LIST_SIZE: SettingId = SettingId(0x6);
    /// RFC 8441 §3: the sender accepts extended CONNECT (WebSocket over HTTP/2).
    pub const ENABLE_CONNECT_PROTOCOL: SettingId = SettingId(0x8);
    /// RFC 9218 §2.1: the sender does not use RFC 7540's priorities.
    pub const NO_RFC7540_PRIORITIES: SettingId = SettingId(0x9);

    /// The setting's name, or `None` for one we do not know.
    pub fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0x1 => "HEADER_TABLE_SIZE",
            0x2 => "ENABLE_PUSH",
            0x3 => "MAX_CONCURRENT_STREAMS",
            0x4 => "INITIAL_WINDOW_SIZE",
            0x5 => "MAX_FRAME_SIZE",
            0x6 => "MAX_HEADER_LIST_SIZE",
            0x8 => "ENABLE_CONNECT_PROTOCOL",
            0x9 => "NO_RFC7540_PRIORITIES",
            _ => return None,
        })
    }
}

/// One parameter: an identifier and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    /// Which parameter.
    pub id: SettingId,
    /// Its new value.
    pub value: u32,
}

impl Setting {
    /// A setting.
    pub fn new(id: SettingId, value: u32) -> Setting {
        Setting { id, value }
    }

    // ANCHOR: check
    /// Checks the value's range (§6.5.2): each failure is a connection error.
    pub fn check(&self) -> Result<(), Violation> {
        let bad = Violation::BadSettingValue {
            id: self.id.0,
            value: self.value,
        };
        match self.id {
            SettingId::ENABLE_PUSH
            | SettingId::ENABLE_CONNECT_PROTOCOL
            | SettingId::NO_RFC7540_PRIORITIES
                if self.value > 1 =>
            {
                Err(bad)
            }
            SettingId::INITIAL_WINDOW_SIZE if self.value > MAX_31_BIT => {
                Err(Violation::InitialWindowTooLarge { value: self.value })
            }
            SettingId::MAX_FRAME_SIZE
                if !(DEFAULT_MAX_FRAME_SIZE..=MAX_FRAME_SIZE_LIMIT).contains(&self.value) =>
            {
                Err(bad)
            }
            _ => Ok(()),
        }
    }
    // ANCHOR_END: check
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.id.name() {
            Some(name) => write!(f, "{name}={}", self.value),
            None => write!(f, "{:#06x}={}", self.id.0, self.value),
        }
    }
}

/// A SETTINGS frame: parameters, or (with `ack`) an empty acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// This acknowledges the peer's last SETTINGS; `params` is empty.
    pub ack: bool,
    /// The parameters, in order: a later one replaces an earlier one (§6.5).
    pub params: Vec<Setting>,
}

impl Settings {
    /// The acknowledgement.
    pub fn ack() -> Settings {
        Settings {
            ack: true,
            params: Vec::new(),
        }
    }

    /// A frame announcing `params`.
    pub fn new(params: Vec<Setting>) -> Settings {
        Settings { ack: false, params }
    }

    /// Parses the payload of a SETTINGS frame.
    pub fn parse(header: &FrameHeader, payload: &[u8]) -> Result<Settings, FrameError> {
        // §6.5: every rule of SETTINGS is a connection error: it applies to
        // the connection, never to a stream.
        if header.stream != 0 {
            return Err(FrameError::connection(Violation::NotStreamZero {
                kind: FrameType::SETTINGS,
                stream: header.stream,
            }));
        }
        if header.has(ACK) {
            if !payload.is_empty() {
                return Err(FrameError::connection(Violation::SettingsAckWithPayload {
                    length: header.length,
                }));
            }
            return Ok(Settings::ack());
        }
        if !payload.len().is_multiple_of(6) {
            return Err(FrameError::connection(Violation::BadLength {
                kind: FrameType::SETTINGS,
                length: header.length,
            }));
        }
        let params = payload
            .chunks_exact(6)
            .map(|p| {
                let setting = Setting {
                    id: SettingId(u16::from_be_bytes([p[0], p[1]])),
                    value: u32::from_be_bytes([p[2], p[3], p[4], p[5]]),
                };
                setting.check().map(|()| setting)
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(FrameError::connection)?;
        Ok(Settings { ack: false, params })
    }

    /// The frame's flags.
    pub fn flags(&self) -> u8 {
        if self.ack { ACK } else { 0 }
    }

    /// Appends the payload.
    pub fn encode_payload(&self, out: &mut Vec<u8>) {
        for s in &self.params {
            out.extend_from_slice(&s.id.0.to_be_bytes());
            out.extend_from_slice(&s.value.to_be_bytes());
        }
    }
}

//! Every rule a peer's frames can break, with the error code of RFC 9113 for
//! each, and whether it fails the connection or one stream (§5.4).
//!
//! A *connection error* (§5.4.1) ends everything: the endpoint sends GOAWAY with
//! the code and closes. A *stream error* (§5.4.2) ends one stream: RST_STREAM
//! with the code, and the connection goes on. The decoder returns the first as
//! its `Err` and the second as a value, so the types say which is which.

use std::fmt;

use super::header::StreamId;
use super::kind::FrameType;
use crate::error_code::ErrorCode;

/// A broken rule, and where the RFC states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// A frame longer than our SETTINGS_MAX_FRAME_SIZE (§4.2).
    FrameTooLarge {
        /// The frame's length.
        length: u32,
        /// Our limit.
        max: u32,
    },
    /// A payload of a length its type does not allow (§4.2, §6): too short for
    /// its fixed fields, or not the exact size the type has.
    BadLength {
        /// The frame type.
        kind: FrameType,
        /// The payload length received.
        length: u32,
    },
    /// A frame that belongs to a stream arrived on stream 0 (§6.1–§6.4, §6.10).
    StreamZero {
        /// The frame type.
        kind: FrameType,
    },
    /// A frame that belongs to the connection (SETTINGS, PING, GOAWAY) arrived
    /// on a stream (§6.5, §6.7, §6.8).
    NotStreamZero {
        /// The frame type.
        kind: FrameType,
        /// The stream it named.
        stream: StreamId,
    },
    /// The Pad Length covers the whole payload or more (§6.1, §6.2, §6.6).
    PaddingTooLong {
        /// The frame type.
        kind: FrameType,
        /// The Pad Length octet.
        pad: u8,
        /// The payload length.
        length: u32,
    },
    /// A stream that depends on itself in its priority fields (§5.3.1).
    SelfDependency {
        /// The stream.
        stream: StreamId,
    },
    /// A WINDOW_UPDATE with an increment of 0 (§6.9).
    ZeroWindowIncrement,
    /// A SETTINGS acknowledgement with a payload (§6.5).
    SettingsAckWithPayload {
        /// The payload length.
        length: u32,
    },
    /// A setting with a value outside its range (§6.5.2; RFC 8441 §3; RFC 9218 §2.1).
    BadSettingValue {
        /// The identifier.
        id: u16,
        /// The value received.
        value: u32,
    },
    /// SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1 (§6.5.2).
    InitialWindowTooLarge {
        /// The value received.
        value: u32,
    },
    /// A PUSH_PROMISE: we never enable push, so receiving one is an error for
    /// a client that said so (§6.5.2) and always for a server (§8.4).
    PushPromise,
    /// A frame other than CONTINUATION on the same stream in the middle of a
    /// field block (§4.3, §6.10), unknown types included (§5.5).
    ExpectedContinuation {
        /// The stream whose field block is unfinished.
        stream: StreamId,
        /// What came instead.
        got: FrameType,
        /// On which stream.
        on: StreamId,
    },
    /// A CONTINUATION with no field block in progress (§6.10).
    UnexpectedContinuation {
        /// The stream it named.
        stream: StreamId,
    },
    /// The client's connection preface differs from §3.4's at this octet.
    BadPreface {
        /// The offset of the first wrong octet.
        at: usize,
    },
    /// The first frame after the preface was not SETTINGS (§3.4).
    FirstFrameNotSettings {
        /// What it was.
        got: FrameType,
    },
    /// A field block (HEADERS and CONTINUATIONs) longer than we accept: more
    /// CONTINUATION frames than any real request needs.
    FieldBlockTooLarge {
        /// Our limit in octets.
        limit: usize,
    },
}

impl Violation {
    /// The error code RFC 9113 gives this rule.
    pub fn code(&self) -> ErrorCode {
        match self {
            Violation::FrameTooLarge { .. }
            | Violation::BadLength { .. }
            | Violation::SettingsAckWithPayload { .. } => ErrorCode::FRAME_SIZE_ERROR,
            Violation::InitialWindowTooLarge { .. } => ErrorCode::FLOW_CONTROL_ERROR,
            Violation::FieldBlockTooLarge { .. } => ErrorCode::ENHANCE_YOUR_CALM,
            _ => ErrorCode::PROTOCOL_ERROR,
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::FrameTooLarge { length, max } => {
                write!(
                    f,
                    "a {length}-octet frame, over SETTINGS_MAX_FRAME_SIZE {max} (§4.2)"
                )
            }
            Violation::BadLength { kind, length } => {
                write!(f, "a {kind} frame of {length} octets (§6)")
            }
            Violation::StreamZero { kind } => write!(f, "a {kind} frame on stream 0"),
            Violation::NotStreamZero { kind, stream } => {
                write!(f, "a {kind} frame on stream {stream}, not 0")
            }
            Violation::PaddingTooLong { kind, pad, length } => {
                write!(
                    f,
                    "{pad} octets of padding in a {length}-octet {kind} payload"
                )
            }
            Violation::SelfDependency { stream } => {
                write!(f, "stream {stream} depends on itself (§5.3.1)")
            }
            Violation::ZeroWindowIncrement => write!(f, "a WINDOW_UPDATE of 0 (§6.9)"),
            Violation::SettingsAckWithPayload { length } => {
                write!(f, "a SETTINGS ACK with {length} octets of payload (§6.5)")
            }
            Violation::BadSettingValue { id, value } => {
                write!(f, "setting {id:#x} = {value}, out of range (§6.5.2)")
            }
            Violation::InitialWindowTooLarge { value } => {
                write!(
                    f,
                    "SETTINGS_INITIAL_WINDOW_SIZE {value}, over 2^31-1 (§6.5.2)"
                )
            }
            Violation::PushPromise => write!(f, "a PUSH_PROMISE, and push is disabled"),
            Violation::ExpectedContinuation { stream, got, on } => write!(
                f,
                "a {got} frame on stream {on} inside stream {stream}'s field block (§4.3)"
            ),
            Violation::UnexpectedContinuation { stream } => {
                write!(
                    f,
                    "a CONTINUATION on stream {stream} with no field block open (§6.10)"
                )
            }
            Violation::BadPreface { at } => {
                write!(
                    f,
                    "not the HTTP/2 connection preface (octet {at} differs, §3.4)"
                )
            }
            Violation::FirstFrameNotSettings { got } => {
                write!(f, "a {got} frame before SETTINGS (§3.4)")
            }
            Violation::FieldBlockTooLarge { limit } => {
                write!(f, "a field block over {limit} octets")
            }
        }
    }
}

/// A rule broken in a way that fails the whole connection (§5.4.1): send
/// GOAWAY with [`ConnectionError::code`] and close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionError(pub Violation);

impl ConnectionError {
    /// The code for the GOAWAY.
    pub fn code(&self) -> ErrorCode {
        self.0.code()
    }
}

/// A rule broken in a way that fails one stream only (§5.4.2): send
/// RST_STREAM with [`StreamError::code`] on `stream`, and carry on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamError {
    /// The stream to reset.
    pub stream: StreamId,
    /// The rule broken.
    pub violation: Violation,
}

impl StreamError {
    /// The code for the RST_STREAM.
    pub fn code(&self) -> ErrorCode {
        self.violation.code()
    }
}

/// What parsing one frame can find wrong: either kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameError {
    /// Fails the connection.
    Connection(ConnectionError),
    /// Fails one stream.
    Stream(StreamError),
}

impl FrameError {
    /// A connection error for `violation`.
    pub fn connection(violation: Violation) -> FrameError {
        FrameError::Connection(ConnectionError(violation))
    }

    /// A stream error on `stream` for `violation`.
    pub fn stream(stream: StreamId, violation: Violation) -> FrameError {
        FrameError::Stream(StreamError { stream, violation })
    }
}

impl fmt::Display for ConnectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "connection error {}: {}", self.code(), self.0)
    }
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "stream {} error {}: {}",
            self.stream,
            self.code(),
            self.violation
        )
    }
}

impl std::error::Error for ConnectionError {}
impl std::error::Error for StreamError {}

//! What can go wrong on a connection, sorted by how much of it breaks (§5.4):
//! the whole connection ([`ConnError`], GOAWAY and close), one stream
//! ([`StreamFault`], RST_STREAM), or one call of the application
//! ([`SendError`], nothing sent).

use std::fmt;

use super::flood::Flood;
use crate::error_code::ErrorCode;
use crate::frame::{ConnectionError, FrameType, StreamId, Violation};
use crate::hpack::DecodeError;
use crate::http::Malformed;

/// A connection error (§5.4.1): GOAWAY with [`ConnError::code`] has been
/// queued; send what is pending, then close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnError {
    /// A rule of the frame layer (the codec's own errors).
    Frame(ConnectionError),
    /// A header block HPACK could not decode: the two tables may differ now
    /// (RFC 9113 §4.3: COMPRESSION_ERROR).
    Compression(DecodeError),
    /// A client opened an even-numbered stream, which only servers may (§5.1.1).
    EvenStreamId {
        /// The stream.
        stream: StreamId,
    },
    /// A HEADERS opened a stream at or below one already used (§5.1.1:
    /// identifiers only ever increase).
    StreamIdReused {
        /// The stream.
        stream: StreamId,
        /// The highest the client had used.
        last: StreamId,
    },
    /// A frame other than HEADERS or PRIORITY on a stream never opened (§5.1, idle).
    IdleStream {
        /// The frame type.
        kind: FrameType,
        /// The stream.
        stream: StreamId,
    },
    /// More DATA than the connection window allowed (§6.9.1).
    FlowControl,
    /// A WINDOW_UPDATE on stream 0, or a new SETTINGS_INITIAL_WINDOW_SIZE, took
    /// a window past 2^31-1 (§6.9.1, §6.9.2).
    WindowOverflow,
    /// The peer does too much of something that costs us and gains it nothing.
    Flood(Flood),
    /// Our SETTINGS were not acknowledged in time (§6.5.3).
    SettingsTimeout,
    /// Our side ended the connection with this code ([`super::H2Conn::goaway`]).
    Local(ErrorCode),
}

impl ConnError {
    /// The code for the GOAWAY.
    pub fn code(&self) -> ErrorCode {
        match self {
            ConnError::Frame(e) => e.code(),
            ConnError::Compression(_) => ErrorCode::COMPRESSION_ERROR,
            ConnError::EvenStreamId { .. }
            | ConnError::StreamIdReused { .. }
            | ConnError::IdleStream { .. } => ErrorCode::PROTOCOL_ERROR,
            ConnError::FlowControl | ConnError::WindowOverflow => ErrorCode::FLOW_CONTROL_ERROR,
            ConnError::Flood(_) => ErrorCode::ENHANCE_YOUR_CALM,
            ConnError::SettingsTimeout => ErrorCode::SETTINGS_TIMEOUT,
            ConnError::Local(code) => *code,
        }
    }
}

impl fmt::Display for ConnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConnError::Frame(e) => write!(f, "{}", e.0),
            ConnError::Compression(e) => write!(f, "HPACK: {e}"),
            ConnError::EvenStreamId { stream } => {
                write!(f, "the client opened even stream {stream} (§5.1.1)")
            }
            ConnError::StreamIdReused { stream, last } => write!(
                f,
                "HEADERS on stream {stream}, not above {last}, the highest used (§5.1.1)"
            ),
            ConnError::IdleStream { kind, stream } => {
                write!(f, "{kind} on idle stream {stream} (§5.1)")
            }
            ConnError::FlowControl => write!(f, "DATA beyond the connection window (§6.9.1)"),
            ConnError::WindowOverflow => write!(f, "a window past 2^31-1 (§6.9.1)"),
            ConnError::Flood(flood) => write!(f, "{flood}"),
            ConnError::SettingsTimeout => write!(f, "our SETTINGS were never acknowledged"),
            ConnError::Local(code) => write!(f, "closed by the server ({code})"),
        }
        .and_then(|()| write!(f, " [{}]", self.code()))
    }
}

impl std::error::Error for ConnError {}

/// Why we reset a stream (§5.4.2) or refused it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamFault {
    /// A frame rule whose scope is the stream (the codec's stream errors).
    Frame(Violation),
    /// The request broke a rule of §8 (§8.1.1: PROTOCOL_ERROR).
    Malformed(Malformed),
    /// Over SETTINGS_MAX_CONCURRENT_STREAMS, or after our GOAWAY:
    /// REFUSED_STREAM, which says "not processed, retry" (§5.1.2, §8.7).
    Refused,
    /// A frame on a stream the client had already ended or reset (§5.1:
    /// STREAM_CLOSED).
    Closed {
        /// The frame type.
        kind: FrameType,
    },
    /// More DATA than the stream's window allowed (§6.9: FLOW_CONTROL_ERROR).
    FlowControl,
    /// A WINDOW_UPDATE took the stream's window past 2^31-1 (§6.9.1).
    WindowOverflow,
    /// The header list was over our SETTINGS_MAX_HEADER_LIST_SIZE. A request
    /// head is answered 431 first (RFC 9113 §10.5.1), then the rest of the
    /// request is cancelled with NO_ERROR (§8.1); too large trailers cannot be
    /// answered and reset the stream with PROTOCOL_ERROR.
    HeaderListTooLarge {
        /// A 431 was sent.
        answered: bool,
    },
}

impl StreamFault {
    /// The RST_STREAM's code.
    pub fn code(&self) -> ErrorCode {
        match self {
            StreamFault::Frame(v) => v.code(),
            StreamFault::Malformed(_) => ErrorCode::PROTOCOL_ERROR,
            StreamFault::Refused => ErrorCode::REFUSED_STREAM,
            StreamFault::Closed { .. } => ErrorCode::STREAM_CLOSED,
            StreamFault::FlowControl | StreamFault::WindowOverflow => ErrorCode::FLOW_CONTROL_ERROR,
            StreamFault::HeaderListTooLarge { answered: true } => ErrorCode::NO_ERROR,
            StreamFault::HeaderListTooLarge { answered: false } => ErrorCode::PROTOCOL_ERROR,
        }
    }
}

impl fmt::Display for StreamFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamFault::Frame(v) => write!(f, "{v}"),
            StreamFault::Malformed(m) => write!(f, "malformed request: {m}"),
            StreamFault::Refused => write!(f, "refused: too many streams, or going away"),
            StreamFault::Closed { kind } => write!(f, "{kind} on a closed stream (§5.1)"),
            StreamFault::FlowControl => write!(f, "DATA beyond the stream's window (§6.9.1)"),
            StreamFault::WindowOverflow => write!(f, "the stream's window past 2^31-1 (§6.9.1)"),
            StreamFault::HeaderListTooLarge { answered } => write!(
                f,
                "header list over SETTINGS_MAX_HEADER_LIST_SIZE{}",
                if *answered { ", answered 431" } else { "" }
            ),
        }
    }
}

/// Why [`H2Conn::send_headers`](super::H2Conn::send_headers) or
/// [`send_data`](super::H2Conn::send_data) did nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendError {
    /// The stream is gone (reset by either side, finished, never opened), or
    /// our side of it has ended, or the connection has failed.
    Closed,
    /// DATA before the response's HEADERS.
    NoHeaders,
    /// A second response HEADERS on the stream.
    HeadersSent,
    /// The stream's send queue holds `queued` octets already, and this would
    /// take it past the limit: its client is not reading. Nothing was queued;
    /// wait for `Event::SendReady`, or drop the stream (the caller's policy).
    Full {
        /// Octets waiting on the stream.
        queued: usize,
    },
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::Closed => write!(f, "the stream is closed"),
            SendError::NoHeaders => write!(f, "DATA before HEADERS"),
            SendError::HeadersSent => write!(f, "the response HEADERS were sent already"),
            SendError::Full { queued } => {
                write!(f, "the stream's send queue is full ({queued} octets)")
            }
        }
    }
}

impl std::error::Error for SendError {}

//! One frame of any type: parsed from its header and payload, encoded back.

use super::continuation::Continuation;
use super::data::Data;
use super::error::FrameError;
use super::goaway::GoAway;
use super::header::{FrameHeader, HEADER_LEN, StreamId};
use super::headers::Headers;
use super::kind::FrameType;
use super::ping::Ping;
use super::priority::Priority;
use super::push_promise::PushPromise;
use super::rst_stream::RstStream;
use super::settings::Settings;
use super::window_update::WindowUpdate;

/// A frame of a type RFC 9113 does not define. §4.1 and §5.5 say to ignore
/// and discard it; the decoder still returns it so `--trace` can show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unknown<'a> {
    /// Its header, as received.
    pub header: FrameHeader,
    /// Its payload.
    pub payload: &'a [u8],
}

/// A frame; the variable parts borrow the bytes it was decoded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame<'a> {
    /// §6.1.
    Data(Data<'a>),
    /// §6.2.
    Headers(Headers<'a>),
    /// §6.3.
    Priority(Priority),
    /// §6.4.
    RstStream(RstStream),
    /// §6.5.
    Settings(Settings),
    /// §6.6.
    PushPromise(PushPromise<'a>),
    /// §6.7.
    Ping(Ping),
    /// §6.8.
    GoAway(GoAway<'a>),
    /// §6.9.
    WindowUpdate(WindowUpdate),
    /// §6.10.
    Continuation(Continuation<'a>),
    /// An extension frame (§5.5), ignored.
    Unknown(Unknown<'a>),
}

impl<'a> Frame<'a> {
    // ANCHOR: parse
    /// Parses a frame whose header is `header` and whose payload (exactly
    /// `header.length` octets) is `payload`, applying each type's rules.
    pub fn parse(header: &FrameHeader, payload: &'a [u8]) -> Result<Frame<'a>, FrameError> {
        debug_assert_eq!(payload.len(), header.length as usize);
        Ok(match header.kind {
            FrameType::DATA => Frame::Data(Data::parse(header, payload)?),
            FrameType::HEADERS => Frame::Headers(Headers::parse(header, payload)?),
            FrameType::PRIORITY => Frame::Priority(Priority::parse(header, payload)?),
            FrameType::RST_STREAM => Frame::RstStream(RstStream::parse(header, payload)?),
            FrameType::SETTINGS => Frame::Settings(Settings::parse(header, payload)?),
            FrameType::PUSH_PROMISE => Frame::PushPromise(PushPromise::parse(header, payload)?),
            FrameType::PING => Frame::Ping(Ping::parse(header, payload)?),
            FrameType::GOAWAY => Frame::GoAway(GoAway::parse(header, payload)?),
            FrameType::WINDOW_UPDATE => Frame::WindowUpdate(WindowUpdate::parse(header, payload)?),
            FrameType::CONTINUATION => Frame::Continuation(Continuation::parse(header, payload)?),
            _ => Frame::Unknown(Unknown {
                header: *header,
                payload,
            }),
        })
    }
    // ANCHOR_END: parse

    /// The frame's type.
    pub fn kind(&self) -> FrameType {
        match self {
            Frame::Data(_) => FrameType::DATA,
            Frame::Headers(_) => FrameType::HEADERS,
            Frame::Priority(_) => FrameType::PRIORITY,
            Frame::RstStream(_) => FrameType::RST_STREAM,
            Frame::Settings(_) => FrameType::SETTINGS,
            Frame::PushPromise(_) => FrameType::PUSH_PROMISE,
            Frame::Ping(_) => FrameType::PING,
            Frame::GoAway(_) => FrameType::GOAWAY,
            Frame::WindowUpdate(_) => FrameType::WINDOW_UPDATE,
            Frame::Continuation(_) => FrameType::CONTINUATION,
            Frame::Unknown(u) => u.header.kind,
        }
    }

    /// The stream the frame belongs to, 0 for the connection.
    pub fn stream(&self) -> StreamId {
        match self {
            Frame::Data(f) => f.stream,
            Frame::Headers(f) => f.stream,
            Frame::Priority(f) => f.stream,
            Frame::RstStream(f) => f.stream,
            Frame::PushPromise(f) => f.stream,
            Frame::WindowUpdate(f) => f.stream,
            Frame::Continuation(f) => f.stream,
            Frame::Unknown(u) => u.header.stream,
            Frame::Settings(_) | Frame::Ping(_) | Frame::GoAway(_) => 0,
        }
    }

    /// The header this frame is sent with.
    pub fn header(&self) -> FrameHeader {
        let (flags, length) = match self {
            Frame::Data(f) => (f.flags(), f.payload_len()),
            Frame::Headers(f) => (f.flags(), f.payload_len()),
            Frame::Priority(_) => (0, super::priority::PRIORITY_LEN),
            Frame::RstStream(_) => (0, 4),
            Frame::Settings(f) => (f.flags(), 6 * f.params.len()),
            Frame::PushPromise(f) => (f.flags(), f.payload_len()),
            Frame::Ping(f) => (f.flags(), 8),
            Frame::GoAway(f) => (0, 8 + f.debug.len()),
            Frame::WindowUpdate(_) => (0, 4),
            Frame::Continuation(f) => (f.flags(), f.fragment.len()),
            Frame::Unknown(u) => (u.header.flags, u.payload.len()),
        };
        FrameHeader {
            length: length as u32,
            kind: self.kind(),
            flags,
            stream: self.stream(),
        }
    }

    // ANCHOR: encode
    /// Appends the whole frame, header and payload. The caller keeps it within
    /// the peer's SETTINGS_MAX_FRAME_SIZE (`field_block::encode_field_block`
    /// splits header blocks that are not).
    pub fn encode(&self, out: &mut Vec<u8>) {
        let header = self.header();
        out.reserve(HEADER_LEN + header.length as usize);
        header.encode(out);
        match self {
            Frame::Data(f) => f.encode_payload(out),
            Frame::Headers(f) => f.encode_payload(out),
            Frame::Priority(f) => f.encode_payload(out),
            Frame::RstStream(f) => f.encode_payload(out),
            Frame::Settings(f) => f.encode_payload(out),
            Frame::PushPromise(f) => f.encode_payload(out),
            Frame::Ping(f) => out.extend_from_slice(&f.opaque),
            Frame::GoAway(f) => f.encode_payload(out),
            Frame::WindowUpdate(f) => f.encode_payload(out),
            Frame::Continuation(f) => out.extend_from_slice(f.fragment),
            Frame::Unknown(u) => out.extend_from_slice(u.payload),
        }
    }
    // ANCHOR_END: encode
}

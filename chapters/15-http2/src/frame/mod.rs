//! The HTTP/2 frame layer (RFC 9113 §4–§6), with no I/O in it.
//!
//! Everything on an HTTP/2 connection travels in frames: a 9-octet header
//! (length, type, flags, stream) and a payload. One job per file:
//!
//! - [`header`]: the 9-octet header; [`kind`]: types and flags.
//! - one file per frame type of §6: [`data`], [`headers`], [`priority`],
//!   [`rst_stream`], [`settings`], [`push_promise`], [`ping`], [`goaway`],
//!   [`window_update`], [`continuation`]; [`padding`] is shared by three.
//! - [`frames`]: a frame of any type, parsed and encoded.
//! - [`decoder`]: bytes in any pieces to frames, with the rules that span
//!   frames; [`preface`]: the 24 octets every client connection starts with.
//! - [`field_block`]: HEADERS + CONTINUATION joined for HPACK, and split again.
//! - [`error`]: each rule, its error code, connection or stream (§5.4).
//! - [`display`]: frames as `--trace` prints them.

pub mod continuation;
pub mod data;
pub mod decoder;
pub mod display;
pub mod error;
pub mod field_block;
pub mod frames;
pub mod goaway;
pub mod header;
pub mod headers;
pub mod kind;
pub mod padding;
pub mod ping;
pub mod preface;
pub mod priority;
pub mod push_promise;
pub mod rst_stream;
pub mod settings;
pub mod window_update;

pub use continuation::Continuation;
pub use data::Data;
pub use decoder::{Decoded, FrameDecoder};
pub use error::{ConnectionError, FrameError, StreamError, Violation};
pub use field_block::{FieldBlock, FieldBlockAssembler, encode_field_block};
pub use frames::{Frame, Unknown};
pub use goaway::GoAway;
pub use header::{FrameHeader, HEADER_LEN, StreamId};
pub use headers::Headers;
pub use kind::FrameType;
pub use ping::Ping;
pub use preface::PREFACE;
pub use priority::{Priority, PriorityFields};
pub use push_promise::PushPromise;
pub use rst_stream::RstStream;
pub use settings::{Setting, SettingId, Settings};
pub use window_update::WindowUpdate;

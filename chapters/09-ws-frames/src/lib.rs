//! Chapter 9: the WebSocket frame codec (RFC 6455 §5), with no I/O in it.
//!
//! Bytes in, events out; events in, bytes out. Chapter 10 puts it on a mio event
//! loop and chapter 13 measures it. Where each idea lives:
//!
//! - [`opcode`]: the 4-bit opcode, data vs control.
//! - [`header`]: the 2–14 byte header, decoded incrementally, encoded minimally.
//! - [`mask`]: XOR with the 4-byte key, byte by byte and then 16 bytes at a time.
//! - [`decoder`]: a streaming decoder, headers and unmasked payload pieces.
//! - [`encoder`]: frames for a server (unmasked) and a client (masked).
//! - [`utf8`]: an incremental UTF-8 validator that fails at the first bad byte.
//! - [`codes`]: close status codes, and which may be sent; [`close`]: the Close payload.
//! - [`message`]: the receiver: fragments to messages, control frames, every rule.
//! - [`error`]: what a peer can get wrong, with the close code for each.
//! - [`explain`]: human-readable frame descriptions for `ch09-dump` and `--trace`.
//! - [`throughput`]: a tiny timing harness the benchmarks share.

#![warn(missing_docs)]

pub mod close;
pub mod codes;
pub mod decoder;
pub mod encoder;
pub mod error;
pub mod explain;
pub mod header;
pub mod mask;
pub mod message;
pub mod opcode;
pub mod throughput;
pub mod utf8;

pub use close::CloseFrame;
pub use decoder::{Decoded, FrameDecoder};
pub use error::Violation;
pub use header::{FrameHeader, LengthForm};
pub use message::{Event, Limits, MessageKind, Receiver, Role};
pub use opcode::OpCode;

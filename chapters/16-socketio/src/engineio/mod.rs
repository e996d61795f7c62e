//! Engine.IO v4: the session layer under Socket.IO
//! (<https://github.com/socketio/engine.io-protocol>).
//!
//! An Engine.IO packet is one digit, its type, and optional data: `4hello` is
//! a message carrying `hello`, `2` a ping, `3probe` a pong carrying `probe`.
//! The same packets travel two ways:
//!
//! - over a **WebSocket**, one packet per frame; binary data goes as a binary
//!   frame, with no type digit at all ([`websocket`]);
//! - over **HTTP long-polling**, several packets in one body, joined by the
//!   record separator 0x1e, binary data as `b` + base64 ([`polling`]).
//!
//! The first packet of a session is `open`, whose data is the JSON of
//! [`Handshake`].

mod error;
mod handshake;
mod packet;
pub mod polling;
pub mod websocket;

pub use error::EngineError;
pub use handshake::Handshake;
pub use packet::{Data, Packet, PacketType};

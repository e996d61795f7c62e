//! Chapter 16: Engine.IO v4 and Socket.IO v5 by hand.
//!
//! Socket.IO is two protocols stacked on a transport. **Engine.IO** gives a
//! session that survives a change of transport (HTTP long-polling first, then
//! a WebSocket), with its own heartbeat. **Socket.IO** rides inside Engine.IO
//! `message` packets and adds namespaces, named events, acknowledgements and
//! binary attachments. A plain WebSocket client sees neither: to it, `42["hi"]`
//! is just a text frame.
//!
//! Everything here is sans-I/O: text and bytes in, values out, and back. The
//! server and client on chapter 7's loop come next.
//!
//! | idea | file |
//! |---|---|
//! | the small JSON both layers need: a value, a bounded parser, a writer | [`json`] |
//! | Engine.IO packets, WebSocket frames, polling payloads, the open handshake | [`engineio`] |
//! | Socket.IO packets, placeholders and attachment reassembly | [`socketio`] |
#![warn(missing_docs)]

pub mod engineio;
pub mod json;
pub mod socketio;

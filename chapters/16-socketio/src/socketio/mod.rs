//! Socket.IO v5: events, acknowledgements and namespaces inside Engine.IO
//! messages (<https://github.com/socketio/socket.io-protocol>).
//!
//! One packet is one line of text:
//!
//! ```text
//! <type>[<#attachments>-][<namespace>,][<ack id>][<JSON payload>]
//! 2["chat","hi"]                    an EVENT on the main namespace "/"
//! 2/admin,13["ping"]                an EVENT on "/admin" asking for ack 13
//! 51-["photo",{"_placeholder":true,"num":0}]   + one binary message after it
//! ```
//!
//! It travels as the data of an Engine.IO `message` packet, so on the wire it
//! gains a `4` in front: `42["chat","hi"]`. A binary event's bytes follow as
//! separate Engine.IO binary messages, one per attachment, and [`Reassembler`]
//! puts them back together.

mod decode;
mod encode;
mod error;
mod packet;
mod placeholder;
mod reassemble;

pub use decode::decode;
pub use encode::encode;
pub use error::SocketIoError;
pub use packet::{Limits, Packet, PacketType};
pub use placeholder::{placeholder, placeholder_num};
pub use reassemble::Reassembler;

//! Engine.IO over a WebSocket: one packet per frame (the spec's "Packet
//! encoding / WebSocket").
//!
//! A text frame holds `<type digit>[<data>]`. A binary frame is a message
//! packet and nothing else: its bytes are the data, "sent as is", with no
//! type byte in front.

use super::error::EngineError;
use super::packet::{Data, Packet};

/// What one WebSocket message carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// A text message.
    Text(String),
    /// A binary message.
    Binary(Vec<u8>),
}

// ANCHOR: websocket
/// The WebSocket message for a packet.
pub fn encode(packet: &Packet) -> Frame {
    match packet {
        Packet::Message(Data::Binary(bytes)) => Frame::Binary(bytes.clone()),
        // Every other packet has a text form.
        other => Frame::Text(other.encode_text().unwrap_or_default()),
    }
}

/// The packet in a WebSocket text message of at most `max_payload` bytes.
pub fn decode_text(text: &str, max_payload: usize) -> Result<Packet, EngineError> {
    check_size(text.len(), max_payload)?;
    Packet::decode_text(text)
}

/// The packet in a WebSocket binary message: always a binary message packet.
pub fn decode_binary(bytes: &[u8], max_payload: usize) -> Result<Packet, EngineError> {
    check_size(bytes.len(), max_payload)?;
    Ok(Packet::Message(Data::Binary(bytes.to_vec())))
}
// ANCHOR_END: websocket

fn check_size(len: usize, max: usize) -> Result<(), EngineError> {
    if len > max {
        return Err(EngineError::TooLarge { len, max });
    }
    Ok(())
}

//! Engine.IO over HTTP long-polling: one body holds several packets (the
//! spec's "Packet encoding / HTTP long-polling").
//!
//! ```text
//! 4hello\x1e2\x1e4world      three packets: message, ping, message
//! 4hello\x1ebAQIDBA==        a message, then the bytes 01 02 03 04 as base64
//! ```
//!
//! v4 joins packets with the record separator 0x1e; v3 prefixed each with its
//! length counted in UTF-16 code units, which made every language but
//! JavaScript count characters the way JavaScript does.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::error::EngineError;
use super::packet::{Data, Packet};

/// The record separator between packets.
pub const SEPARATOR: char = '\x1e';

// ANCHOR: polling
/// A polling body for these packets. Fails on a text packet that contains the
/// separator itself, which the receiver would cut in two.
pub fn encode(packets: &[Packet]) -> Result<String, EngineError> {
    let mut out = String::new();
    for (i, packet) in packets.iter().enumerate() {
        if i > 0 {
            out.push(SEPARATOR);
        }
        match packet {
            Packet::Message(Data::Binary(bytes)) => {
                out.push('b');
                out.push_str(&STANDARD.encode(bytes));
            }
            other => {
                let text = other.encode_text().unwrap_or_default();
                if text.contains(SEPARATOR) {
                    return Err(EngineError::SeparatorInText);
                }
                out.push_str(&text);
            }
        }
    }
    Ok(out)
}

/// The packets of a polling body (a POST's request body, or a GET's response
/// body on the client), refusing a body over `max_payload` bytes before
/// looking inside it.
pub fn decode(body: &[u8], max_payload: usize) -> Result<Vec<Packet>, EngineError> {
    if body.len() > max_payload {
        return Err(EngineError::TooLarge {
            len: body.len(),
            max: max_payload,
        });
    }
    let text = std::str::from_utf8(body).map_err(|_| EngineError::NotUtf8)?;
    text.split(SEPARATOR).map(decode_one).collect()
}
// ANCHOR_END: polling

fn decode_one(text: &str) -> Result<Packet, EngineError> {
    match text.strip_prefix('b') {
        Some(base64) => STANDARD
            .decode(base64)
            .map(|bytes| Packet::Message(Data::Binary(bytes)))
            .map_err(|_| EngineError::BadBase64),
        None => Packet::decode_text(text),
    }
}

//! Collecting a binary packet's attachments: text starts a packet, binary
//! messages complete it.

use super::decode::decode;
use super::error::SocketIoError;
use super::packet::{Limits, Packet};

// ANCHOR: reassembler
/// Turns the stream of Engine.IO messages back into whole Socket.IO packets:
/// text starts a packet, and a binary packet waits for its attachments.
#[derive(Debug, Default)]
pub struct Reassembler {
    limits: Limits,
    waiting: Option<(Packet, usize)>,
}

impl Reassembler {
    /// A reassembler with these limits.
    pub fn new(limits: Limits) -> Reassembler {
        Reassembler {
            limits,
            waiting: None,
        }
    }

    /// A text message: a whole packet, or `None` while its attachments are due.
    pub fn push_text(&mut self, text: &str) -> Result<Option<Packet>, SocketIoError> {
        if self.waiting.is_some() {
            return Err(SocketIoError::AttachmentsMissing);
        }
        let (packet, count) = decode(text, &self.limits)?;
        if count == 0 {
            return Ok(Some(packet));
        }
        self.waiting = Some((packet, count));
        Ok(None)
    }

    /// A binary message: the next attachment of the waiting packet, which is
    /// returned when it was the last.
    pub fn push_binary(&mut self, bytes: Vec<u8>) -> Result<Option<Packet>, SocketIoError> {
        let Some((packet, count)) = &mut self.waiting else {
            return Err(SocketIoError::UnexpectedAttachment);
        };
        packet.attachments.push(bytes);
        if packet.attachments.len() < *count {
            return Ok(None);
        }
        Ok(self.waiting.take().map(|(packet, _)| packet))
    }

    /// How many attachments the waiting packet still needs.
    pub fn missing(&self) -> usize {
        self.waiting
            .as_ref()
            .map_or(0, |(p, count)| count - p.attachments.len())
    }
}
// ANCHOR_END: reassembler

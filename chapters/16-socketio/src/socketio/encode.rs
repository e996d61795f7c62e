//! Writing one packet's text; its attachments go after it, one binary
//! message each.

use std::fmt::Write as _;

use super::error::SocketIoError;
use super::packet::Packet;
use super::placeholder::placeholders_fit;
use crate::json;

// ANCHOR: encode
/// The text of a packet, after checking it is one the other side accepts.
/// The caller sends `packet.attachments` after it, in order.
pub fn encode(packet: &Packet) -> Result<String, SocketIoError> {
    packet.check_payload()?;
    let main = packet.namespace == "/";
    if !packet.namespace.starts_with('/') || packet.namespace.contains(',') {
        return Err(SocketIoError::BadNamespace);
    }
    if packet.id.is_some() && !packet.kind.takes_ack_id() {
        return Err(SocketIoError::BadAckId);
    }
    let count = packet.attachments.len();
    let fits = if packet.kind.is_binary() {
        placeholders_fit(packet.data.as_ref(), count)
    } else {
        count == 0
    };
    if !fits {
        return Err(SocketIoError::BadPlaceholder);
    }

    let mut out = String::new();
    out.push(packet.kind.digit());
    if packet.kind.is_binary() {
        let _ = write!(out, "{count}-");
    }
    if !main {
        out.push_str(&packet.namespace);
        out.push(',');
    }
    if let Some(id) = packet.id {
        let _ = write!(out, "{id}");
    }
    if let Some(data) = &packet.data {
        json::write_into(&mut out, data);
    }
    Ok(out)
}
// ANCHOR_END: encode

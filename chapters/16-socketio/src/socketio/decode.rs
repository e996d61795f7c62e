//! Reading one packet's text, field by field, in the spec's order:
//! `<type>[<#attachments>-][<namespace>,][<ack id>][<JSON payload>]`.

use super::error::SocketIoError;
use super::packet::{Limits, Packet, PacketType};
use super::placeholder::placeholders_fit;
use crate::json;

/// The most digits an ack id may have: 2^53 − 1 has 16.
const MAX_ID_DIGITS: usize = 16;

// ANCHOR: decode
/// Decodes a packet's text. Returns the packet (no attachments yet) and how
/// many attachments it announced, which are the next binary messages.
pub fn decode(text: &str, limits: &Limits) -> Result<(Packet, usize), SocketIoError> {
    if text.len() > limits.max_packet {
        return Err(SocketIoError::TooLarge {
            len: text.len(),
            max: limits.max_packet,
        });
    }
    let bytes = text.as_bytes();
    let &first = bytes.first().ok_or(SocketIoError::Empty)?;
    let kind = PacketType::from_byte(first).ok_or(SocketIoError::UnknownType(first))?;
    let mut at = 1;

    // `<n>-`: binary types only, and then required.
    let mut count = 0;
    if kind.is_binary() {
        let digits = digits_at(bytes, at);
        if digits == 0 || bytes.get(at + digits) != Some(&b'-') {
            return Err(SocketIoError::BadAttachmentCount);
        }
        // A count too long to parse is over any limit too.
        let max = limits.max_attachments;
        count = text[at..at + digits]
            .parse::<usize>()
            .ok()
            .filter(|&n| n <= max)
            .ok_or(SocketIoError::TooManyAttachments { max })?;
        at += digits + 1;
    }

    // `<namespace>,`: only when not the main one; it runs to the comma.
    let mut namespace = "/";
    if bytes.get(at) == Some(&b'/') {
        let end = text[at..].find(',').map_or(text.len(), |i| at + i);
        if end - at > limits.max_namespace {
            return Err(SocketIoError::BadNamespace);
        }
        namespace = &text[at..end];
        at = (end + 1).min(text.len());
    }

    // `<ack id>`: the digits before the payload.
    let digits = digits_at(bytes, at);
    let mut id = None;
    if digits > 0 {
        if !kind.takes_ack_id() || digits > MAX_ID_DIGITS {
            return Err(SocketIoError::BadAckId);
        }
        let n: u64 = text[at..at + digits]
            .parse()
            .map_err(|_| SocketIoError::BadAckId)?;
        if n > limits.max_ack_id {
            return Err(SocketIoError::BadAckId);
        }
        id = Some(n);
        at += digits;
    }

    // The rest is the JSON payload, if any.
    let rest = &text[at..];
    let data = if rest.is_empty() {
        None
    } else {
        let limits = json::Limits {
            max_depth: limits.max_depth,
        };
        Some(json::parse(rest, limits).map_err(SocketIoError::Json)?)
    };

    let packet = Packet {
        kind,
        namespace: namespace.to_string(),
        id,
        data,
        attachments: Vec::new(),
    };
    packet.check_payload()?;
    if kind.is_binary() && !placeholders_fit(packet.data.as_ref(), count) {
        return Err(SocketIoError::BadPlaceholder);
    }
    Ok((packet, count))
}
// ANCHOR_END: decode

/// How many ASCII digits start at `at`.
fn digits_at(bytes: &[u8], at: usize) -> usize {
    bytes
        .get(at..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count()
}

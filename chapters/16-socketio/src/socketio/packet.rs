//! The seven packet types, one packet, and the limits on what a peer sends.

use super::error::SocketIoError;
use crate::json::Value;

/// The type digit (the spec's "Exchange protocol" table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacketType {
    /// `0`: join a namespace (client, optional auth object); accepted (server,
    /// `{"sid":...}`).
    Connect,
    /// `1`: leave a namespace.
    Disconnect,
    /// `2`: an event, `["name", args...]`.
    Event,
    /// `3`: the answer to an event that carried an ack id.
    Ack,
    /// `4`: the server refused a CONNECT, `{"message":...}`.
    ConnectError,
    /// `5`: an event with binary attachments.
    BinaryEvent,
    /// `6`: an ack with binary attachments.
    BinaryAck,
}

impl PacketType {
    /// The type for a digit byte.
    pub fn from_byte(b: u8) -> Option<PacketType> {
        Some(match b {
            b'0' => PacketType::Connect,
            b'1' => PacketType::Disconnect,
            b'2' => PacketType::Event,
            b'3' => PacketType::Ack,
            b'4' => PacketType::ConnectError,
            b'5' => PacketType::BinaryEvent,
            b'6' => PacketType::BinaryAck,
            _ => return None,
        })
    }

    /// The digit on the wire.
    pub fn digit(self) -> char {
        (b'0' + self as u8) as char
    }

    /// Whether attachments follow (`5`, `6`).
    pub fn is_binary(self) -> bool {
        matches!(self, PacketType::BinaryEvent | PacketType::BinaryAck)
    }

    /// Whether an ack id may appear (events ask for one, acks answer one).
    pub fn takes_ack_id(self) -> bool {
        matches!(
            self,
            PacketType::Event | PacketType::Ack | PacketType::BinaryEvent | PacketType::BinaryAck
        )
    }
}

/// One Socket.IO packet, attachments included once reassembled.
#[derive(Debug, Clone, PartialEq)]
pub struct Packet {
    /// The type.
    pub kind: PacketType,
    /// The namespace, `/` for the main one (left out on the wire).
    pub namespace: String,
    /// The ack id: on an event, "answer me with this id"; on an ack, the id
    /// answered.
    pub id: Option<u64>,
    /// The JSON payload, with `{"_placeholder":true,"num":N}` where binary
    /// attachment N goes.
    pub data: Option<Value>,
    /// The binary attachments, in order (binary types only).
    pub attachments: Vec<Vec<u8>>,
}

impl Packet {
    /// A packet on the main namespace with no id and no attachments.
    pub fn new(kind: PacketType, data: Option<Value>) -> Packet {
        Packet {
            kind,
            namespace: "/".into(),
            id: None,
            data,
            attachments: Vec::new(),
        }
    }

    /// An EVENT `[name, args...]` on the main namespace.
    pub fn event(name: &str, args: Vec<Value>) -> Packet {
        let mut items = vec![Value::str(name)];
        items.extend(args);
        Packet::new(PacketType::Event, Some(Value::Array(items)))
    }

    /// The event's name: the first element of an EVENT's array.
    pub fn event_name(&self) -> Option<&str> {
        self.data.as_ref()?.as_array()?.first()?.as_str()
    }

    // ANCHOR: payload_rules
    /// The spec's rule for each type's payload ("Exchange protocol"), as the
    /// reference parser checks it.
    pub fn check_payload(&self) -> Result<(), SocketIoError> {
        let ok = match (self.kind, &self.data) {
            // CONNECT: an optional object (the client's auth, the server's sid).
            (PacketType::Connect, None) => true,
            (PacketType::Connect, Some(v)) => v.is_object(),
            // DISCONNECT: nothing.
            (PacketType::Disconnect, data) => data.is_none(),
            // EVENT: a non-empty array whose first element names the event.
            (PacketType::Event | PacketType::BinaryEvent, Some(v)) => v
                .as_array()
                .and_then(|a| a.first())
                .is_some_and(|n| n.as_str().is_some()),
            // ACK: an array, possibly empty.
            (PacketType::Ack | PacketType::BinaryAck, Some(v)) => v.as_array().is_some(),
            // CONNECT_ERROR: an object in v5 (a plain string in v4).
            (PacketType::ConnectError, Some(v)) => v.is_object(),
            _ => false,
        };
        if !ok {
            return Err(SocketIoError::BadPayload(self.kind));
        }
        if self.kind.is_ack() && self.id.is_none() {
            return Err(SocketIoError::AckWithoutId);
        }
        Ok(())
    }
    // ANCHOR_END: payload_rules
}

impl PacketType {
    /// Whether this answers an event (`3`, `6`), and so needs an id.
    pub fn is_ack(self) -> bool {
        matches!(self, PacketType::Ack | PacketType::BinaryAck)
    }
}

/// What one peer's packets may cost us. The text's length is bounded by
/// Engine.IO's `maxPayload` below; these bound the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest ack id. JavaScript numbers are exact up to 2^53 − 1, so an
    /// id beyond that could not be answered with the same number.
    pub max_ack_id: u64,
    /// The most attachments one packet may announce: each is a message the
    /// receiver must hold until the last arrives.
    pub max_attachments: usize,
    /// The longest namespace, in bytes.
    pub max_namespace: usize,
    /// The longest packet text, in bytes.
    pub max_packet: usize,
    /// How deep the JSON payload may nest.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_ack_id: (1 << 53) - 1,
            max_attachments: 10,
            max_namespace: 256,
            max_packet: 1_000_000,
            max_depth: 32,
        }
    }
}

//! The seven packet types and what each carries.

use super::error::EngineError;
use super::handshake::Handshake;

/// The type digit of a packet (the spec's "Protocol" table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacketType {
    /// `0`: the server's first packet, with the handshake JSON.
    Open,
    /// `1`: the transport may be closed.
    Close,
    /// `2`: heartbeat, sent by the server (v4 reversed v3's direction); also
    /// the client's `2probe` when it tries a WebSocket.
    Ping,
    /// `3`: the answer to a ping, `3probe` to a probe.
    Pong,
    /// `4`: data for the layer above (Socket.IO).
    Message,
    /// `5`: the client switches to the probed WebSocket.
    Upgrade,
    /// `6`: nothing; ends a held polling GET during an upgrade.
    Noop,
}

impl PacketType {
    /// The type for a digit byte.
    pub fn from_byte(b: u8) -> Option<PacketType> {
        Some(match b {
            b'0' => PacketType::Open,
            b'1' => PacketType::Close,
            b'2' => PacketType::Ping,
            b'3' => PacketType::Pong,
            b'4' => PacketType::Message,
            b'5' => PacketType::Upgrade,
            b'6' => PacketType::Noop,
            _ => return None,
        })
    }

    /// The digit on the wire.
    pub fn digit(self) -> char {
        match self {
            PacketType::Open => '0',
            PacketType::Close => '1',
            PacketType::Ping => '2',
            PacketType::Pong => '3',
            PacketType::Message => '4',
            PacketType::Upgrade => '5',
            PacketType::Noop => '6',
        }
    }
}

/// A message's data: text, or bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Data {
    /// UTF-8 text (a Socket.IO packet is always text).
    Text(String),
    /// Bytes (a Socket.IO binary attachment).
    Binary(Vec<u8>),
}

/// One Engine.IO packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Packet {
    /// `0{...}`
    Open(Handshake),
    /// `1`
    Close,
    /// `2` with optional text (`probe`).
    Ping(String),
    /// `3` with optional text (`probe`).
    Pong(String),
    /// `4` with data, or a binary message.
    Message(Data),
    /// `5`
    Upgrade,
    /// `6`
    Noop,
}

impl Packet {
    /// A text message.
    pub fn text(s: &str) -> Packet {
        Packet::Message(Data::Text(s.to_string()))
    }

    /// This packet's type.
    pub fn kind(&self) -> PacketType {
        match self {
            Packet::Open(_) => PacketType::Open,
            Packet::Close => PacketType::Close,
            Packet::Ping(_) => PacketType::Ping,
            Packet::Pong(_) => PacketType::Pong,
            Packet::Message(_) => PacketType::Message,
            Packet::Upgrade => PacketType::Upgrade,
            Packet::Noop => PacketType::Noop,
        }
    }

    // ANCHOR: text_packet
    /// Decodes a packet written as text: a type digit, then its data.
    pub fn decode_text(text: &str) -> Result<Packet, EngineError> {
        let Some(&first) = text.as_bytes().first() else {
            return Err(EngineError::Empty);
        };
        let kind = PacketType::from_byte(first).ok_or(EngineError::UnknownType(first))?;
        let data = &text[1..]; // the digit is one ASCII byte
        let no_data = |packet| {
            if data.is_empty() {
                Ok(packet)
            } else {
                Err(EngineError::UnexpectedData(kind))
            }
        };
        match kind {
            PacketType::Open => Handshake::parse(data).map(Packet::Open),
            PacketType::Close => no_data(Packet::Close),
            PacketType::Ping => Ok(Packet::Ping(data.to_string())),
            PacketType::Pong => Ok(Packet::Pong(data.to_string())),
            PacketType::Message => Ok(Packet::text(data)),
            PacketType::Upgrade => no_data(Packet::Upgrade),
            PacketType::Noop => no_data(Packet::Noop),
        }
    }

    /// The packet as text, when it has no binary data: the digit, then the data.
    pub fn encode_text(&self) -> Option<String> {
        let mut out = String::new();
        out.push(self.kind().digit());
        match self {
            Packet::Open(handshake) => out.push_str(&handshake.to_json()),
            Packet::Ping(s) | Packet::Pong(s) | Packet::Message(Data::Text(s)) => out.push_str(s),
            Packet::Message(Data::Binary(_)) => return None,
            Packet::Close | Packet::Upgrade | Packet::Noop => {}
        }
        Some(out)
    }
    // ANCHOR_END: text_packet
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_digit_round_trips() {
        for b in b'0'..=b'6' {
            assert_eq!(PacketType::from_byte(b).unwrap().digit() as u8, b);
        }
        assert_eq!(PacketType::from_byte(b'7'), None);
        assert_eq!(PacketType::from_byte(b'b'), None);
    }

    #[test]
    fn text_packets() {
        assert_eq!(Packet::decode_text("4hello"), Ok(Packet::text("hello")));
        assert_eq!(
            Packet::decode_text("2probe"),
            Ok(Packet::Ping("probe".into()))
        );
        assert_eq!(Packet::decode_text("3"), Ok(Packet::Pong(String::new())));
        assert_eq!(Packet::decode_text("4"), Ok(Packet::text("")));
        assert_eq!(Packet::decode_text("5"), Ok(Packet::Upgrade));
        assert_eq!(Packet::decode_text(""), Err(EngineError::Empty));
        assert_eq!(
            Packet::decode_text("7"),
            Err(EngineError::UnknownType(b'7'))
        );
        assert_eq!(
            Packet::decode_text("1x"),
            Err(EngineError::UnexpectedData(PacketType::Close))
        );
        assert_eq!(
            Packet::decode_text("4€").unwrap().encode_text().unwrap(),
            "4€"
        );
    }
}

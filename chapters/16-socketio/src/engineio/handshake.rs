//! The `open` packet's JSON (the spec's "Handshake" section).

use super::error::EngineError;
use crate::json::{self, Limits, Value};

/// What the server tells a new session, as the data of its `open` packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handshake {
    /// The session id; the client sends it as `?sid=` on every later request.
    pub sid: String,
    /// The transports the client may upgrade to: `["websocket"]` over polling,
    /// `[]` once on a WebSocket.
    pub upgrades: Vec<String>,
    /// How often the server pings, in milliseconds.
    pub ping_interval: u64,
    /// How long the server waits for the pong, in milliseconds.
    pub ping_timeout: u64,
    /// The most bytes the server accepts in one payload (a polling body or a
    /// WebSocket frame); the client batches packets up to it.
    pub max_payload: u64,
}

impl Handshake {
    // ANCHOR: handshake_json
    /// The JSON, in the order the reference server writes it.
    pub fn to_json(&self) -> String {
        let upgrades = self.upgrades.iter().map(|u| Value::str(u)).collect();
        json::to_string(&Value::Object(vec![
            ("sid".into(), Value::str(&self.sid)),
            ("upgrades".into(), Value::Array(upgrades)),
            ("pingInterval".into(), Value::from_u64(self.ping_interval)),
            ("pingTimeout".into(), Value::from_u64(self.ping_timeout)),
            ("maxPayload".into(), Value::from_u64(self.max_payload)),
        ]))
    }
    // ANCHOR_END: handshake_json

    /// Reads the JSON a client receives. Unknown members are ignored, so a
    /// newer server's extra fields do not break us.
    pub fn parse(text: &str) -> Result<Handshake, EngineError> {
        let value =
            json::parse(text, Limits { max_depth: 2 }).map_err(EngineError::HandshakeJson)?;
        let number = |name: &'static str| {
            value
                .get(name)
                .and_then(Value::as_u64)
                .ok_or(EngineError::HandshakeField(name))
        };
        let sid = value
            .get("sid")
            .and_then(Value::as_str)
            .ok_or(EngineError::HandshakeField("sid"))?
            .to_string();
        let upgrades = value
            .get("upgrades")
            .and_then(Value::as_array)
            .ok_or(EngineError::HandshakeField("upgrades"))?
            .iter()
            .map(|u| u.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or(EngineError::HandshakeField("upgrades"))?;
        Ok(Handshake {
            sid,
            upgrades,
            ping_interval: number("pingInterval")?,
            ping_timeout: number("pingTimeout")?,
            max_payload: number("maxPayload")?,
        })
    }
}

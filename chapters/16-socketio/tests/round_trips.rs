//! Round trips: seeded random packets of every type, encoded and decoded back
//! unchanged, through each layer and through both together.

use ch16_socketio::engineio::{self, Data, Handshake, polling, websocket};
use ch16_socketio::json::{self, Value};
use ch16_socketio::socketio::{self, Limits, Packet, PacketType, Reassembler, placeholder};

/// xorshift64*: a seeded PRNG, so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A string with the characters JSON must escape, and some that it must not.
    fn string(&mut self) -> String {
        const CHARS: &[char] = &[
            'a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\u{0}', '\u{1e}', '\u{1f}', 'é', '€',
            '😀', '\u{2028}', ',', '[', '{',
        ];
        (0..self.below(8))
            .map(|_| CHARS[self.below(CHARS.len())])
            .collect()
    }

    fn number(&mut self) -> Value {
        const NUMBERS: &[&str] = &[
            "0",
            "-0",
            "7",
            "-12",
            "3.25",
            "1e9",
            "-2.5E-3",
            "9007199254740991",
        ];
        Value::Number(NUMBERS[self.below(NUMBERS.len())].into())
    }

    fn value(&mut self, depth: usize) -> Value {
        match self.below(if depth > 3 { 4 } else { 6 }) {
            0 => Value::Null,
            1 => Value::Bool(self.below(2) == 0),
            2 => self.number(),
            3 => Value::String(self.string()),
            4 => Value::Array((0..self.below(4)).map(|_| self.value(depth + 1)).collect()),
            _ => Value::Object(
                (0..self.below(4))
                    .map(|_| (self.string(), self.value(depth + 1)))
                    .collect(),
            ),
        }
    }

    fn bytes(&mut self) -> Vec<u8> {
        (0..self.below(40)).map(|_| self.next() as u8).collect()
    }

    fn namespace(&mut self) -> String {
        ["/", "/admin", "/chat/room", "/é"][self.below(4)].into()
    }

    fn packet(&mut self) -> Packet {
        let kind = PacketType::from_byte(b'0' + self.below(7) as u8).unwrap();
        let mut p = Packet::new(kind, None);
        p.namespace = self.namespace();
        let args = |rng: &mut Rng| (0..rng.below(4)).map(|_| rng.value(1)).collect::<Vec<_>>();
        match kind {
            PacketType::Connect => {
                if self.below(2) == 0 {
                    p.data = Some(Value::Object(vec![(
                        "token".into(),
                        Value::String(self.string()),
                    )]));
                }
            }
            PacketType::Disconnect => {}
            PacketType::ConnectError => {
                p.data = Some(Value::Object(vec![(
                    "message".into(),
                    Value::String(self.string()),
                )]));
            }
            PacketType::Event
            | PacketType::BinaryEvent
            | PacketType::Ack
            | PacketType::BinaryAck => {
                let mut items = args(self);
                if matches!(kind, PacketType::Event | PacketType::BinaryEvent) {
                    items.insert(0, Value::String(self.string()));
                }
                if kind.is_binary() {
                    let n = 1 + self.below(3);
                    for num in 0..n {
                        let at = self.below(items.len() + 1).max(usize::from(!kind.is_ack()));
                        items.insert(at.min(items.len()), placeholder(num));
                        p.attachments.push(self.bytes());
                    }
                }
                p.data = Some(Value::Array(items));
                if kind.is_ack() || self.below(2) == 0 {
                    p.id = Some(self.next() % (1 << 53));
                }
            }
        }
        p
    }
}

#[test]
fn json_values_round_trip() {
    let mut rng = Rng(1);
    for _ in 0..5_000 {
        let v = rng.value(0);
        let text = json::to_string(&v);
        assert!(!text.contains('\u{1e}'), "{text:?}");
        assert_eq!(
            json::parse(&text, json::Limits::default()),
            Ok(v),
            "{text:?}"
        );
    }
}

#[test]
fn socketio_packets_round_trip() {
    let mut rng = Rng(2);
    let limits = Limits::default();
    for _ in 0..5_000 {
        let p = rng.packet();
        let text = socketio::encode(&p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
        let mut r = Reassembler::new(limits);
        let mut got = r.push_text(&text).unwrap();
        for a in &p.attachments {
            assert!(got.is_none());
            got = r.push_binary(a.clone()).unwrap();
        }
        assert_eq!(got.as_ref(), Some(&p), "{text}");
    }
}

#[test]
fn engineio_packets_round_trip_over_both_transports() {
    let mut rng = Rng(3);
    for _ in 0..2_000 {
        let packets: Vec<engineio::Packet> = (0..1 + rng.below(5))
            .map(|_| match rng.below(6) {
                0 => engineio::Packet::Ping(if rng.below(2) == 0 {
                    "probe".into()
                } else {
                    String::new()
                }),
                1 => engineio::Packet::Pong(String::new()),
                2 => engineio::Packet::Message(Data::Binary(rng.bytes())),
                3 => engineio::Packet::Noop,
                4 => engineio::Packet::Open(Handshake {
                    sid: "s".repeat(1 + rng.below(20)),
                    upgrades: vec!["websocket".into()],
                    ping_interval: rng.next() % 100_000,
                    ping_timeout: rng.next() % 100_000,
                    max_payload: rng.next() % 10_000_000,
                }),
                // A Socket.IO packet as a message, as it travels for real.
                _ => engineio::Packet::text(
                    &socketio::encode(&Packet::event(&rng.string(), vec![rng.value(1)])).unwrap(),
                ),
            })
            .collect();
        let body = polling::encode(&packets).unwrap();
        assert_eq!(
            polling::decode(body.as_bytes(), usize::MAX),
            Ok(packets.clone()),
            "{body:?}"
        );
        for p in &packets {
            let back = match websocket::encode(p) {
                websocket::Frame::Text(t) => websocket::decode_text(&t, usize::MAX),
                websocket::Frame::Binary(b) => websocket::decode_binary(&b, usize::MAX),
            };
            assert_eq!(back.as_ref(), Ok(p));
        }
    }
}

//! Bad input is a typed error, never a panic: every prefix of valid packets,
//! and seeded random and mutated input, through every decoder.

use ch16_socketio::engineio::{Handshake, polling, websocket};
use ch16_socketio::json;
use ch16_socketio::socketio::{Limits, Reassembler, decode};

/// Valid inputs of every layer, from the specs' examples.
const ENGINE: &[&str] = &[
    r#"0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000,"maxPayload":1000000}"#,
    "4hello\x1e2\x1e4world",
    "4hello\x1ebAQIDBA==",
    "2probe\x1e3probe\x1e5\x1e6\x1e1",
    "4€\x1e4😀",
];
const SOCKET: &[&str] = &[
    "0",
    r#"0/admin,{"sid":"oSO0OpakMV_3jnilAAAA"}"#,
    r#"4{"message":"Not authorized"}"#,
    r#"2["foo"]"#,
    r#"2/admin,["bar"]"#,
    r#"51-["baz",{"_placeholder":true,"num":0}]"#,
    r#"52-/admin,["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]"#,
    r#"212["foo"]"#,
    r#"3/admin,13["bar"]"#,
    r#"61-15["bar",{"_placeholder":true,"num":0}]"#,
    "1",
    "1/admin,",
    r#"2["a\u00e9\ud83d\ude00",-1.5e3,true,false,null,{"k":[[]]}]"#,
];

/// Feeds one input to every decoder; only their not panicking is checked.
fn every_decoder(bytes: &[u8]) {
    let _ = polling::decode(bytes, 1_000_000);
    let _ = websocket::decode_binary(bytes, 1_000_000);
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = websocket::decode_text(text, 1_000_000);
        let _ = Handshake::parse(text);
        let _ = json::parse(text, json::Limits::default());
        let _ = decode(text, &Limits::default());
        let mut r = Reassembler::new(Limits::default());
        let _ = r.push_text(text);
        let _ = r.push_binary(bytes.to_vec());
    }
}

#[test]
fn every_prefix_of_valid_packets() {
    let mut prefixes = 0;
    for input in ENGINE.iter().chain(SOCKET) {
        for end in 0..=input.len() {
            every_decoder(&input.as_bytes()[..end]);
            prefixes += 1;
        }
    }
    // A prefix of a Socket.IO packet is never mistaken for a longer packet
    // with the same fields: only a cut after a whole JSON payload can decode.
    for input in SOCKET {
        for end in 1..input.len() {
            if !input.is_char_boundary(end) {
                continue;
            }
            let cut = &input[..end];
            if let Ok((p, _)) = decode(cut, &Limits::default()) {
                assert!(
                    p.data.is_none(),
                    "{cut:?} decoded with a payload, cut from {input:?}"
                );
            }
        }
    }
    eprintln!("{prefixes} prefixes decoded without a panic");
}

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
}

/// The bytes a mutation draws from: the protocols' own punctuation, and some
/// that break UTF-8.
const ALPHABET: &[u8] = b"0123456789-/,[]{}\":_btrue\\u\x1e\x00\xff\xc3\xa9 ";

#[test]
fn random_and_mutated_input() {
    let mut rng = Rng(0x005e_ed16);
    let seeds: Vec<&[u8]> = ENGINE.iter().chain(SOCKET).map(|s| s.as_bytes()).collect();
    for _ in 0..20_000 {
        let mut bytes = seeds[rng.below(seeds.len())].to_vec();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bytes.len() + 1);
            let b = ALPHABET[rng.below(ALPHABET.len())];
            match rng.below(3) {
                0 if at < bytes.len() => bytes[at] = b,
                1 if at < bytes.len() => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, b),
            }
        }
        every_decoder(&bytes);
    }
    for _ in 0..20_000 {
        let len = rng.below(64);
        let bytes: Vec<u8> = (0..len)
            .map(|_| ALPHABET[rng.below(ALPHABET.len())])
            .collect();
        every_decoder(&bytes);
    }
}

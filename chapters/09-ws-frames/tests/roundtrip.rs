//! Random frames: encode → decode round trips, any read size, and tungstenite as
//! an independent oracle in both directions.

mod common;

use std::io::Cursor;

use ch09_ws_frames::OpCode;
use ch09_ws_frames::decoder::{Decoded, FrameDecoder};
use ch09_ws_frames::encoder::{encode_frame, encode_frame_masked};
use ch09_ws_frames::header::FrameHeader;
use ch09_ws_frames::mask::apply_mask_naive;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tungstenite::protocol::frame as tung;

const OPCODES: [OpCode; 6] = [
    OpCode::Continuation,
    OpCode::Text,
    OpCode::Binary,
    OpCode::Close,
    OpCode::Ping,
    OpCode::Pong,
];

/// A payload length that often lands on the length-form boundaries.
fn random_len(rng: &mut impl Rng) -> usize {
    match rng.random_range(0..6) {
        0 => rng.random_range(0..=3),
        1 => rng.random_range(124..=127),
        2 => rng.random_range(65_534..=65_537),
        3 => rng.random_range(0..2000),
        _ => rng.random_range(0..300),
    }
}

struct Spec {
    fin: bool,
    opcode: OpCode,
    key: Option<[u8; 4]>,
    payload: Vec<u8>,
}

fn random_spec(rng: &mut impl Rng) -> Spec {
    let len = random_len(rng);
    Spec {
        fin: rng.random(),
        opcode: OPCODES[rng.random_range(0..OPCODES.len())],
        key: rng.random::<bool>().then(|| rng.random()),
        payload: (0..len).map(|_| rng.random()).collect(),
    }
}

fn encode(s: &Spec, out: &mut Vec<u8>) {
    match s.key {
        Some(k) => encode_frame_masked(out, s.fin, s.opcode, &s.payload, k),
        None => encode_frame(out, s.fin, s.opcode, &s.payload),
    }
}

/// Decodes a stream fed in reads of `step` bytes into (header, payload) pairs.
fn decode_stream(bytes: &[u8], step: usize) -> Vec<(FrameHeader, Vec<u8>)> {
    let mut d = FrameDecoder::new();
    let mut data = bytes.to_vec();
    let mut out: Vec<(FrameHeader, Vec<u8>)> = Vec::new();
    let mut pos = 0;
    while pos < data.len() {
        let end = (pos + step).min(data.len());
        let mut at = pos;
        for _ in 0..(2 * step + 8) {
            let (n, found) = d.decode(&mut data[at..end]).expect("valid frames");
            match found {
                None => {
                    at += n;
                    break;
                }
                Some(Decoded::Header(h)) => out.push((h, Vec::new())),
                Some(Decoded::Payload { offset, .. }) => {
                    let frame = out.last_mut().expect("a header came first");
                    assert_eq!(offset as usize, frame.1.len());
                    frame.1.extend_from_slice(&data[at..at + n]);
                }
            }
            at += n;
        }
        assert_eq!(at, end);
        pos = end;
    }
    out
}

#[test]
fn random_frames_round_trip_at_any_read_size() {
    let mut rng = StdRng::seed_from_u64(9);
    for round in 0..40 {
        let specs: Vec<Spec> = (0..rng.random_range(1..6))
            .map(|_| random_spec(&mut rng))
            .collect();
        let mut bytes = Vec::new();
        for s in &specs {
            encode(s, &mut bytes);
        }
        let at_once = decode_stream(&bytes, bytes.len());
        for step in [1, 2, 3, 13, 14, 15, 1000] {
            if bytes.len() > 20_000 && step < 13 {
                continue; // byte-at-a-time on 64 KiB frames is slow in debug builds
            }
            assert_eq!(
                decode_stream(&bytes, step),
                at_once,
                "round {round} step {step}"
            );
        }
        assert_eq!(at_once.len(), specs.len());
        for (s, (h, payload)) in specs.iter().zip(&at_once) {
            assert_eq!(
                (h.fin, h.opcode, h.mask, h.rsv),
                (s.fin, s.opcode, s.key, 0)
            );
            assert_eq!(h.payload_len as usize, s.payload.len());
            assert!(!h.is_non_minimal());
            assert_eq!(payload, &s.payload, "round {round}");
        }
    }
}

#[test]
fn every_byte_at_a_time_on_small_frames() {
    let mut rng = StdRng::seed_from_u64(1);
    for _ in 0..200 {
        let mut s = random_spec(&mut rng);
        s.payload.truncate(300);
        let mut bytes = Vec::new();
        encode(&s, &mut bytes);
        assert_eq!(decode_stream(&bytes, 1), decode_stream(&bytes, bytes.len()));
    }
}

fn tung_opcode(op: OpCode) -> tung::coding::OpCode {
    tung::coding::OpCode::from(op.nibble())
}

#[test]
fn tungstenite_parses_what_we_encode_byte_for_byte() {
    let mut rng = StdRng::seed_from_u64(2);
    for _ in 0..300 {
        let s = random_spec(&mut rng);
        let mut ours = Vec::new();
        encode(&s, &mut ours);

        // Their header parser reads our header.
        let mut cursor = Cursor::new(&ours);
        let (h, len) = tung::FrameHeader::parse(&mut cursor)
            .expect("parses")
            .expect("complete");
        assert_eq!(
            (h.is_final, h.mask, len as usize),
            (s.fin, s.key, s.payload.len())
        );
        assert_eq!(u8::from(h.opcode), s.opcode.nibble());
        assert!(!h.rsv1 && !h.rsv2 && !h.rsv3);
        let mut body = ours[cursor.position() as usize..].to_vec();
        if let Some(k) = h.mask {
            apply_mask_naive(&mut body, k, 0);
        }
        assert_eq!(body, s.payload);

        // Their encoder produces exactly our bytes for the same frame.
        let header = tung::FrameHeader {
            is_final: s.fin,
            rsv1: false,
            rsv2: false,
            rsv3: false,
            opcode: tung_opcode(s.opcode),
            mask: s.key,
        };
        let mut theirs = Vec::new();
        tung::Frame::from_payload(header, s.payload.clone().into())
            .format(&mut theirs)
            .expect("formats");
        assert_eq!(theirs, ours);
    }
}

#[test]
fn we_decode_what_tungstenite_encodes() {
    let mut rng = StdRng::seed_from_u64(3);
    let mut stream = Vec::new();
    let mut specs = Vec::new();
    for _ in 0..100 {
        let s = random_spec(&mut rng);
        let header = tung::FrameHeader {
            is_final: s.fin,
            rsv1: false,
            rsv2: false,
            rsv3: false,
            opcode: tung_opcode(s.opcode),
            mask: s.key,
        };
        tung::Frame::from_payload(header, s.payload.clone().into())
            .format(&mut stream)
            .expect("formats");
        specs.push(s);
    }
    let frames = decode_stream(&stream, 4096);
    assert_eq!(frames.len(), specs.len());
    for (s, (h, p)) in specs.iter().zip(frames) {
        assert_eq!((h.fin, h.opcode, h.mask), (s.fin, s.opcode, s.key));
        assert_eq!(p, s.payload);
    }
}

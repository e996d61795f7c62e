//! RFC 6455 §5.7's examples, through the whole receiver, at once and byte by byte.

mod common;

use ch09_ws_frames::{Receiver, Role};
use common::{Got, receive};

fn check(role: Role, bytes: &[u8], expected: &[Got]) {
    for step in [bytes.len(), 1, 2, 3, 5] {
        let (got, err) = receive(&mut Receiver::new(role), bytes, step);
        assert_eq!(err, None, "step {step}");
        assert_eq!(got, expected, "step {step}");
    }
}

#[test]
fn single_frame_unmasked_text() {
    check(
        Role::Client,
        &[0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f],
        &[Got::Text(b"Hello".to_vec())],
    );
}

#[test]
fn single_frame_masked_text() {
    check(
        Role::Server,
        &[
            0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
        ],
        &[Got::Text(b"Hello".to_vec())],
    );
}

#[test]
fn fragmented_unmasked_text() {
    check(
        Role::Client,
        &[0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f],
        &[Got::Text(b"Hello".to_vec())],
    );
}

#[test]
fn ping_and_masked_pong() {
    check(
        Role::Client,
        &[0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f],
        &[Got::Ping(b"Hello".to_vec())],
    );
    check(
        Role::Server,
        &[
            0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
        ],
        &[Got::Pong(b"Hello".to_vec())],
    );
}

#[test]
fn binary_256_bytes_and_64_kib() {
    for len in [256usize, 65_536] {
        let mut bytes = ch09_ws_frames::encoder::header(true, ch09_ws_frames::OpCode::Binary, len)
            .as_slice()
            .to_vec();
        let payload: Vec<u8> = (0..len).map(|i| i as u8).collect();
        bytes.extend_from_slice(&payload);
        let expected_head: &[u8] = if len == 256 {
            &[0x82, 0x7E, 0x01, 0x00]
        } else {
            &[0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0]
        };
        assert!(bytes.starts_with(expected_head));
        for step in [bytes.len(), 1000, 7] {
            let (got, err) = receive(&mut Receiver::new(Role::Client), &bytes, step);
            assert_eq!(err, None);
            assert_eq!(
                got,
                vec![Got::Binary(payload.clone())],
                "len {len} step {step}"
            );
        }
    }
}

#[test]
fn control_frames_between_fragments() {
    // Text "Hel" (FIN=0), Ping "p", Pong "", continuation "lo" (FIN=1), all masked.
    let mut bytes = Vec::new();
    let k = [9, 8, 7, 6];
    use ch09_ws_frames::OpCode::*;
    use ch09_ws_frames::encoder::encode_frame_masked as f;
    f(&mut bytes, false, Text, b"Hel", k);
    f(&mut bytes, true, Ping, b"p", k);
    f(&mut bytes, true, Pong, b"", k);
    f(&mut bytes, false, Continuation, b"", k);
    f(&mut bytes, true, Continuation, b"lo", k);
    check(
        Role::Server,
        &bytes,
        &[
            Got::Ping(b"p".to_vec()),
            Got::Pong(vec![]),
            Got::Text(b"Hello".to_vec()),
        ],
    );
}

#[test]
fn feed_with_reports_every_header_and_as_text_reads_text() {
    let bytes = [
        0x01, 0x03, 0x48, 0x65, 0x6c, 0x89, 0x00, 0x80, 0x02, 0x6c, 0x6f,
    ];
    let mut data = bytes.to_vec();
    let mut r = Receiver::new(Role::Client);
    let mut seen = Vec::new();
    let mut texts = Vec::new();
    let mut at = 0;
    for _ in 0..10 {
        let (n, ev) = r
            .feed_with(&mut data[at..], &mut |h| seen.push(h.opcode))
            .unwrap();
        at += n;
        match ev {
            Some(ev) => texts.push(ev.as_text().map(String::from)),
            None => break,
        }
    }
    use ch09_ws_frames::OpCode::*;
    assert_eq!(seen, [Text, Ping, Continuation]);
    assert_eq!(texts, [None, Some("Hello".to_string())]);
}

//! Every protocol error, with the close code the receiver asks for.

mod common;

use ch09_ws_frames::OpCode::{self, *};
use ch09_ws_frames::encoder::{encode_frame, encode_frame_masked};
use ch09_ws_frames::{Limits, Receiver, Role, Violation};
use common::{Got, receive, receive_all};

const K: [u8; 4] = [0xa1, 0xb2, 0xc3, 0xd4];

fn masked(frames: &[(bool, OpCode, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for &(fin, op, p) in frames {
        encode_frame_masked(&mut out, fin, op, p, K);
    }
    out
}

fn fails(bytes: &[u8], expected: Violation, code: u16) {
    for step in [bytes.len().max(1), 1] {
        let (_, err) = receive(&mut Receiver::new(Role::Server), bytes, step);
        let err = err.unwrap_or_else(|| panic!("expected {expected:?} (step {step})"));
        assert_eq!(err, expected, "step {step}");
        assert_eq!(err.close_code(), code, "{err}");
    }
}

#[test]
fn reserved_bits_and_opcodes_are_1002() {
    for rsv in 1..8u8 {
        let mut b = masked(&[(true, Text, b"hi")]);
        b[0] |= rsv << 4;
        fails(&b, Violation::ReservedBits(rsv), 1002);
    }
    for op in [3u8, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF] {
        fails(
            &masked(&[(true, OpCode::Reserved(op), b"")]),
            Violation::ReservedOpcode(op),
            1002,
        );
    }
}

#[test]
fn masking_rules_depend_on_the_role() {
    let mut unmasked = Vec::new();
    encode_frame(&mut unmasked, true, Text, b"hi");
    let (_, err) = receive_all(Role::Server, &unmasked);
    assert_eq!(err, Some(Violation::UnmaskedClientFrame));
    let (_, err) = receive_all(Role::Client, &masked(&[(true, Text, b"hi")]));
    assert_eq!(err, Some(Violation::MaskedServerFrame));
    assert_eq!(Violation::MaskedServerFrame.close_code(), 1002);
}

#[test]
fn control_frame_rules_are_1002() {
    fails(
        &masked(&[(true, Ping, &[0; 126])]),
        Violation::ControlTooLong(126),
        1002,
    );
    fails(
        &masked(&[(false, Ping, b"x")]),
        Violation::ControlFragmented,
        1002,
    );
    // 125 bytes is fine.
    let (got, err) = receive_all(Role::Server, &masked(&[(true, Ping, &[7; 125])]));
    assert_eq!((got, err), (vec![Got::Ping(vec![7; 125])], None));
}

#[test]
fn fragmentation_rules_are_1002() {
    fails(
        &masked(&[(true, Continuation, b"x")]),
        Violation::ContinuationWithoutStart,
        1002,
    );
    fails(
        &masked(&[(false, Text, b"a"), (true, Text, b"b")]),
        Violation::NewMessageDuringFragmented,
        1002,
    );
    fails(
        &masked(&[(false, Binary, b"a"), (true, Binary, b"b")]),
        Violation::NewMessageDuringFragmented,
        1002,
    );
    // After a finished message, a continuation has nothing to continue.
    fails(
        &masked(&[(true, Text, b"a"), (true, Continuation, b"b")]),
        Violation::ContinuationWithoutStart,
        1002,
    );
}

#[test]
fn close_payload_rules() {
    fails(
        &masked(&[(true, Close, b"\x03")]),
        Violation::CloseOneByte,
        1002,
    );
    for code in [
        0u16, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535,
    ] {
        fails(
            &masked(&[(true, Close, &code.to_be_bytes())]),
            Violation::InvalidCloseCode(code),
            1002,
        );
    }
    fails(
        &masked(&[(true, Close, b"\x03\xe8ok\xff")]),
        Violation::InvalidUtf8 { at: 2 },
        1007,
    );
    let (got, err) = receive_all(Role::Server, &masked(&[(true, Close, b"\x0b\xb8bye")]));
    assert_eq!(
        (got, err),
        (vec![Got::Close(Some(3000), "bye".into())], None)
    );
    let (got, _) = receive_all(Role::Server, &masked(&[(true, Close, b"")]));
    assert_eq!(got, vec![Got::Close(None, String::new())]);
}

#[test]
fn top_bit_length_is_1002() {
    let b = [0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4];
    fails(&b, Violation::LengthTopBit, 1002);
}

#[test]
fn utf8_fails_fast_inside_the_first_fragment() {
    // The bad byte is in the first fragment; the message never finishes. The
    // receiver must fail without waiting for the rest.
    let b = masked(&[(false, Text, b"ok\xc0\xafmore")]);
    fails(&b, Violation::InvalidUtf8 { at: 2 }, 1007);
    // ... and inside a frame whose payload has not all arrived: the frame claims 100
    // bytes but only the first 5 are sent.
    let mut partial = masked(&[(true, Text, &[b'a'; 100])]);
    partial.truncate(6 + 5);
    let mut bad = partial.clone();
    bad[6 + 3] ^= 0xFF; // becomes invalid after unmasking
    let (_, err) = receive_all(Role::Server, &bad);
    assert_eq!(err.map(|e| e.close_code()), Some(1007));
}

#[test]
fn utf8_split_across_fragments_is_fine_and_truncation_is_1007() {
    let euro = "€".as_bytes(); // e2 82 ac
    let b = masked(&[
        (false, Text, &euro[..1]),
        (false, Continuation, &euro[1..2]),
        (true, Continuation, &euro[2..]),
    ]);
    let (got, err) = receive_all(Role::Server, &b);
    assert_eq!((got, err), (vec![Got::Text(euro.to_vec())], None));
    fails(
        &masked(&[(false, Text, b"a"), (true, Continuation, &euro[..2])]),
        Violation::TruncatedUtf8,
        1007,
    );
    // Binary messages are not checked.
    let (_, err) = receive_all(Role::Server, &masked(&[(true, Binary, b"\xff")]));
    assert_eq!(err, None);
}

#[test]
fn limits_are_1009_and_checked_at_the_header() {
    let limits = Limits {
        max_message: 10,
        max_fragments: 3,
    };
    let mut r = Receiver::with_limits(Role::Server, limits);
    // Only the header of an 11-byte frame: refused before any payload arrives.
    let head = masked(&[(true, Binary, &[0; 11])]);
    let (_, err) = receive(&mut r, &head[..6], 6);
    assert_eq!(err, Some(Violation::MessageTooBig { limit: 10 }));
    assert_eq!(Violation::MessageTooBig { limit: 10 }.close_code(), 1009);

    let mut r = Receiver::with_limits(Role::Server, limits);
    let b = masked(&[(false, Binary, &[0; 6]), (true, Continuation, &[0; 5])]);
    assert_eq!(
        receive(&mut r, &b, b.len()).1,
        Some(Violation::MessageTooBig { limit: 10 })
    );

    let mut r = Receiver::with_limits(Role::Server, limits);
    let b = masked(&[
        (false, Text, b"a"),
        (false, Continuation, b"b"),
        (false, Continuation, b"c"),
        (true, Continuation, b"d"),
    ]);
    let (_, err) = receive(&mut r, &b, b.len());
    assert_eq!(err, Some(Violation::TooManyFragments { limit: 3 }));
    assert_eq!(err.map(|e| e.close_code()), Some(1009));

    // Exactly at the limits is fine.
    let mut r = Receiver::with_limits(Role::Server, limits);
    let b = masked(&[
        (false, Text, b"aaaa"),
        (false, Continuation, b"bbb"),
        (true, Continuation, b"ccc"),
    ]);
    assert_eq!(
        receive(&mut r, &b, b.len()),
        (vec![Got::Text(b"aaaabbbccc".to_vec())], None)
    );
}

#[test]
fn default_limits_allow_autobahn_sizes() {
    let l = Limits::default();
    assert!(l.max_message >= 16 << 20);
    assert!(l.max_fragments >= 65_536);
}

#[test]
fn idle_receiver_owns_no_heap_and_stays_small() {
    let mut r = Receiver::new(Role::Server);
    assert_eq!(r.heap_bytes(), 0);
    let (got, _) = receive(&mut r, &masked(&[(true, Text, b"hello")]), 100);
    assert_eq!(got.len(), 1);
    assert_eq!(
        r.heap_bytes(),
        0,
        "a whole message in one read is not copied"
    );
    eprintln!(
        "size_of::<Receiver>() = {}",
        std::mem::size_of::<Receiver>()
    );
    assert!(
        std::mem::size_of::<Receiver>() <= 256,
        "{}",
        std::mem::size_of::<Receiver>()
    );
}

#[test]
fn after_a_violation_every_call_fails_the_same_way() {
    let mut r = Receiver::new(Role::Server);
    let mut bad = masked(&[(true, OpCode::Reserved(3), b"xyz")]);
    let err = r.feed(&mut bad).unwrap_err();
    let mut good = masked(&[(true, Text, b"ok")]);
    assert_eq!(r.feed(&mut good).unwrap_err(), err);
    assert_eq!(r.heap_bytes(), 0);
}

#[test]
fn random_garbage_never_panics() {
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};
    let mut rng = StdRng::seed_from_u64(77);
    for round in 0..2000 {
        let role = if round % 2 == 0 {
            Role::Server
        } else {
            Role::Client
        };
        let limits = Limits {
            max_message: 1 << 16,
            max_fragments: 64,
        };
        let len = rng.random_range(0..200);
        // Mostly plausible headers, so the fuzzing gets past byte 0.
        let mut bytes: Vec<u8> = (0..len).map(|_| rng.random()).collect();
        if let Some(b) = bytes.get_mut(0) {
            *b = [0x81, 0x01, 0x80, 0x89, 0x88, 0x02, 0x0A][rng.random_range(0..7)];
        }
        if let Some(b) = bytes.get_mut(1) {
            *b = if role == Role::Server {
                *b | 0x80
            } else {
                *b & 0x7F
            };
        }
        let step = rng.random_range(1..20);
        let mut r = Receiver::with_limits(role, limits);
        let _ = receive(&mut r, &bytes, step);
    }
}

#[test]
fn autobahn_sized_messages_pass_the_default_limits() {
    // Case 9.3.1: 4 MiB of text in 65,536 fragments of 64 bytes.
    let mut bytes = Vec::new();
    let piece = [b'*'; 64];
    for i in 0..65_536u32 {
        let op = if i == 0 { Text } else { Continuation };
        encode_frame_masked(&mut bytes, i == 65_535, op, &piece, K);
    }
    let mut r = Receiver::new(Role::Server);
    let (got, err) = receive(&mut r, &bytes, 65_536);
    assert_eq!(err, None);
    assert!(matches!(&got[..], [Got::Text(t)] if t.len() == 4 << 20));

    // Cases 9.1.6/9.2.6: one 16 MiB frame, arriving in 64 KiB reads.
    let payload = vec![7u8; 16 << 20];
    let mut bytes = Vec::new();
    encode_frame_masked(&mut bytes, true, Binary, &payload, K);
    let mut r = Receiver::new(Role::Server);
    let (got, err) = receive(&mut r, &bytes, 64 << 10);
    assert_eq!(err, None);
    assert!(
        matches!(&got[..], [Got::Binary(b)] if b.len() == 16 << 20 && b.iter().all(|&x| x == 7))
    );
}

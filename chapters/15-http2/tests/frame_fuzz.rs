//! The frame decoder against garbage, from a seeded generator: random bytes
//! and mutated valid frames, in random pieces. Nothing may panic or stall, the
//! decoder never holds more than one frame, and whatever it accepts encodes
//! back to a frame it accepts again as the same thing.

mod common;

use ch15_http2::frame::{FrameDecoder, HEADER_LEN};
use common::{Item, Rng, decode_all, feed, raw};

/// Feeds `input` in random pieces; returns what was decoded and whether it
/// ended in a connection error.
fn feed_randomly(rng: &mut Rng, input: &[u8]) -> (Vec<Item>, bool) {
    let mut decoder = FrameDecoder::frames();
    let mut items = Vec::new();
    let mut at = 0;
    while at < input.len() {
        let len = (1 + rng.below(64)).min(input.len() - at);
        if feed(&mut decoder, &input[at..at + len], &mut items).is_err() {
            return (items, true);
        }
        assert!(decoder.buffered() <= HEADER_LEN + 16_384);
        at += len;
    }
    (items, false)
}

/// Frames that decoded must decode again, alone, to the same trace line.
fn check_consistent(items: &[Item]) {
    for item in items.iter().filter(|i| !i.bytes.is_empty()) {
        if item.line.starts_with("CONTINUATION") {
            continue; // alone, it has no HEADERS before it: an error, rightly
        }
        let again = decode_all(FrameDecoder::frames(), &item.bytes).unwrap();
        assert_eq!(again[0].line, item.line);
    }
}

#[test]
fn random_bytes() {
    let mut rng = Rng::new(4);
    let mut outcomes = [0; 2];
    for _ in 0..3000 {
        // Random headers mostly promise lengths beyond the input; make some
        // frames small enough to complete.
        let mut input = Vec::new();
        for _ in 0..1 + rng.below(6) {
            let kind = rng.below(12) as u8;
            let flags = rng.next_u64() as u8;
            let stream = rng.below(4) as u32;
            let len = rng.below(20);
            input.extend(raw(kind, flags, stream, &rng.bytes(len)));
        }
        if rng.one_in(3) {
            let len = rng.below(100);
            input = rng.bytes(len);
        }
        let (items, failed) = feed_randomly(&mut rng, &input);
        check_consistent(&items);
        outcomes[failed as usize] += 1;
    }
    eprintln!(
        "random input: {} streams decoded to the end, {} ended in a connection error",
        outcomes[0], outcomes[1]
    );
    assert!(outcomes[0] > 100 && outcomes[1] > 100, "{outcomes:?}");
}

#[test]
fn mutated_frames() {
    let mut rng = Rng::new(5);
    let valid: Vec<Vec<u8>> = vec![
        raw(0x0, 0x9, 1, &[3, b'a', b'b', 0, 0, 0]),
        raw(0x1, 0x2d, 1, &[1, 0, 0, 0, 3, 15, 0x82, 0]),
        raw(0x2, 0, 3, &[0, 0, 0, 1, 15]),
        raw(0x3, 0, 1, &[0, 0, 0, 8]),
        raw(0x4, 0, 0, &[0, 3, 0, 0, 0, 100, 0, 5, 0, 0, 64, 0]),
        raw(0x4, 0x1, 0, &[]),
        raw(0x6, 0, 0, &[1; 8]),
        raw(0x7, 0, 0, &[0, 0, 0, 1, 0, 0, 0, 0, b'x']),
        raw(0x8, 0, 0, &[0, 0, 1, 0]),
    ];
    for _ in 0..20_000 {
        let mut input = valid[rng.below(valid.len())].clone();
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(input.len());
            input[at] ^= 1 << rng.below(8);
        }
        let (items, _) = feed_randomly(&mut rng, &input);
        check_consistent(&items);
    }
}

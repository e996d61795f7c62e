//! HPACK against an independent implementation (the httlib-hpack crate), both
//! ways, on generated header lists: blocks our encoder makes decode with its
//! decoder, and blocks its encoder makes, with every representation and Huffman
//! coding chosen at random, decode with ours. Each "connection" is a sequence
//! of lists on one encoder/decoder pair, so the dynamic tables are exercised
//! (insertions, evictions, size updates) and must stay in step across blocks.

mod common;

use ch15_http2::hpack::{Decoder, Encoder, HeaderField};
use common::Rng;

/// Names browsers and servers send, and a few of our own.
const NAMES: &[&str] = &[
    ":method",
    ":path",
    ":scheme",
    ":authority",
    ":status",
    "accept",
    "accept-encoding",
    "user-agent",
    "cache-control",
    "content-type",
    "content-length",
    "cookie",
    "authorization",
    "set-cookie",
    "last-event-id",
    "x-request-id",
    "x-feed-cursor",
    "sec-ch-ua",
];

/// Values: mostly short text, some repeated exactly (to be indexed), some
/// arbitrary bytes (Huffman's 13–30-bit codes), some too big for the table.
fn value(rng: &mut Rng) -> Vec<u8> {
    match rng.below(10) {
        0..=3 => format!("value-{}", rng.below(8)).into_bytes(),
        4..=6 => {
            let len = rng.below(40);
            (0..len).map(|_| b' ' + rng.below(95) as u8).collect()
        }
        7 | 8 => {
            let len = rng.below(30);
            rng.bytes(len)
        }
        _ => {
            let len = 3000 + rng.below(3000);
            (0..len).map(|_| b'a' + rng.below(26) as u8).collect()
        }
    }
}

fn name(rng: &mut Rng) -> Vec<u8> {
    if rng.one_in(6) {
        format!("x-custom-{}", rng.below(20)).into_bytes()
    } else {
        NAMES[rng.below(NAMES.len())].as_bytes().to_vec()
    }
}

fn header_list(rng: &mut Rng) -> Vec<HeaderField> {
    let len = rng.below(12);
    (0..len)
        .map(|_| HeaderField::new(name(rng), value(rng)))
        .collect()
}

type Theirs = Vec<(Vec<u8>, Vec<u8>, u8)>;

#[test]
fn our_encoder_their_decoder() {
    let mut rng = Rng::new(7541);
    let mut blocks = 0;
    let (mut huffman_bytes, mut raw_bytes) = (0, 0);
    for _connection in 0..40 {
        let mut ours = Encoder::default();
        // The same choices without Huffman coding, to see what it saves.
        let mut raw = Encoder::default();
        raw.set_huffman(false);
        let mut theirs = httlib_hpack::Decoder::with_dynamic_size(4096);
        for _ in 0..60 {
            if rng.one_in(15) {
                // The peer's SETTINGS_HEADER_TABLE_SIZE changed: our encoder
                // announces it at the start of the next block.
                let size = [0, 100, 256, 4096, 65536][rng.below(5)];
                ours.set_peer_table_size(size);
                raw.set_peer_table_size(size);
            }
            let list = header_list(&mut rng);
            let mut block = Vec::new();
            ours.encode(&list, &mut block);
            let mut raw_block = Vec::new();
            raw.encode(&list, &mut raw_block);
            huffman_bytes += block.len();
            raw_bytes += raw_block.len();
            let mut buf = block.clone();
            let mut decoded: Theirs = Vec::new();
            theirs
                .decode(&mut buf, &mut decoded)
                .unwrap_or_else(|e| panic!("{e:?} decoding {block:02x?}"));
            assert_eq!(decoded.len(), list.len());
            for (field, (name, value, flags)) in list.iter().zip(&decoded) {
                assert_eq!((&field.name, &field.value), (name, value));
                assert_eq!(field.never_indexed, flags & 0x8 != 0, "never-indexed kept");
            }
            blocks += 1;
        }
    }
    assert_eq!(blocks, 40 * 60);
    eprintln!("{blocks} blocks: {huffman_bytes} bytes with Huffman coding, {raw_bytes} without");
    assert!(huffman_bytes < raw_bytes, "Huffman coding was used");
}

#[test]
fn their_encoder_our_decoder() {
    use httlib_hpack::Encoder as TheirEncoder;
    let mut rng = Rng::new(9113);
    let mut fields = 0;
    for _connection in 0..40 {
        let mut theirs = httlib_hpack::Encoder::with_dynamic_size(4096);
        let mut ours = Decoder::default();
        for _ in 0..60 {
            let mut block = Vec::new();
            if rng.one_in(15) {
                // A size update of their own choosing, within our limit.
                let size = [0, 64, 256, 4096][rng.below(4)];
                theirs.update_max_dynamic_size(size, &mut block).unwrap();
            }
            let list = header_list(&mut rng);
            for field in &list {
                // Any representation, Huffman or not for each string.
                let mut flags = 0;
                if rng.one_in(2) {
                    flags |= TheirEncoder::HUFFMAN_NAME;
                }
                if rng.one_in(2) {
                    flags |= TheirEncoder::HUFFMAN_VALUE;
                }
                match rng.below(4) {
                    0 => flags |= TheirEncoder::WITH_INDEXING | TheirEncoder::BEST_FORMAT,
                    1 => flags |= TheirEncoder::WITH_INDEXING,
                    2 => flags |= TheirEncoder::NEVER_INDEXED,
                    _ => {} // without indexing
                }
                theirs
                    .encode((field.name.clone(), field.value.clone(), flags), &mut block)
                    .unwrap();
            }
            let decoded = ours
                .decode(&block)
                .unwrap_or_else(|e| panic!("{e} decoding {block:02x?}"));
            assert_eq!(decoded.len(), list.len());
            for (want, got) in list.iter().zip(decoded.iter()) {
                assert_eq!((&want.name, &want.value), (&got.name, &got.value));
            }
            fields += list.len();
        }
    }
    assert!(fields > 10_000, "{fields} fields");
}

#[test]
fn both_tables_agree_with_theirs_on_the_rfc_example_sizes() {
    // Their encoder, indexing everything, against ours indexing everything:
    // the same insertions and evictions in a 256-octet table give blocks that
    // decode identically on both decoders.
    let mut rng = Rng::new(256);
    let mut ours = Encoder::new(256);
    let mut their_decoder = httlib_hpack::Decoder::with_dynamic_size(256);
    let mut our_decoder = Decoder::new(256, 1 << 20);
    for _ in 0..500 {
        let len = rng.below(6);
        let list: Vec<HeaderField> = (0..len)
            .map(|_| HeaderField {
                never_indexed: false,
                ..HeaderField::new(name(&mut rng), format!("v{}", rng.below(30)))
            })
            .collect();
        let mut block = Vec::new();
        ours.encode(&list, &mut block);
        let mine = our_decoder.decode(&block).unwrap();
        let mut theirs: Theirs = Vec::new();
        their_decoder
            .decode(&mut block.clone(), &mut theirs)
            .unwrap();
        let mine: Vec<(Vec<u8>, Vec<u8>)> = mine
            .iter()
            .map(|f| (f.name.clone(), f.value.clone()))
            .collect();
        let theirs: Vec<(Vec<u8>, Vec<u8>)> = theirs.into_iter().map(|(n, v, _)| (n, v)).collect();
        assert_eq!(mine, theirs);
        assert_eq!(ours.table(), our_decoder.table());
    }
}

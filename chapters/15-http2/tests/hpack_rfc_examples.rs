//! RFC 7541 Appendix C, byte for byte: each example's header lists decode from
//! the RFC's hex dumps with the dynamic table the RFC shows after each one, and
//! our encoder, making the choices the examples make, produces the same bytes.

mod common;

use ch15_http2::hpack::{Decoder, Encoder, HeaderField};
use common::{fields, hex, pairs};

/// One step of an example: the list, the block, and the table afterwards
/// (`(name, value)` newest first) with its size.
struct Step {
    list: &'static [(&'static str, &'static str)],
    block: &'static str,
    table: &'static [(&'static str, &'static str)],
    size: usize,
}

const REQUEST_1: &[(&str, &str)] = &[
    (":method", "GET"),
    (":scheme", "http"),
    (":path", "/"),
    (":authority", "www.example.com"),
];
const REQUEST_2: &[(&str, &str)] = &[
    (":method", "GET"),
    (":scheme", "http"),
    (":path", "/"),
    (":authority", "www.example.com"),
    ("cache-control", "no-cache"),
];
const REQUEST_3: &[(&str, &str)] = &[
    (":method", "GET"),
    (":scheme", "https"),
    (":path", "/index.html"),
    (":authority", "www.example.com"),
    ("custom-key", "custom-value"),
];
const TABLE_1: &[(&str, &str)] = &[(":authority", "www.example.com")];
const TABLE_2: &[(&str, &str)] = &[
    ("cache-control", "no-cache"),
    (":authority", "www.example.com"),
];
const TABLE_3: &[(&str, &str)] = &[
    ("custom-key", "custom-value"),
    ("cache-control", "no-cache"),
    (":authority", "www.example.com"),
];

const RESPONSE_1: &[(&str, &str)] = &[
    (":status", "302"),
    ("cache-control", "private"),
    ("date", "Mon, 21 Oct 2013 20:13:21 GMT"),
    ("location", "https://www.example.com"),
];
const RESPONSE_2: &[(&str, &str)] = &[
    (":status", "307"),
    ("cache-control", "private"),
    ("date", "Mon, 21 Oct 2013 20:13:21 GMT"),
    ("location", "https://www.example.com"),
];
const RESPONSE_3: &[(&str, &str)] = &[
    (":status", "200"),
    ("cache-control", "private"),
    ("date", "Mon, 21 Oct 2013 20:13:22 GMT"),
    ("location", "https://www.example.com"),
    ("content-encoding", "gzip"),
    (
        "set-cookie",
        "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
    ),
];
const RTABLE_1: &[(&str, &str)] = &[
    ("location", "https://www.example.com"),
    ("date", "Mon, 21 Oct 2013 20:13:21 GMT"),
    ("cache-control", "private"),
    (":status", "302"),
];
const RTABLE_2: &[(&str, &str)] = &[
    (":status", "307"),
    ("location", "https://www.example.com"),
    ("date", "Mon, 21 Oct 2013 20:13:21 GMT"),
    ("cache-control", "private"),
];
const RTABLE_3: &[(&str, &str)] = &[
    (
        "set-cookie",
        "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
    ),
    ("content-encoding", "gzip"),
    ("date", "Mon, 21 Oct 2013 20:13:22 GMT"),
];

/// Decodes each step's block in order on one decoder, and encodes each list on
/// one encoder, comparing both with the RFC.
fn run(table_size: usize, huffman: bool, steps: &[Step]) {
    let mut decoder = Decoder::new(table_size, 64 * 1024);
    let mut encoder = Encoder::new(table_size);
    encoder.set_huffman(huffman);
    for (i, step) in steps.iter().enumerate() {
        let block = hex(step.block);
        let list = decoder.decode(&block).unwrap();
        let want: Vec<(String, String)> = step
            .list
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        assert_eq!(pairs(&list), want, "step {} decoded", i + 1);
        let table: Vec<(&[u8], &[u8])> = decoder.table().iter().collect();
        let want_table: Vec<(&[u8], &[u8])> = step
            .table
            .iter()
            .map(|(n, v)| (n.as_bytes(), v.as_bytes()))
            .collect();
        assert_eq!(table, want_table, "step {} table", i + 1);
        assert_eq!(
            decoder.table().size(),
            step.size,
            "step {} table size",
            i + 1
        );

        let mut ours = Vec::new();
        let list: Vec<HeaderField> = fields(step.list);
        encoder.encode(&list, &mut ours);
        assert_eq!(
            hex_string(&ours),
            hex_string(&block),
            "step {} encoded",
            i + 1
        );
        assert_eq!(
            encoder.table(),
            decoder.table(),
            "step {}: both tables agree",
            i + 1
        );
    }
}

fn hex_string(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn c3_requests_without_huffman() {
    run(
        4096,
        false,
        &[
            Step {
                list: REQUEST_1,
                block: "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
                table: TABLE_1,
                size: 57,
            },
            Step {
                list: REQUEST_2,
                block: "8286 84be 5808 6e6f 2d63 6163 6865",
                table: TABLE_2,
                size: 110,
            },
            Step {
                list: REQUEST_3,
                block: "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65",
                table: TABLE_3,
                size: 164,
            },
        ],
    );
}

#[test]
fn c4_requests_with_huffman() {
    run(
        4096,
        true,
        &[
            Step {
                list: REQUEST_1,
                block: "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
                table: TABLE_1,
                size: 57,
            },
            Step {
                list: REQUEST_2,
                block: "8286 84be 5886 a8eb 1064 9cbf",
                table: TABLE_2,
                size: 110,
            },
            Step {
                list: REQUEST_3,
                block: "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
                table: TABLE_3,
                size: 164,
            },
        ],
    );
}

#[test]
fn c5_responses_without_huffman_and_evictions() {
    run(
        256,
        false,
        &[
            Step {
                list: RESPONSE_1,
                block: "4803 3330 3258 0770 7269 7661 7465 611d
                        4d6f 6e2c 2032 3120 4f63 7420 3230 3133
                        2032 303a 3133 3a32 3120 474d 546e 1768
                        7474 7073 3a2f 2f77 7777 2e65 7861 6d70
                        6c65 2e63 6f6d",
                table: RTABLE_1,
                size: 222,
            },
            Step {
                list: RESPONSE_2,
                block: "4803 3330 37c1 c0bf",
                table: RTABLE_2,
                size: 222,
            },
            Step {
                list: RESPONSE_3,
                block: "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420
                        3230 3133 2032 303a 3133 3a32 3220 474d
                        54c0 5a04 677a 6970 7738 666f 6f3d 4153
                        444a 4b48 514b 425a 584f 5157 454f 5049
                        5541 5851 5745 4f49 553b 206d 6178 2d61
                        6765 3d33 3630 303b 2076 6572 7369 6f6e
                        3d31",
                table: RTABLE_3,
                size: 215,
            },
        ],
    );
}

#[test]
fn c6_responses_with_huffman_and_evictions() {
    run(
        256,
        true,
        &[
            Step {
                list: RESPONSE_1,
                block: "4882 6402 5885 aec3 771a 4b61 96d0 7abe
                        9410 54d4 44a8 2005 9504 0b81 66e0 82a6
                        2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8
                        e9ae 82ae 43d3",
                table: RTABLE_1,
                size: 222,
            },
            Step {
                list: RESPONSE_2,
                block: "4883 640e ffc1 c0bf",
                table: RTABLE_2,
                size: 222,
            },
            Step {
                list: RESPONSE_3,
                block: "88c1 6196 d07a be94 1054 d444 a820 0595
                        040b 8166 e084 a62d 1bff c05a 839b d9ab
                        77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b
                        3960 d5af 2708 7f36 72c1 ab27 0fb5 291f
                        9587 3160 65c0 03ed 4ee5 b106 3d50 07",
                table: RTABLE_3,
                size: 215,
            },
        ],
    );
}

#[test]
fn c2_representations_encode_as_the_rfc_shows() {
    // C.2.1 is a literal with a new name, indexed: our choice too.
    let mut e = Encoder::default();
    e.set_huffman(false);
    let mut out = Vec::new();
    e.encode(&fields(&[("custom-key", "custom-header")]), &mut out);
    assert_eq!(
        out,
        hex("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572")
    );
    // C.2.3, never indexed: ours when the field is marked so.
    let mut out = Vec::new();
    let secret = HeaderField {
        never_indexed: true,
        ..HeaderField::new("password", "secret")
    };
    e.encode([&secret], &mut out);
    assert_eq!(out, hex("1008 7061 7373 776f 7264 0673 6563 7265 74"));
    // C.2.4.
    let mut out = Vec::new();
    Encoder::default().encode(&fields(&[(":method", "GET")]), &mut out);
    assert_eq!(out, [0x82]);
    // C.2.2 (without indexing) is a choice our encoder makes only for fields
    // too big for the table; decoding it is tested in the decoder's unit tests.
}

/// A decoder given every prefix of a valid block either fails with
/// `Truncated` or, cut at a field boundary, yields a prefix of the list.
#[test]
fn every_prefix_of_every_example() {
    use ch15_http2::hpack::DecodeError;
    let blocks = [
        (4096, "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"),
        (
            4096,
            "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
        ),
        (
            256,
            "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6
             2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
        ),
    ];
    for (table, text) in blocks {
        let block = hex(text);
        let mut primed = Decoder::new(table, 64 * 1024);
        if block[0] == 0x82 && block[1] == 0x87 {
            // The third request needs the first two's table entries.
            primed
                .decode(&hex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff"))
                .unwrap();
            primed
                .decode(&hex("8286 84be 5886 a8eb 1064 9cbf"))
                .unwrap();
        }
        let full = pairs(&primed.clone().decode(&block).unwrap());
        let mut whole_fields = 0;
        for cut in 0..block.len() {
            match primed.clone().decode(&block[..cut]) {
                Ok(list) => {
                    let got = pairs(&list);
                    assert_eq!(got[..], full[..got.len()], "cut at {cut}");
                    whole_fields += 1;
                }
                Err(e) => assert_eq!(e, DecodeError::Truncated, "cut at {cut}"),
            }
        }
        assert!(whole_fields >= full.len(), "each field boundary decodes");
    }
}

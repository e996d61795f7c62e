// The checks for chapter 15's exercises. This one file checks both your crate
// (exercises/15-http2) and the solutions (solutions/15-http2): `answer` is
// whichever crate is being tested. One module per exercise, named as in info.txt.
//
// Two kinds of case: the RFCs' own (RFC 7541 Appendix C, the rules of RFC 9113
// quoted beside each check, the frames Chromium really sends first), and
// thousands of generated inputs on which your code must agree with chapter
// 15's crate, ch15-http2, used here as an oracle.

/// A small deterministic random source (xorshift64*), so a failing case is
/// the same on every run and can be printed and reproduced.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Runs `f`, failing with `what` if it panics: bad input is an error, never a
/// crash. A `todo!` still left in the exercise is passed on as it is.
fn no_panic<T>(what: &str, f: impl FnOnce() -> T) -> T {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(v) => v,
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or("")
                .to_string();
            if message.starts_with("not yet implemented") {
                std::panic::resume_unwind(payload);
            }
            panic!("{what}: panicked ({message}): an index past the end, or an overflow?")
        }
    }
}

mod frame_header {
    use super::super::answer::frame_header::{FrameHeader, FrameHeaderError, parse_frame_header};

    /// SETTINGS_MAX_FRAME_SIZE's initial value (RFC 9113 §6.5.2).
    const DEFAULT_MAX: u32 = 16_384;
    /// Its largest: 2^24-1, all a 24-bit length can say.
    const LARGEST_MAX: u32 = (1 << 24) - 1;

    #[test]
    fn what_chromium_sends_first() {
        // After the preface, Chromium's SETTINGS (HEADER_TABLE_SIZE=4096,
        // ENABLE_PUSH=0, INITIAL_WINDOW_SIZE=6291456: three 6-octet settings)…
        let settings = [
            0x00, 0x00, 0x12, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, // the header
            0x00, 0x01, 0x00, 0x00, 0x10, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04,
            0x00, 0x60, 0x00, 0x00,
        ];
        assert_eq!(
            parse_frame_header(&settings, DEFAULT_MAX),
            Ok(FrameHeader {
                length: 18,
                kind: 0x4,
                flags: 0,
                stream: 0
            }),
            "a SETTINGS frame of 18 octets on stream 0 (what follows the 9 octets is its payload)"
        );
        // …then a WINDOW_UPDATE on the connection (increment 15663105)…
        let window_update = [
            0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xef, 0x00, 0x01,
        ];
        assert_eq!(
            parse_frame_header(&window_update, DEFAULT_MAX),
            Ok(FrameHeader {
                length: 4,
                kind: 0x8,
                flags: 0,
                stream: 0
            })
        );
        // …and its ACK of our SETTINGS: no payload, flag 0x1.
        let ack = [0x00, 0x00, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00];
        assert_eq!(
            parse_frame_header(&ack, DEFAULT_MAX),
            Ok(FrameHeader {
                length: 0,
                kind: 0x4,
                flags: 0x1,
                stream: 0
            })
        );
    }

    #[test]
    fn every_field_is_big_endian() {
        // HEADERS (0x1) with END_STREAM|END_HEADERS|PRIORITY (0x25), 66,051
        // octets, on stream 0x01020304.
        let bytes = [0x01, 0x02, 0x03, 0x01, 0x25, 0x01, 0x02, 0x03, 0x04];
        assert_eq!(
            parse_frame_header(&bytes, LARGEST_MAX),
            Ok(FrameHeader {
                length: 0x01_02_03,
                kind: 0x1,
                flags: 0x25,
                stream: 0x01_02_03_04
            }),
            "length is octets 0-2, type 3, flags 4, stream 5-8, most significant first"
        );
    }

    #[test]
    fn the_reserved_bit_is_ignored() {
        let with_r = [0x00, 0x00, 0x08, 0x06, 0x00, 0x80, 0x00, 0x00, 0x00];
        assert_eq!(
            parse_frame_header(&with_r, DEFAULT_MAX).map(|h| h.stream),
            Ok(0),
            "§4.1: R \"MUST be ignored when receiving\": this PING is on stream 0"
        );
        let all_ones = [0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff];
        assert_eq!(
            parse_frame_header(&all_ones, DEFAULT_MAX).map(|h| h.stream),
            Ok((1 << 31) - 1),
            "the largest stream id, 2^31-1, with R set"
        );
    }

    #[test]
    fn fewer_than_nine_octets_is_incomplete() {
        let bytes = [0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x03];
        for n in 0..9 {
            let got = super::no_panic(&format!("{n} octets"), || {
                parse_frame_header(&bytes[..n], DEFAULT_MAX)
            });
            assert_eq!(
                got,
                Err(FrameHeaderError::Incomplete { missing: 9 - n }),
                "{n} octets of a header: {} more to wait for",
                9 - n
            );
        }
        assert!(parse_frame_header(&bytes, DEFAULT_MAX).is_ok(), "all nine");
    }

    #[test]
    fn a_frame_larger_than_agreed_is_refused_from_its_header() {
        let header = |length: u32| {
            let l = length.to_be_bytes();
            [l[1], l[2], l[3], 0x0, 0x0, 0x0, 0x0, 0x0, 0x1]
        };
        assert_eq!(
            parse_frame_header(&header(16_384), DEFAULT_MAX).map(|h| h.length),
            Ok(16_384),
            "exactly SETTINGS_MAX_FRAME_SIZE is allowed"
        );
        assert_eq!(
            parse_frame_header(&header(16_385), DEFAULT_MAX),
            Err(FrameHeaderError::TooLong { length: 16_385 }),
            "§4.2: one octet more is a FRAME_SIZE_ERROR, known before the payload arrives"
        );
        assert_eq!(
            parse_frame_header(&header(LARGEST_MAX), LARGEST_MAX).map(|h| h.length),
            Ok(LARGEST_MAX),
            "the longest a 24-bit length can say"
        );
    }

    #[test]
    fn agrees_with_chapter_15_on_random_headers() {
        use ch15_http2::frame::{FrameHeader as Theirs, FrameType};
        let mut rng = super::Rng::new(15);
        for _ in 0..20_000 {
            let mut bytes = [0u8; 9];
            bytes.iter_mut().for_each(|b| *b = rng.next() as u8);
            let theirs = Theirs::decode(&bytes).expect("nine octets");
            let ours = parse_frame_header(&bytes, LARGEST_MAX);
            assert_eq!(
                ours,
                Ok(FrameHeader {
                    length: theirs.length,
                    kind: theirs.kind.0,
                    flags: theirs.flags,
                    stream: theirs.stream
                }),
                "the header {bytes:02x?}"
            );
        }
        // And on headers chapter 15 writes: what it encodes, you read back.
        for (kind, stream) in [
            (FrameType::DATA, 1),
            (FrameType::GOAWAY, 0),
            (FrameType::HEADERS, 101),
        ] {
            let mut out = Vec::new();
            Theirs {
                length: 300,
                kind,
                flags: 0x9,
                stream,
            }
            .encode(&mut out);
            assert_eq!(
                parse_frame_header(&out, DEFAULT_MAX),
                Ok(FrameHeader {
                    length: 300,
                    kind: kind.0,
                    flags: 0x9,
                    stream
                }),
                "{out:02x?}"
            );
        }
    }
}

mod prefix_integer {
    use super::super::answer::prefix_integer::{IntegerError, decode_integer, encode_integer};

    fn encoded(value: u32, prefix_bits: u8, high: u8) -> Vec<u8> {
        let mut out = Vec::new();
        encode_integer(value, prefix_bits, high, &mut out);
        out
    }

    #[test]
    fn rfc_7541_c1_examples() {
        assert_eq!(encoded(10, 5, 0), [0x0a], "C.1.1: 10 with a 5-bit prefix");
        assert_eq!(
            encoded(1337, 5, 0),
            [0x1f, 0x9a, 0x0a],
            "C.1.2: 1337 with a 5-bit prefix: 31, then 1306 as 26 + 10·128"
        );
        assert_eq!(encoded(42, 8, 0), [0x2a], "C.1.3: 42 at an octet boundary");
        assert_eq!(decode_integer(&[0x0a], 5), Ok((10, 1)));
        assert_eq!(decode_integer(&[0x1f, 0x9a, 0x0a], 5), Ok((1337, 3)));
        assert_eq!(decode_integer(&[0x2a], 8), Ok((42, 1)));
    }

    #[test]
    fn integers_inside_appendix_c_blocks() {
        // C.3.1 starts 82 86 84 41 0f: ":method: GET" is index 2 (0x80 = indexed,
        // 7-bit prefix); 0x41 is a literal with indexing (01, 6-bit prefix) of
        // name index 1 (:authority); 0x0f is a string length, 15, "www.example.com".
        assert_eq!(
            decode_integer(&[0x82], 7),
            Ok((2, 1)),
            "the bits above the prefix are not the value"
        );
        assert_eq!(decode_integer(&[0x41], 6), Ok((1, 1)));
        assert_eq!(decode_integer(&[0x0f], 7), Ok((15, 1)));
        // C.4.1: 0x8c is a Huffman-coded string (the H bit) of 12 octets.
        assert_eq!(
            decode_integer(&[0x8c, 0xf1, 0xe3], 7),
            Ok((12, 1)),
            "only the integer's octets are used"
        );
        assert_eq!(encoded(2, 7, 0x80), [0x82], "high bits are kept as given");
        assert_eq!(encoded(12, 7, 0x80), [0x8c]);
        // A dynamic table size update to 4096 (pattern 001, 5-bit prefix): 3f e1 1f.
        assert_eq!(encoded(4096, 5, 0x20), [0x3f, 0xe1, 0x1f]);
        assert_eq!(decode_integer(&[0x3f, 0xe1, 0x1f], 5), Ok((4096, 3)));
    }

    #[test]
    fn the_prefix_boundary() {
        // 2^N-1 itself does not fit the prefix: it takes a zero continuation octet.
        assert_eq!(encoded(30, 5, 0), [30]);
        assert_eq!(
            encoded(31, 5, 0),
            [31, 0],
            "31 = 2^5-1: prefix full, then 0"
        );
        assert_eq!(encoded(127, 7, 0), [127, 0]);
        assert_eq!(encoded(254, 8, 0), [254]);
        assert_eq!(
            encoded(255, 8, 0),
            [255, 0],
            "an 8-bit prefix: careful with 1 << 8"
        );
        assert_eq!(encoded(0, 1, 0x80), [0x80], "a 1-bit prefix holds only 0");
        assert_eq!(encoded(1, 1, 0), [1, 0]);
        assert_eq!(encoded(128, 1, 0), [1, 0x7f], "1, then 127 in one group");
        assert_eq!(
            encoded(129, 1, 0),
            [1, 0x80, 0x01],
            "1, then 128 = 0 + 1·128: two groups, least significant first"
        );
        assert_eq!(decode_integer(&[31, 0], 5), Ok((31, 2)));
        assert_eq!(decode_integer(&[0xff, 0], 8), Ok((255, 2)));
    }

    #[test]
    fn round_trips_up_to_u32_max() {
        for prefix in 1..=8u8 {
            for value in [
                0,
                1,
                126,
                127,
                128,
                255,
                256,
                16_383,
                16_384,
                65_535,
                1 << 21,
                u32::MAX - 1,
                u32::MAX,
            ] {
                let bytes = encoded(value, prefix, 0);
                assert!(
                    bytes.len() <= 6,
                    "{value} with a {prefix}-bit prefix took {} octets",
                    bytes.len()
                );
                assert_eq!(
                    decode_integer(&bytes, prefix),
                    Ok((value, bytes.len())),
                    "{value} with a {prefix}-bit prefix: {bytes:02x?}"
                );
            }
        }
    }

    #[test]
    fn truncation_is_an_error_never_a_panic() {
        assert_eq!(
            decode_integer(&[], 5),
            Err(IntegerError::Truncated),
            "no octet at all"
        );
        let bytes = [0x1f, 0x9a, 0x0a];
        for n in 0..bytes.len() {
            let got = super::no_panic(&format!("{n} octets of 1337"), || {
                decode_integer(&bytes[..n], 5)
            });
            assert_eq!(got, Err(IntegerError::Truncated), "{n} octets of 1f 9a 0a");
        }
        assert_eq!(
            decode_integer(&[0xff, 0x80, 0x80], 8),
            Err(IntegerError::Truncated),
            "every octet says more follows, then the input ends"
        );
    }

    #[test]
    fn overflow_is_an_error_never_a_panic() {
        // u32::MAX + 1 with a 5-bit prefix: 31, then 2^32 - 31 in 7-bit groups.
        let mut too_big = vec![0x1f];
        let mut rest: u64 = (1 << 32) - 31;
        while rest >= 0x80 {
            too_big.push((rest & 0x7f) as u8 | 0x80);
            rest >>= 7;
        }
        too_big.push(rest as u8);
        let got = super::no_panic("2^32", || decode_integer(&too_big, 5));
        assert_eq!(
            got,
            Err(IntegerError::Overflow),
            "2^32 does not fit a u32: {too_big:02x?}"
        );
        // Five continuation octets are allowed, even if they only say 0…
        assert_eq!(
            decode_integer(&[0x1f, 0x80, 0x80, 0x80, 0x80, 0x00], 5),
            Ok((31, 6))
        );
        // …a sixth is past any u32: refuse it rather than read on forever.
        assert_eq!(
            decode_integer(&[0x1f, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], 5),
            Err(IntegerError::Overflow),
            "six continuation octets"
        );
        let endless = [0xff; 100];
        let got = super::no_panic("a hundred 0xff", || decode_integer(&endless, 8));
        assert_eq!(got, Err(IntegerError::Overflow), "a hundred 0xff octets");
        let got = super::no_panic("the largest groups", || {
            decode_integer(&[0x1f, 0xff, 0xff, 0xff, 0xff, 0x7f], 5)
        });
        assert_eq!(
            got,
            Err(IntegerError::Overflow),
            "five groups of 127: 35 bits"
        );
    }

    #[test]
    fn agrees_with_chapter_15() {
        use ch15_http2::hpack::{DecodeError, integer};
        let mut rng = super::Rng::new(7541);
        for _ in 0..20_000 {
            let prefix = 1 + rng.below(8) as u8;
            // Values of every size: a random number of random bits.
            let value = (rng.next() >> rng.below(64)) as u32;
            let high = rng.next() as u8 & !(u8::MAX >> (8 - prefix));
            let mut theirs = Vec::new();
            integer::encode(value as usize, prefix, high, &mut theirs);
            assert_eq!(
                encoded(value, prefix, high),
                theirs,
                "{value} with a {prefix}-bit prefix and high bits {high:#04x}"
            );
            // Random octets, mostly with the prefix full, so continuations are read.
            let len = rng.below(9) as usize;
            let mut bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            if let Some(first) = bytes.first_mut()
                && rng.below(4) > 0
            {
                *first |= u8::MAX >> (8 - prefix);
            }
            let want = match integer::decode(&bytes, prefix) {
                Ok(v) => Ok(v),
                Err(DecodeError::Truncated) => Err(IntegerError::Truncated),
                Err(DecodeError::IntegerOverflow) => Err(IntegerError::Overflow),
                Err(other) => panic!("chapter 15 said {other:?}"),
            };
            let got = super::no_panic(&format!("{bytes:02x?}"), || decode_integer(&bytes, prefix));
            assert_eq!(got, want, "{bytes:02x?} with a {prefix}-bit prefix");
        }
    }
}

mod flow_window {
    use super::super::answer::flow_window::{DEFAULT_WINDOW, MAX_WINDOW, SendWindow, WindowError};

    #[test]
    fn spending_stops_at_the_window() {
        let mut w = SendWindow::new(DEFAULT_WINDOW);
        assert_eq!(w.available(), 65_535);
        assert_eq!(w.spend(16_384), 16_384, "one full DATA frame");
        assert_eq!(w.value(), 65_535 - 16_384);
        assert_eq!(w.spend(100_000), 49_151, "only what is left");
        assert_eq!((w.value(), w.available()), (0, 0));
        assert_eq!(w.spend(1), 0, "an empty window: wait for WINDOW_UPDATE");
        assert_eq!(w.value(), 0);
        w.window_update(1000).unwrap();
        assert_eq!(w.spend(1), 1);
        assert_eq!(w.available(), 999);
    }

    #[test]
    fn a_zero_increment_is_a_protocol_error() {
        let mut w = SendWindow::new(DEFAULT_WINDOW);
        assert_eq!(
            w.window_update(0),
            Err(WindowError::ProtocolError),
            "§6.9: an increment of 0 MUST be treated as PROTOCOL_ERROR"
        );
        assert_eq!(w.value(), 65_535, "and changes nothing");
        let mut full = SendWindow::new(MAX_WINDOW as u32);
        assert_eq!(
            full.window_update(0),
            Err(WindowError::ProtocolError),
            "0 is wrong whatever the window: check it first"
        );
    }

    #[test]
    fn never_past_2_31_minus_1() {
        let mut w = SendWindow::new(DEFAULT_WINDOW);
        w.window_update((MAX_WINDOW - 65_535) as u32).unwrap();
        assert_eq!(w.value(), MAX_WINDOW, "exactly 2^31-1 is allowed");
        assert_eq!(
            w.window_update(1),
            Err(WindowError::FlowControlError),
            "§6.9.1: past 2^31-1 is a FLOW_CONTROL_ERROR"
        );
        assert_eq!(
            w.value(),
            MAX_WINDOW,
            "a refused update leaves the window alone"
        );
        assert_eq!(w.available(), MAX_WINDOW as u32);
        let mut w = SendWindow::new(DEFAULT_WINDOW);
        assert_eq!(
            w.window_update(MAX_WINDOW as u32),
            Err(WindowError::FlowControlError),
            "65,535 + (2^31-1)"
        );
        assert_eq!(w.value(), 65_535);
    }

    #[test]
    fn settings_can_make_a_window_negative() {
        // §6.9.2's example: the client sent 60 KB, then the server lowered
        // SETTINGS_INITIAL_WINDOW_SIZE to 16 KB.
        let mut w = SendWindow::new(DEFAULT_WINDOW);
        assert_eq!(w.spend(60_000), 60_000);
        w.initial_window_size_changed(65_535, 16_384).unwrap();
        assert_eq!(
            w.value(),
            5_535 - 49_151,
            "-43,616: more was sent than the new window allows"
        );
        assert_eq!(w.available(), 0, "nothing may be sent while it is negative");
        assert_eq!(w.spend(1), 0);
        w.window_update(40_000).unwrap();
        assert_eq!((w.value(), w.available()), (-3_616, 0), "still below zero");
        w.window_update(10_000).unwrap();
        assert_eq!(w.available(), 6_384);
        // A negative window may take an increment bigger than 2^31-1 - 65,535.
        let mut w = SendWindow::new(0);
        w.initial_window_size_changed(0, 0).unwrap();
        w.initial_window_size_changed(100, 0).unwrap();
        assert_eq!(w.value(), -100);
        w.window_update(MAX_WINDOW as u32).unwrap();
        assert_eq!(w.value(), MAX_WINDOW - 100);
    }

    #[test]
    fn settings_can_overflow_a_window_too() {
        let mut w = SendWindow::new(DEFAULT_WINDOW);
        w.initial_window_size_changed(65_535, MAX_WINDOW as u32)
            .unwrap();
        assert_eq!(
            w.value(),
            MAX_WINDOW,
            "the largest setting, on an untouched window"
        );
        let mut w = SendWindow::new(DEFAULT_WINDOW);
        w.window_update(1_000).unwrap();
        assert_eq!(
            w.initial_window_size_changed(65_535, MAX_WINDOW as u32),
            Err(WindowError::FlowControlError),
            "§6.9.2: a change that takes a window past 2^31-1 is a FLOW_CONTROL_ERROR"
        );
        assert_eq!(w.value(), 66_535, "and changes nothing");
        assert_eq!(
            SendWindow::new(0).initial_window_size_changed(0, 1 << 31),
            Err(WindowError::FlowControlError),
            "§6.5.2: a SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1 is itself an error"
        );
        let mut low = SendWindow::new(DEFAULT_WINDOW);
        low.spend(65_535);
        low.initial_window_size_changed(65_535, 0).unwrap();
        assert_eq!(
            low.initial_window_size_changed(0, 1 << 31),
            Err(WindowError::FlowControlError),
            "even when the window, at -65,535, would stay under 2^31-1"
        );
        assert_eq!(low.value(), -65_535);
    }

    #[test]
    fn agrees_with_chapter_15() {
        use ch15_http2::conn::window::SendWindow as Theirs;
        let mut rng = super::Rng::new(9113);
        let (mut refused, mut negative) = (0, 0);
        for round in 0..500 {
            let mut setting = DEFAULT_WINDOW;
            let mut ours = SendWindow::new(setting);
            let mut theirs = Theirs::new(setting);
            let mut steps = Vec::new();
            for _ in 0..100 {
                // Increments and settings of every size, small ones most often.
                let size = (rng.next() >> (33 + rng.below(31))) as u32;
                match rng.below(3) {
                    0 => {
                        let sent = ours.spend(size);
                        steps.push(format!("spend({size}) = {sent}"));
                        assert_eq!(
                            sent as usize,
                            (size as usize).min(theirs.available()),
                            "{steps:?}"
                        );
                        theirs.spend(sent as usize);
                    }
                    1 => {
                        let increment = size.max(1);
                        steps.push(format!("window_update({increment})"));
                        let want = theirs
                            .adjust(i64::from(increment))
                            .map_err(|_| WindowError::FlowControlError);
                        refused += usize::from(want.is_err());
                        assert_eq!(
                            ours.window_update(increment),
                            want,
                            "round {round}: {steps:?}"
                        );
                    }
                    _ => {
                        steps.push(format!("initial_window_size_changed({setting}, {size})"));
                        let want = theirs
                            .adjust(i64::from(size) - i64::from(setting))
                            .map_err(|_| WindowError::FlowControlError);
                        refused += usize::from(want.is_err());
                        let got = ours.initial_window_size_changed(setting, size);
                        assert_eq!(got, want, "round {round}: {steps:?}");
                        if got.is_ok() {
                            setting = size;
                        }
                    }
                }
                assert_eq!(ours.value(), theirs.value(), "round {round}: {steps:?}");
                negative += usize::from(theirs.value() < 0);
                assert_eq!(
                    ours.available() as usize,
                    theirs.available(),
                    "round {round}: {steps:?}"
                );
            }
        }
        eprintln!(
            "50,000 steps: {refused} updates or settings refused, {negative} steps with a negative window"
        );
        assert!(
            refused > 100 && negative > 100,
            "both edges are reached: {refused} refused, {negative} negative"
        );
    }
}

mod pseudo_headers {
    use super::super::answer::pseudo_headers::{Malformed, RequestPseudo, check_pseudo_headers};

    /// A field as a decoder hands it over: name, value.
    type Field<'a> = (&'a str, &'a str);

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn what_real_clients_send() {
        // Chromium's request for /events (chapter 15's trace), pseudo-headers first.
        let chromium = [
            (":method", "GET"),
            (":authority", "127.0.0.1:7015"),
            (":scheme", "https"),
            (":path", "/events"),
            ("accept", "text/event-stream"),
            ("cache-control", "no-cache"),
        ];
        assert_eq!(
            check_pseudo_headers(&chromium),
            Ok(RequestPseudo {
                method: "GET".into(),
                scheme: some("https"),
                authority: some("127.0.0.1:7015"),
                path: some("/events"),
            })
        );
        // curl --http2-prior-knowledge sends them in another order: any order is fine.
        let curl = [
            (":method", "POST"),
            (":path", "/publish"),
            (":scheme", "http"),
            (":authority", "127.0.0.1:7015"),
            ("user-agent", "curl/7.88.1"),
            ("content-length", "5"),
        ];
        let got = check_pseudo_headers(&curl).expect("curl's request is fine");
        assert_eq!(
            (got.method.as_str(), got.path.as_deref()),
            ("POST", Some("/publish"))
        );
        // :authority may be left out (a request could carry host instead).
        let bare = [(":method", "GET"), (":scheme", "http"), (":path", "/")];
        assert_eq!(check_pseudo_headers(&bare).map(|p| p.authority), Ok(None));
    }

    #[test]
    fn options_star_and_connect() {
        let star = [(":method", "OPTIONS"), (":scheme", "https"), (":path", "*")];
        assert_eq!(
            check_pseudo_headers(&star).map(|p| p.path),
            Ok(some("*")),
            "§8.3.1: OPTIONS *"
        );
        let get_star = [(":method", "GET"), (":scheme", "https"), (":path", "*")];
        assert_eq!(
            check_pseudo_headers(&get_star),
            Err(Malformed::BadPath),
            "* is for OPTIONS only"
        );
        let relative = [
            (":method", "GET"),
            (":scheme", "https"),
            (":path", "index.html"),
        ];
        assert_eq!(check_pseudo_headers(&relative), Err(Malformed::BadPath));
        let connect = [(":method", "CONNECT"), (":authority", "example.com:443")];
        assert_eq!(
            check_pseudo_headers(&connect),
            Ok(RequestPseudo {
                method: "CONNECT".into(),
                scheme: None,
                authority: some("example.com:443"),
                path: None
            }),
            "§8.5: CONNECT has only :method and :authority"
        );
        let with_path = [
            (":method", "CONNECT"),
            (":authority", "example.com:443"),
            (":path", "/"),
        ];
        assert_eq!(
            check_pseudo_headers(&with_path),
            Err(Malformed::ConnectWithPath)
        );
        let with_scheme = [
            (":method", "CONNECT"),
            (":scheme", "https"),
            (":authority", "example.com:443"),
        ];
        assert_eq!(
            check_pseudo_headers(&with_scheme),
            Err(Malformed::ConnectWithPath)
        );
        assert_eq!(
            check_pseudo_headers(&[(":method", "CONNECT")]),
            Err(Malformed::MissingPseudo(":authority"))
        );
    }

    #[test]
    fn each_rule_of_8_3() {
        let cases: &[(&[Field], Malformed, &str)] = &[
            (
                &[
                    (":method", "GET"),
                    ("accept", "*/*"),
                    (":scheme", "https"),
                    (":path", "/"),
                ],
                Malformed::PseudoAfterRegular(":scheme".into()),
                "a pseudo-header after an ordinary field",
            ),
            (
                &[
                    (":method", "GET"),
                    (":scheme", "https"),
                    (":path", "/"),
                    (":status", "200"),
                ],
                Malformed::UnknownPseudo(":status".into()),
                ":status is a response's",
            ),
            (
                &[
                    (":method", "CONNECT"),
                    (":protocol", "websocket"),
                    (":authority", "a"),
                ],
                Malformed::UnknownPseudo(":protocol".into()),
                ":protocol needs RFC 8441, left out here",
            ),
            (
                &[
                    (":method", "GET"),
                    (":method", "POST"),
                    (":scheme", "https"),
                    (":path", "/"),
                ],
                Malformed::RepeatedPseudo(":method".into()),
                "two methods",
            ),
            (
                &[
                    (":method", "GET"),
                    (":scheme", "https"),
                    (":path", "/"),
                    (":path", "/"),
                ],
                Malformed::RepeatedPseudo(":path".into()),
                "the same path twice is still twice",
            ),
            (
                &[(":scheme", "https"), (":path", "/")],
                Malformed::MissingPseudo(":method"),
                "no method",
            ),
            (&[], Malformed::MissingPseudo(":method"), "an empty list"),
            (
                &[(":method", "GET"), (":path", "/")],
                Malformed::MissingPseudo(":scheme"),
                "no scheme",
            ),
            (
                &[(":method", "GET"), (":scheme", "https")],
                Malformed::MissingPseudo(":path"),
                "no path",
            ),
            (
                &[(":method", "GET"), (":scheme", "https"), (":path", "")],
                Malformed::EmptyPath,
                "an empty path",
            ),
        ];
        for (fields, want, why) in cases {
            assert_eq!(
                check_pseudo_headers(fields),
                Err(want.clone()),
                "{why}: {fields:?}"
            );
        }
    }

    #[test]
    fn the_first_field_to_break_a_rule_is_named() {
        let fields = [
            (":method", "GET"),
            ("accept", "*/*"),
            (":foo", "x"),
            (":method", "GET"),
        ];
        assert_eq!(
            check_pseudo_headers(&fields),
            Err(Malformed::PseudoAfterRegular(":foo".into())),
            "rules 1-3 field by field: :foo comes after accept before anything else is wrong"
        );
        let fields = [(":foo", "x"), (":path", "")];
        assert_eq!(
            check_pseudo_headers(&fields),
            Err(Malformed::UnknownPseudo(":foo".into()))
        );
    }

    #[test]
    fn agrees_with_chapter_15() {
        use ch15_http2::hpack::{HeaderField, HeaderList};
        use ch15_http2::http::{Malformed as Theirs, request_head};
        const PSEUDO: [(&str, &str); 15] = [
            (":method", "GET"),
            (":method", "POST"),
            (":method", "OPTIONS"),
            (":method", "CONNECT"),
            (":scheme", "https"),
            (":scheme", "http"),
            (":authority", "127.0.0.1:7015"),
            (":path", "/"),
            (":path", "/poll?after=3"),
            (":path", "*"),
            (":path", ""),
            (":path", "events"),
            (":status", "200"),
            (":protocol", "websocket"),
            (":x", "y"),
        ];
        const REGULAR: [(&str, &str); 3] = [
            ("accept", "*/*"),
            ("user-agent", "curl/7.88.1"),
            ("cache-control", "no-cache"),
        ];
        let mut rng = super::Rng::new(8_3_1);
        let (mut ok, mut malformed) = (0, 0);
        for _ in 0..20_000 {
            // A valid request of one of three kinds, then a few random changes.
            let mut fields: Vec<(&str, &str)> = match rng.below(3) {
                0 => vec![PSEUDO[0], PSEUDO[6], PSEUDO[4], PSEUDO[8]],
                1 => vec![PSEUDO[3], PSEUDO[6]],
                _ => vec![PSEUDO[2], PSEUDO[5], PSEUDO[9]],
            };
            fields.extend((0..rng.below(3)).map(|_| REGULAR[rng.below(3) as usize]));
            for _ in 0..rng.below(3) {
                let at = rng.below(fields.len() as u64 + 1) as usize;
                match rng.below(3) {
                    0 => fields.insert(at, PSEUDO[rng.below(15) as usize]),
                    1 if at < fields.len() => {
                        fields.remove(at);
                    }
                    _ => {
                        let other = rng.below(fields.len() as u64 + 1) as usize;
                        if at < fields.len() && other < fields.len() {
                            fields.swap(at, other);
                        }
                    }
                }
            }
            let list = HeaderList(
                fields
                    .iter()
                    .map(|&(n, v)| HeaderField::new(n, v))
                    .collect(),
            );
            let want = match request_head(list, 0, false) {
                Ok(head) => Ok(RequestPseudo {
                    method: head.method,
                    scheme: head.scheme,
                    authority: head.authority,
                    path: head.path,
                }),
                Err(e) => Err(match e {
                    Theirs::PseudoAfterRegular { name } => Malformed::PseudoAfterRegular(name),
                    Theirs::UnknownPseudo { name } => Malformed::UnknownPseudo(name),
                    Theirs::RepeatedPseudo { name } => Malformed::RepeatedPseudo(name),
                    Theirs::MissingPseudo { name } => Malformed::MissingPseudo(name),
                    Theirs::EmptyPath => Malformed::EmptyPath,
                    Theirs::BadPath => Malformed::BadPath,
                    Theirs::ConnectWithPath => Malformed::ConnectWithPath,
                    other => panic!("chapter 15 said {other:?} for {fields:?}"),
                }),
            };
            if want.is_ok() {
                ok += 1;
            } else {
                malformed += 1;
            }
            assert_eq!(check_pseudo_headers(&fields), want, "{fields:?}");
        }
        eprintln!("20,000 header lists: {ok} requests, {malformed} malformed");
        assert!(
            ok > 2_000 && malformed > 2_000,
            "{ok} fine and {malformed} malformed: both kinds are tried"
        );
    }
}

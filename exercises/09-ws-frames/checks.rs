// The checks for chapter 9's exercises. This one file checks both your crate
// (exercises/09-ws-frames) and the solutions (solutions/09-ws-frames): `answer` is
// whichever crate is being tested. One module per exercise, named as in info.txt.

mod header {
    use super::super::answer::header::{Header, TopBitSet, decode, encode};

    fn h(fin: bool, opcode: u8, mask: Option<[u8; 4]>, len: u64) -> Header {
        Header {
            fin,
            rsv: 0,
            opcode,
            mask,
            len,
        }
    }

    #[test]
    fn decodes_the_rfc_examples() {
        // RFC 6455 §5.7: unmasked "Hello", masked "Hello".
        let bytes = [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f];
        assert_eq!(decode(&bytes), Ok(Some((h(true, 1, None, 5), 2))));
        let bytes = [
            0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
        ];
        assert_eq!(
            decode(&bytes),
            Ok(Some((h(true, 1, Some([0x37, 0xfa, 0x21, 0x3d]), 5), 6)))
        );
        // The first fragment of "Hel" + "lo": FIN clear.
        assert_eq!(
            decode(&[0x01, 0x03, 0x48]),
            Ok(Some((h(false, 1, None, 3), 2)))
        );
        // 256 bytes (16-bit form) and 64 KiB (64-bit form).
        assert_eq!(
            decode(&[0x82, 0x7E, 0x01, 0x00]),
            Ok(Some((h(true, 2, None, 256), 4)))
        );
        let big = [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0];
        assert_eq!(decode(&big), Ok(Some((h(true, 2, None, 65_536), 10))));
    }

    #[test]
    fn needs_more_bytes_until_the_header_is_complete() {
        let full = [0x82, 0xFF, 0, 0, 0, 0, 0, 1, 0, 0, 9, 8, 7, 6];
        for cut in 0..full.len() {
            assert_eq!(
                decode(&full[..cut]),
                Ok(None),
                "only {cut} of 14 header bytes"
            );
        }
        assert_eq!(
            decode(&full),
            Ok(Some((h(true, 2, Some([9, 8, 7, 6]), 65_536), 14)))
        );
    }

    #[test]
    fn rsv_bits_and_top_bit() {
        let (hd, _) = decode(&[0xC1, 0x00]).unwrap().unwrap();
        assert_eq!(
            hd.rsv, 0b100,
            "RSV1 is bit 0x40 of byte 0, the high one of the three"
        );
        assert_eq!(
            decode(&[0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 0]),
            Err(TopBitSet)
        );
    }

    #[test]
    fn encodes_with_the_minimal_form_and_round_trips() {
        for (len, size) in [
            (0u64, 2usize),
            (125, 2),
            (126, 4),
            (65_535, 4),
            (65_536, 10),
            (1 << 40, 10),
        ] {
            for mask in [None, Some([1, 2, 3, 4])] {
                let hd = h(len % 2 == 0, 2, mask, len);
                let bytes = encode(&hd);
                let want = size + if mask.is_some() { 4 } else { 0 };
                assert_eq!(bytes.len(), want, "length {len}: wrong header size");
                assert_eq!(decode(&bytes), Ok(Some((hd, want))), "length {len}");
            }
        }
        assert_eq!(encode(&h(true, 1, None, 5)), [0x81, 0x05]);
        assert_eq!(
            encode(&h(true, 1, Some([0x37, 0xfa, 0x21, 0x3d]), 5)),
            [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d]
        );
    }
}

mod unmask {
    use super::super::answer::unmask::unmask;

    fn byte_loop(buf: &mut [u8], key: [u8; 4], offset: usize) {
        for (i, b) in buf.iter_mut().enumerate() {
            *b ^= key[(offset + i) % 4];
        }
    }

    #[test]
    fn rfc_hello() {
        let mut buf = [0x7f, 0x9f, 0x4d, 0x51, 0x58];
        unmask(&mut buf, [0x37, 0xfa, 0x21, 0x3d], 0);
        assert_eq!(&buf, b"Hello");
    }

    #[test]
    fn same_as_the_byte_loop_at_every_offset_and_length() {
        let key = [0x6d, 0xb6, 0xb2, 0x80];
        let data: Vec<u8> = (0..110u32).map(|i| (i * 37 + 11) as u8).collect();
        for len in 0..100 {
            for start in 0..4 {
                for offset in 0..4 {
                    let mut want = data.clone();
                    let mut got = data.clone();
                    byte_loop(&mut want[start..start + len], key, offset);
                    unmask(&mut got[start..start + len], key, offset);
                    assert_eq!(
                        got, want,
                        "len {len}, buffer start {start}, offset {offset}"
                    );
                }
            }
        }
    }

    #[test]
    fn pieces_unmask_like_the_whole() {
        let key = [1, 2, 3, 4];
        let data: Vec<u8> = (0..64u8).collect();
        let mut whole = data.clone();
        unmask(&mut whole, key, 0);
        for cut in 0..data.len() {
            let mut pieces = data.clone();
            let (a, b) = pieces.split_at_mut(cut);
            unmask(a, key, 0);
            unmask(b, key, cut);
            assert_eq!(
                pieces, whole,
                "split at {cut}: the second piece starts at offset {cut}"
            );
        }
    }
}

mod utf8 {
    use super::super::answer::utf8::Utf8Validator;

    /// Our answer for `bytes` fed in two chunks: Ok(complete) or Err(index of the bad byte).
    fn run(bytes: &[u8], cut: usize) -> Result<bool, usize> {
        let mut v = Utf8Validator::new();
        v.feed(&bytes[..cut])?;
        v.feed(&bytes[cut..]).map_err(|i| cut + i)?;
        Ok(v.is_complete())
    }

    /// The expected answer, from std.
    fn expected(bytes: &[u8]) -> Result<bool, usize> {
        match std::str::from_utf8(bytes) {
            Ok(_) => Ok(true),
            Err(e) => match e.error_len() {
                None => Ok(false),
                Some(len) => {
                    let start = e.valid_up_to();
                    if matches!(bytes[start], 0x80..=0xC1 | 0xF5..=0xFF) {
                        Err(start)
                    } else {
                        Err(start + len)
                    }
                }
            },
        }
    }

    #[test]
    fn table_3_7_cases_split_everywhere() {
        for case in [
            &b"plain ascii"[..],
            "κόσμε €𝄞".as_bytes(),
            b"\xC0\x80",
            b"\xE0\x9F\xBF",
            b"\xED\xA0\x80",
            b"\xF0\x8F\xBF\xBF",
            b"\xF4\x90\x80\x80",
            b"\xF5\x80",
            b"ab\x80cd",
            b"ok\xE2\x82",
        ] {
            for cut in 0..=case.len() {
                assert_eq!(run(case, cut), expected(case), "{case:02x?} split at {cut}");
            }
        }
    }

    #[test]
    fn generated_inputs_match_std() {
        // A small xorshift generator: no dependencies, same inputs every run.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..2000 {
            let len = (next() % 12) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| match next() % 3 {
                    0 => 0x80 + (next() % 0x40) as u8,
                    1 => [0xC2, 0xE0, 0xED, 0xF0, 0xF4, 0xC1, 0xF5, b'a'][(next() % 8) as usize],
                    _ => next() as u8,
                })
                .collect();
            for cut in 0..=bytes.len() {
                assert_eq!(
                    run(&bytes, cut),
                    expected(&bytes),
                    "{bytes:02x?} split at {cut}"
                );
            }
        }
    }
}

mod close_code {
    use super::super::answer::close_code::{check_close_payload, is_valid_close_code};

    #[test]
    fn autobahn_valid_and_invalid_codes() {
        for code in [
            1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999,
            4000, 4999,
        ] {
            assert!(is_valid_close_code(code), "{code} is valid");
        }
        for code in [
            0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535,
        ] {
            assert!(!is_valid_close_code(code), "{code} must not be sent");
        }
    }

    #[test]
    fn payload_shapes() {
        assert_eq!(check_close_payload(b""), Ok(None));
        assert_eq!(
            check_close_payload(b"\x03"),
            Err(1002),
            "one byte is half a code"
        );
        assert_eq!(check_close_payload(b"\x03\xe8"), Ok(Some(1000)));
        assert_eq!(check_close_payload(b"\x0f\xa0bye"), Ok(Some(4000)));
        assert_eq!(
            check_close_payload(b"\x03\xed"),
            Err(1002),
            "1005 is for local use only"
        );
        assert_eq!(
            check_close_payload(b"\x03\xe8\xff"),
            Err(1007),
            "a reason must be UTF-8"
        );
    }
}

mod assembler {
    use super::super::answer::assembler::{Assembler, Event, Frame};

    fn f(fin: bool, opcode: u8, payload: &[u8]) -> Frame<'_> {
        Frame {
            fin,
            opcode,
            payload,
        }
    }

    #[test]
    fn single_and_fragmented_messages() {
        let mut a = Assembler::new();
        assert_eq!(
            a.push(f(true, 1, b"Hello")),
            Ok(Some(Event::Text("Hello".into())))
        );
        assert_eq!(a.push(f(false, 1, b"Hel")), Ok(None));
        assert_eq!(
            a.push(f(true, 0, b"lo")),
            Ok(Some(Event::Text("Hello".into())))
        );
        assert_eq!(a.push(f(false, 2, &[1])), Ok(None));
        assert_eq!(a.push(f(false, 0, &[])), Ok(None));
        assert_eq!(
            a.push(f(true, 0, &[2, 3])),
            Ok(Some(Event::Binary(vec![1, 2, 3])))
        );
    }

    #[test]
    fn control_frames_between_fragments() {
        let mut a = Assembler::new();
        assert_eq!(a.push(f(false, 1, b"a")), Ok(None));
        assert_eq!(
            a.push(f(true, 9, b"ping")),
            Ok(Some(Event::Ping(b"ping".to_vec())))
        );
        assert_eq!(a.push(f(false, 0, b"b")), Ok(None));
        assert_eq!(a.push(f(true, 10, b"")), Ok(Some(Event::Pong(vec![]))));
        assert_eq!(
            a.push(f(true, 0, b"c")),
            Ok(Some(Event::Text("abc".into())))
        );
        assert_eq!(
            a.push(f(true, 8, b"\x03\xe8")),
            Ok(Some(Event::Close(vec![3, 0xe8])))
        );
    }

    #[test]
    fn broken_rules_give_the_close_code() {
        assert_eq!(
            Assembler::new().push(f(true, 0, b"x")),
            Err(1002),
            "continuation without a start"
        );
        let mut a = Assembler::new();
        a.push(f(false, 1, b"x")).unwrap();
        assert_eq!(
            a.push(f(true, 2, b"y")),
            Err(1002),
            "new message during a fragmented one"
        );
        assert_eq!(
            Assembler::new().push(f(false, 9, b"")),
            Err(1002),
            "fragmented ping"
        );
        assert_eq!(
            Assembler::new().push(f(true, 9, &[0; 126])),
            Err(1002),
            "ping over 125 bytes"
        );
        assert_eq!(
            Assembler::new().push(f(true, 9, &[0; 125])),
            Ok(Some(Event::Ping(vec![0; 125])))
        );
        for op in [3, 7, 11, 15] {
            assert_eq!(
                Assembler::new().push(f(true, op, b"")),
                Err(1002),
                "reserved opcode {op}"
            );
        }
        let mut a = Assembler::new();
        a.push(f(false, 1, b"\xce")).unwrap();
        assert_eq!(
            a.push(f(true, 0, b"\xba")),
            Ok(Some(Event::Text("κ".into()))),
            "a character split across fragments"
        );
        a.push(f(false, 1, b"ok")).unwrap();
        assert_eq!(
            a.push(f(true, 0, b"\xff")),
            Err(1007),
            "invalid UTF-8 in text"
        );
    }
}

//! Every frame rule of RFC 9113 §3.4–§6 that the codec enforces, each with the
//! error code the RFC gives it and whether it fails the connection (the
//! decoder's `Err`) or one stream (`Decoded::StreamError`, decoding goes on).

mod common;

use ch15_http2::ErrorCode;
use ch15_http2::frame::{
    ConnectionError, Decoded, FieldBlockAssembler, Frame, FrameDecoder, FrameType, PREFACE,
    Violation, encode_field_block,
};
use common::{decode_all, raw};

const DATA: u8 = 0x0;
const HEADERS: u8 = 0x1;
const PRIORITY: u8 = 0x2;
const RST_STREAM: u8 = 0x3;
const SETTINGS: u8 = 0x4;
const PUSH_PROMISE: u8 = 0x5;
const PING: u8 = 0x6;
const GOAWAY: u8 = 0x7;
const WINDOW_UPDATE: u8 = 0x8;
const CONTINUATION: u8 = 0x9;

/// The connection error `bytes` cause, with no preface expected.
fn connection_error(bytes: &[u8]) -> ConnectionError {
    match decode_all(FrameDecoder::frames(), bytes) {
        Err(e) => e,
        Ok(items) => panic!("no connection error; decoded {items:?}"),
    }
}

fn assert_connection_error(bytes: &[u8], code: ErrorCode, violation: Violation) {
    let e = connection_error(bytes);
    assert_eq!((e.code(), &e.0), (code, &violation), "{e}");
}

/// Asserts `bytes` hold one frame that fails only `stream`, with `code`, and
/// that decoding goes on: a PING placed after it still decodes.
fn assert_stream_error(bytes: &[u8], stream: u32, code: ErrorCode) {
    let mut input = bytes.to_vec();
    input.extend(raw(PING, 0, 0, &[7; 8]));
    let mut decoder = FrameDecoder::frames();
    let (n, found) = decoder.decode(&input).expect("not a connection error");
    match found {
        Some(Decoded::StreamError(e)) => {
            assert_eq!((e.stream, e.code()), (stream, code), "{e}");
        }
        other => panic!("expected a stream error, got {other:?}"),
    }
    let (_, next) = decoder.decode(&input[n..]).unwrap();
    assert!(
        matches!(next, Some(Decoded::Frame(Frame::Ping(_)))),
        "decoding went on"
    );
}

fn one_frame(bytes: &[u8]) -> String {
    let items = decode_all(FrameDecoder::frames(), bytes).unwrap();
    assert_eq!(items.len(), 1, "{items:?}");
    items[0].line.clone()
}

#[test]
fn frames_over_max_frame_size_are_refused_at_the_header() {
    // §4.2: FRAME_SIZE_ERROR. Only the 9 header octets are given: the decoder
    // refuses before a single payload octet arrives or is buffered.
    let header = &raw(DATA, 0, 1, &vec![0; 16_385])[..9];
    let mut d = FrameDecoder::frames();
    let e = d.decode(header).unwrap_err();
    assert_eq!(
        e.0,
        Violation::FrameTooLarge {
            length: 16_385,
            max: 16_384
        }
    );
    assert_eq!(e.code(), ErrorCode::FRAME_SIZE_ERROR);
    // Exactly the limit is fine, and a larger SETTINGS_MAX_FRAME_SIZE of ours
    // raises it.
    assert!(one_frame(&raw(DATA, 0, 1, &vec![0; 16_384])).starts_with("DATA"));
    let mut d = FrameDecoder::frames();
    d.set_max_frame_size(1 << 20);
    let big = raw(DATA, 0, 1, &vec![0; 100_000]);
    assert_eq!(d.decode(&big).unwrap().0, big.len());
    // Any type, unknown ones included.
    assert_connection_error(
        &raw(0xee, 0, 0, &vec![0; 16_385]),
        ErrorCode::FRAME_SIZE_ERROR,
        Violation::FrameTooLarge {
            length: 16_385,
            max: 16_384,
        },
    );
}

#[test]
fn data_rules() {
    let kind = FrameType::DATA;
    // §6.1: stream 0 is a connection PROTOCOL_ERROR.
    assert_connection_error(
        &raw(DATA, 0, 0, b"hi"),
        ErrorCode::PROTOCOL_ERROR,
        Violation::StreamZero { kind },
    );
    // PADDED with no room for the Pad Length: too small for its fields (§4.2).
    assert_connection_error(
        &raw(DATA, 0x8, 1, b""),
        ErrorCode::FRAME_SIZE_ERROR,
        Violation::BadLength { kind, length: 0 },
    );
    // Padding as long as the payload or longer: PROTOCOL_ERROR (§6.1).
    assert_connection_error(
        &raw(DATA, 0x8, 1, &[3, b'a', 0]),
        ErrorCode::PROTOCOL_ERROR,
        Violation::PaddingTooLong {
            kind,
            pad: 3,
            length: 3,
        },
    );
    assert_connection_error(
        &raw(DATA, 0x8, 1, &[2, 0]),
        ErrorCode::PROTOCOL_ERROR,
        Violation::PaddingTooLong {
            kind,
            pad: 2,
            length: 2,
        },
    );
    // Padding that leaves no data is allowed.
    assert_eq!(
        one_frame(&raw(DATA, 0x8, 1, &[2, 0, 0])),
        "DATA stream=1 len=3 flags=PADDED data=0 padding=3"
    );
    assert_eq!(
        one_frame(&raw(DATA, 0x9, 1, &[1, b'h', b'i', 0])),
        "DATA stream=1 len=4 flags=END_STREAM|PADDED data=2 padding=2"
    );
}

#[test]
fn headers_rules() {
    let kind = FrameType::HEADERS;
    assert_connection_error(
        &raw(HEADERS, 0x4, 0, b"\x82"),
        ErrorCode::PROTOCOL_ERROR,
        Violation::StreamZero { kind },
    );
    // PRIORITY flag, but fewer than 5 octets for its fields.
    assert_connection_error(
        &raw(HEADERS, 0x24, 1, &[0, 0, 0, 3]),
        ErrorCode::FRAME_SIZE_ERROR,
        Violation::BadLength { kind, length: 4 },
    );
    // PADDED and PRIORITY: padding must fit after the priority fields (§6.2).
    assert_connection_error(
        &raw(HEADERS, 0x2c, 1, &[1, 0, 0, 0, 3, 15]),
        ErrorCode::PROTOCOL_ERROR,
        Violation::PaddingTooLong {
            kind,
            pad: 1,
            length: 6,
        },
    );
    // A stream depending on itself (§5.3.1), here a connection error (§5.4).
    assert_connection_error(
        &raw(HEADERS, 0x24, 5, &[0, 0, 0, 5, 15, 0x82]),
        ErrorCode::PROTOCOL_ERROR,
        Violation::SelfDependency { stream: 5 },
    );
    // The priority fields are parsed and shown, and that is all.
    assert_eq!(
        one_frame(&raw(HEADERS, 0x2d, 3, &[2, 0x80, 0, 0, 1, 255, 0x82, 0, 0])),
        "HEADERS stream=3 len=9 flags=END_STREAM|END_HEADERS|PADDED|PRIORITY fragment=1 \
         depends_on=1 weight=256 exclusive padding=3"
    );
}

#[test]
fn priority_rules() {
    let kind = FrameType::PRIORITY;
    assert_connection_error(
        &raw(PRIORITY, 0, 0, &[0, 0, 0, 1, 15]),
        ErrorCode::PROTOCOL_ERROR,
        Violation::StreamZero { kind },
    );
    // §6.3: a length other than 5 fails only the stream.
    assert_stream_error(
        &raw(PRIORITY, 0, 3, &[0, 0, 0, 1]),
        3,
        ErrorCode::FRAME_SIZE_ERROR,
    );
    assert_stream_error(
        &raw(PRIORITY, 0, 3, &[0, 0, 0, 1, 15, 0]),
        3,
        ErrorCode::FRAME_SIZE_ERROR,
    );
    // §5.3.1: depending on itself fails only the stream.
    assert_stream_error(
        &raw(PRIORITY, 0, 3, &[0, 0, 0, 3, 15]),
        3,
        ErrorCode::PROTOCOL_ERROR,
    );
    assert_eq!(
        one_frame(&raw(PRIORITY, 0, 3, &[0, 0, 0, 1, 15])),
        "PRIORITY stream=3 len=5 depends_on=1 weight=16"
    );
}

#[test]
fn rst_stream_rules() {
    let kind = FrameType::RST_STREAM;
    assert_connection_error(
        &raw(RST_STREAM, 0, 0, &[0, 0, 0, 8]),
        ErrorCode::PROTOCOL_ERROR,
        Violation::StreamZero { kind },
    );
    // §6.4: a length other than 4 is a connection FRAME_SIZE_ERROR.
    for len in [0, 3, 5] {
        assert_connection_error(
            &raw(RST_STREAM, 0, 1, &vec![0; len]),
            ErrorCode::FRAME_SIZE_ERROR,
            Violation::BadLength {
                kind,
                length: len as u32,
            },
        );
    }
    assert_eq!(
        one_frame(&raw(RST_STREAM, 0, 1, &[0, 0, 0, 8])),
        "RST_STREAM stream=1 len=4 error=CANCEL"
    );
    // An unknown code is kept as its number (§7).
    assert_eq!(
        one_frame(&raw(RST_STREAM, 0, 1, &[0, 0, 1, 0])),
        "RST_STREAM stream=1 len=4 error=UNKNOWN(0x100)"
    );
}

fn setting(id: u16, value: u32) -> Vec<u8> {
    let mut p = id.to_be_bytes().to_vec();
    p.extend(value.to_be_bytes());
    p
}

#[test]
fn settings_rules() {
    let kind = FrameType::SETTINGS;
    assert_connection_error(
        &raw(SETTINGS, 0, 1, &[]),
        ErrorCode::PROTOCOL_ERROR,
        Violation::NotStreamZero { kind, stream: 1 },
    );
    // §6.5: an ACK with a payload, or a length not a multiple of 6.
    assert_connection_error(
        &raw(SETTINGS, 0x1, 0, &setting(3, 100)),
        ErrorCode::FRAME_SIZE_ERROR,
        Violation::SettingsAckWithPayload { length: 6 },
    );
    assert_connection_error(
        &raw(SETTINGS, 0, 0, &[0, 3, 0, 0, 0]),
        ErrorCode::FRAME_SIZE_ERROR,
        Violation::BadLength { kind, length: 5 },
    );
    // §6.5.2's ranges, each at both sides of its edge.
    let bad = |id: u16, value: u32, code: ErrorCode| {
        let e = connection_error(&raw(SETTINGS, 0, 0, &setting(id, value)));
        assert_eq!(e.code(), code, "{e}");
    };
    let good = |id: u16, value: u32| {
        one_frame(&raw(SETTINGS, 0, 0, &setting(id, value)));
    };
    bad(0x2, 2, ErrorCode::PROTOCOL_ERROR); // ENABLE_PUSH
    good(0x2, 1);
    bad(0x4, 1 << 31, ErrorCode::FLOW_CONTROL_ERROR); // INITIAL_WINDOW_SIZE
    good(0x4, (1 << 31) - 1);
    bad(0x5, 16_383, ErrorCode::PROTOCOL_ERROR); // MAX_FRAME_SIZE
    good(0x5, 16_384);
    good(0x5, (1 << 24) - 1);
    bad(0x5, 1 << 24, ErrorCode::PROTOCOL_ERROR);
    bad(0x8, 2, ErrorCode::PROTOCOL_ERROR); // ENABLE_CONNECT_PROTOCOL (RFC 8441)
    good(0x8, 1);
    bad(0x9, 2, ErrorCode::PROTOCOL_ERROR); // NO_RFC7540_PRIORITIES (RFC 9218)
    good(0x1, u32::MAX); // HEADER_TABLE_SIZE: any value
    good(0x3, 0); // MAX_CONCURRENT_STREAMS: 0 is allowed (§6.5.2)
    // Unknown identifiers are kept for the trace and otherwise ignored.
    let mut payload = setting(0x3, 100);
    payload.extend(setting(0xabcd, 7));
    assert_eq!(
        one_frame(&raw(SETTINGS, 0, 0, &payload)),
        "SETTINGS stream=0 len=12 MAX_CONCURRENT_STREAMS=100 0xabcd=7"
    );
    assert_eq!(
        one_frame(&raw(SETTINGS, 0x1, 0, &[])),
        "SETTINGS stream=0 len=0 flags=ACK"
    );
}

#[test]
fn push_promise_is_refused() {
    // We never enable push; a client may not push at all (§8.4). Refused at
    // the header, whatever follows.
    let mut payload = vec![0, 0, 0, 2];
    payload.push(0x82);
    assert_connection_error(
        &raw(PUSH_PROMISE, 0x4, 1, &payload),
        ErrorCode::PROTOCOL_ERROR,
        Violation::PushPromise,
    );
    let mut d = FrameDecoder::frames();
    assert_eq!(
        d.decode(&raw(PUSH_PROMISE, 0x4, 1, &payload)[..9])
            .unwrap_err()
            .0,
        Violation::PushPromise
    );
}

#[test]
fn ping_rules() {
    let kind = FrameType::PING;
    assert_connection_error(
        &raw(PING, 0, 1, &[0; 8]),
        ErrorCode::PROTOCOL_ERROR,
        Violation::NotStreamZero { kind, stream: 1 },
    );
    for len in [0, 7, 9] {
        assert_connection_error(
            &raw(PING, 0, 0, &vec![0; len]),
            ErrorCode::FRAME_SIZE_ERROR,
            Violation::BadLength {
                kind,
                length: len as u32,
            },
        );
    }
    assert_eq!(
        one_frame(&raw(PING, 0x1, 0, &[1, 2, 3, 4, 5, 6, 7, 8])),
        "PING stream=0 len=8 flags=ACK opaque=0102030405060708"
    );
}

#[test]
fn goaway_rules() {
    let kind = FrameType::GOAWAY;
    assert_connection_error(
        &raw(GOAWAY, 0, 3, &[0; 8]),
        ErrorCode::PROTOCOL_ERROR,
        Violation::NotStreamZero { kind, stream: 3 },
    );
    assert_connection_error(
        &raw(GOAWAY, 0, 0, &[0; 7]),
        ErrorCode::FRAME_SIZE_ERROR,
        Violation::BadLength { kind, length: 7 },
    );
    // The reserved bit of Last-Stream-ID is ignored; debug data is kept.
    let mut payload = vec![0x80, 0, 0, 5, 0, 0, 0, 1];
    payload.extend(b"bad frame");
    assert_eq!(
        one_frame(&raw(GOAWAY, 0, 0, &payload)),
        "GOAWAY stream=0 len=17 last_stream=5 error=PROTOCOL_ERROR debug=\"bad frame\""
    );
}

#[test]
fn window_update_rules() {
    let kind = FrameType::WINDOW_UPDATE;
    // §6.9: a length other than 4 is a connection error, on any stream.
    for (len, stream) in [(3, 0), (5, 0), (3, 1), (0, 7)] {
        assert_connection_error(
            &raw(WINDOW_UPDATE, 0, stream, &vec![0; len]),
            ErrorCode::FRAME_SIZE_ERROR,
            Violation::BadLength {
                kind,
                length: len as u32,
            },
        );
    }
    // An increment of 0: the connection's error on stream 0, else the stream's.
    assert_connection_error(
        &raw(WINDOW_UPDATE, 0, 0, &[0; 4]),
        ErrorCode::PROTOCOL_ERROR,
        Violation::ZeroWindowIncrement,
    );
    assert_stream_error(
        &raw(WINDOW_UPDATE, 0, 3, &[0; 4]),
        3,
        ErrorCode::PROTOCOL_ERROR,
    );
    // The reserved bit is ignored: 0x80000000 is an increment of 0.
    assert_stream_error(
        &raw(WINDOW_UPDATE, 0, 3, &[0x80, 0, 0, 0]),
        3,
        ErrorCode::PROTOCOL_ERROR,
    );
    assert_eq!(
        one_frame(&raw(WINDOW_UPDATE, 0, 3, &[0xff, 0xff, 0xff, 0xff])),
        "WINDOW_UPDATE stream=3 len=4 increment=2147483647"
    );
}

#[test]
fn continuation_rules() {
    let headers_open = raw(HEADERS, 0, 1, b"\x82");
    let more = raw(CONTINUATION, 0x4, 1, b"\x84");
    // A proper block: HEADERS without END_HEADERS, then CONTINUATION.
    let mut ok = headers_open.clone();
    ok.extend(&more);
    ok.extend(raw(PING, 0, 0, &[0; 8]));
    assert_eq!(decode_all(FrameDecoder::frames(), &ok).unwrap().len(), 3);
    // §6.10: CONTINUATION with nothing open.
    assert_connection_error(
        &more,
        ErrorCode::PROTOCOL_ERROR,
        Violation::UnexpectedContinuation { stream: 1 },
    );
    // §4.3: anything else inside the block: another type, another stream,
    // stream 0, or an unknown type (§5.5).
    for (kind, stream) in [
        (PING, 0),
        (DATA, 1),
        (HEADERS, 3),
        (CONTINUATION, 3),
        (CONTINUATION, 0),
        (0xee, 1),
    ] {
        let mut bad = headers_open.clone();
        bad.extend(raw(kind, 0x4, stream, &[0; 8]));
        assert_connection_error(
            &bad,
            ErrorCode::PROTOCOL_ERROR,
            Violation::ExpectedContinuation {
                stream: 1,
                got: FrameType(kind),
                on: stream,
            },
        );
    }
    assert_connection_error(
        &raw(CONTINUATION, 0x4, 0, b""),
        ErrorCode::PROTOCOL_ERROR,
        Violation::UnexpectedContinuation { stream: 0 },
    );
}

#[test]
fn unknown_types_and_flags_are_ignored() {
    // §4.1, §5.5: an unknown type is returned (for the trace) and skipped; the
    // next frame decodes. Unknown flag bits on a known type change nothing.
    let mut input = raw(0xee, 0xff, 9, b"extension");
    input.extend(raw(DATA, 0x40 | 0x1, 1, b"x"));
    let items = decode_all(FrameDecoder::frames(), &input).unwrap();
    assert_eq!(
        items[0].line,
        "UNKNOWN(0xee) stream=9 len=9 flags=0xff (unknown type, ignored)"
    );
    assert_eq!(items[1].line, "DATA stream=1 len=1 flags=END_STREAM data=1");
    assert_eq!(
        items[1].bytes,
        raw(DATA, 0x1, 1, b"x"),
        "sent again without the unknown bit"
    );
    // The reserved bit of the stream identifier is ignored (§4.1).
    let mut reserved = raw(DATA, 0, 1, b"x");
    reserved[5] |= 0x80;
    assert_eq!(one_frame(&reserved), "DATA stream=1 len=1 data=1");
}

#[test]
fn the_preface_and_settings_come_first() {
    let settings = raw(SETTINGS, 0, 0, &[]);
    // §3.4 for a server: the 24 octets, then a SETTINGS frame.
    let mut good = PREFACE.to_vec();
    good.extend(&settings);
    let items = decode_all(FrameDecoder::server(), &good).unwrap();
    assert_eq!(
        items[0].line,
        "client preface \"PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n\""
    );
    assert_eq!(items[1].line, "SETTINGS stream=0 len=0");
    // HTTP/1.1 on an h2c port fails at its first octet.
    let e = decode_all(FrameDecoder::server(), b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap_err();
    assert_eq!(
        (e.code(), e.0),
        (ErrorCode::PROTOCOL_ERROR, Violation::BadPreface { at: 0 })
    );
    // The preface then anything but SETTINGS (an ACK is not the preface).
    for first in [raw(PING, 0, 0, &[0; 8]), raw(SETTINGS, 0x1, 0, &[])] {
        let mut bad = PREFACE.to_vec();
        bad.extend(&first);
        let e = decode_all(FrameDecoder::server(), &bad).unwrap_err();
        assert!(
            matches!(e.0, Violation::FirstFrameNotSettings { .. }),
            "{e}"
        );
    }
    // A client expects the server's SETTINGS first, with no preface string.
    assert!(decode_all(FrameDecoder::client(), &settings).is_ok());
    assert!(decode_all(FrameDecoder::client(), &raw(PING, 0, 0, &[0; 8])).is_err());
}

#[test]
fn field_blocks_are_joined_within_a_limit_and_split_to_fit() {
    // A 40,000-octet block split for a peer with 16,384-octet frames: a
    // HEADERS and two CONTINUATIONs, END_HEADERS only on the last.
    let block: Vec<u8> = (0..40_000u32).map(|i| i as u8).collect();
    let mut wire = Vec::new();
    encode_field_block(1, &block, true, 16_384, &mut wire);
    let lines: Vec<String> = decode_all(FrameDecoder::frames(), &wire)
        .unwrap()
        .into_iter()
        .map(|i| i.line)
        .collect();
    assert_eq!(
        lines,
        [
            "HEADERS stream=1 len=16384 flags=END_STREAM fragment=16384",
            "CONTINUATION stream=1 len=16384 fragment=16384",
            "CONTINUATION stream=1 len=7232 flags=END_HEADERS fragment=7232",
        ]
    );
    // Joined again, with a limit the block fits and one it does not.
    for (limit, fits) in [(40_000, true), (39_999, false)] {
        let mut assembler = FieldBlockAssembler::new(limit);
        let mut decoder = FrameDecoder::frames();
        let mut at = 0;
        let mut result = None;
        while at < wire.len() {
            let (n, found) = decoder.decode(&wire[at..]).unwrap();
            at += n;
            let done = match found {
                Some(Decoded::Frame(Frame::Headers(h))) => assembler.headers(&h),
                Some(Decoded::Frame(Frame::Continuation(c))) => assembler.continuation(&c),
                other => panic!("{other:?}"),
            };
            match done {
                Ok(Some(b)) => result = Some(Ok((b.stream, b.end_stream, b.block.to_vec()))),
                Ok(None) => {}
                Err(e) => {
                    result = Some(Err(e));
                    break;
                }
            }
        }
        match result.unwrap() {
            Ok(joined) => {
                assert!(fits);
                assert_eq!(joined, (1, true, block.clone()));
            }
            Err(e) => {
                assert!(!fits);
                assert_eq!(e.code(), ErrorCode::ENHANCE_YOUR_CALM);
            }
        }
    }
    // A block that fits one frame is handed over without a copy.
    let mut wire = Vec::new();
    encode_field_block(3, b"\x82\x84", false, 16_384, &mut wire);
    let mut decoder = FrameDecoder::frames();
    let (_, found) = decoder.decode(&wire).unwrap();
    let Some(Decoded::Frame(Frame::Headers(h))) = found else {
        panic!()
    };
    let mut assembler = FieldBlockAssembler::default();
    let b = assembler.headers(&h).unwrap().unwrap();
    assert_eq!(
        b.block.as_ptr(),
        wire[9..].as_ptr(),
        "borrowed from the input"
    );
}

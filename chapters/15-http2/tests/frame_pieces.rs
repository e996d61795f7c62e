//! The decoder takes bytes in whatever pieces a read returns: a conversation
//! cut at every byte boundary, fed a byte at a time, and cut at random must
//! decode to exactly what it decodes to in one piece, errors included, and the
//! decoder never holds more than one frame's worth of bytes.

mod common;

use ch15_http2::ErrorCode;
use ch15_http2::frame::{
    Continuation, Data, Frame, FrameDecoder, GoAway, HEADER_LEN, Headers, PREFACE, Ping, Priority,
    PriorityFields, RstStream, Setting, SettingId, Settings, WindowUpdate,
};
use common::{Item, Rng, decode_all, feed, raw};

/// A client's side of a conversation: every frame type we accept, padding,
/// a field block across two frames, an extension frame and a stream error.
fn conversation() -> Vec<u8> {
    let mut out = PREFACE.to_vec();
    let frames = [
        Frame::Settings(Settings::new(vec![
            Setting::new(SettingId::HEADER_TABLE_SIZE, 4096),
            Setting::new(SettingId::ENABLE_PUSH, 0),
            Setting::new(SettingId::INITIAL_WINDOW_SIZE, 6_291_456),
        ])),
        Frame::WindowUpdate(WindowUpdate {
            stream: 0,
            increment: 15_663_105,
        }),
        Frame::Settings(Settings::ack()),
        Frame::Headers(Headers {
            stream: 1,
            end_stream: false,
            end_headers: false,
            priority: Some(PriorityFields {
                exclusive: true,
                depends_on: 0,
                weight: 255,
            }),
            fragment: &[0x82, 0x86, 0x84],
            pad: None,
        }),
        Frame::Continuation(Continuation {
            stream: 1,
            end_headers: true,
            fragment: &[0x41, 0x8a, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        }),
        Frame::Data(Data {
            stream: 1,
            end_stream: false,
            data: &[b'x'; 300],
            pad: Some(20),
        }),
        Frame::Priority(Priority {
            stream: 3,
            fields: PriorityFields {
                exclusive: false,
                depends_on: 1,
                weight: 15,
            },
        }),
        Frame::Ping(Ping {
            ack: false,
            opaque: *b"pingpong",
        }),
        Frame::Data(Data {
            stream: 1,
            end_stream: true,
            data: &[],
            pad: None,
        }),
        Frame::RstStream(RstStream {
            stream: 1,
            code: ErrorCode::CANCEL,
        }),
        Frame::GoAway(GoAway {
            last_stream: 0,
            code: ErrorCode::NO_ERROR,
            debug: b"bye",
        }),
    ];
    for (i, frame) in frames.iter().enumerate() {
        frame.encode(&mut out);
        if i == 5 {
            // An extension frame, and a PRIORITY of the wrong length (a
            // stream error: decoding goes on).
            out.extend(raw(0xfa, 0x3, 5, b"extension"));
            out.extend(raw(0x2, 0, 7, &[0, 0, 0, 1]));
        }
    }
    out
}

/// Feeds `pieces` one after another to a fresh server decoder.
fn in_pieces<'a>(pieces: impl IntoIterator<Item = &'a [u8]>) -> (Vec<Item>, Option<String>) {
    let mut decoder = FrameDecoder::server();
    let mut items = Vec::new();
    for piece in pieces {
        if let Err(e) = feed(&mut decoder, piece, &mut items) {
            return (items, Some(e.to_string()));
        }
        assert!(
            decoder.buffered() <= HEADER_LEN + 16_384,
            "at most one frame held"
        );
    }
    (items, None)
}

#[test]
fn a_conversation_in_one_piece() {
    let input = conversation();
    let items = decode_all(FrameDecoder::server(), &input).unwrap();
    let lines: Vec<&str> = items.iter().map(|i| i.line.as_str()).collect();
    for line in &lines {
        eprintln!("{line}");
    }
    assert_eq!(lines.len(), 14);
    assert_eq!(
        lines[6],
        "DATA stream=1 len=321 flags=PADDED data=300 padding=21"
    );
    assert_eq!(
        lines[8],
        "stream 7 error FRAME_SIZE_ERROR: a PRIORITY frame of 4 octets (§6)"
    );
}

#[test]
fn cut_at_every_byte_boundary() {
    let input = conversation();
    let whole = in_pieces([&input[..]]);
    assert_eq!(whole.1, None);
    for cut in 0..=input.len() {
        let (a, b) = input.split_at(cut);
        assert_eq!(in_pieces([a, b]), whole, "cut at {cut}");
    }
}

#[test]
fn one_byte_at_a_time() {
    let input = conversation();
    let whole = in_pieces([&input[..]]);
    assert_eq!(in_pieces(input.chunks(1)), whole);
}

#[test]
fn random_pieces() {
    let input = conversation();
    let whole = in_pieces([&input[..]]);
    let mut rng = Rng::new(15);
    for _ in 0..300 {
        let mut pieces = Vec::new();
        let mut at = 0;
        while at < input.len() {
            let len = (1 + rng.below(40)).min(input.len() - at);
            pieces.push(&input[at..at + len]);
            at += len;
        }
        assert_eq!(in_pieces(pieces), whole);
    }
}

#[test]
fn an_error_is_the_same_error_wherever_the_cut() {
    // The conversation, then a WINDOW_UPDATE of 3 octets: a connection error
    // reported after everything before it, however the bytes arrive.
    let mut input = conversation();
    input.extend(raw(0x8, 0, 0, &[0, 0, 1]));
    input.extend(raw(0x6, 0, 0, &[0; 8])); // never reached
    let whole = in_pieces([&input[..]]);
    assert_eq!(
        whole.1.as_deref(),
        Some("connection error FRAME_SIZE_ERROR: a WINDOW_UPDATE frame of 3 octets (§6)")
    );
    for cut in 0..=input.len() {
        let (a, b) = input.split_at(cut);
        assert_eq!(in_pieces([a, b]), whole, "cut at {cut}");
    }
    assert_eq!(in_pieces(input.chunks(1)), whole);
}

#[test]
fn a_full_size_frame_a_byte_at_a_time() {
    let payload: Vec<u8> = (0..16_384u32).map(|i| (i * 7) as u8).collect();
    let frame = raw(0x0, 0x1, 9, &payload);
    let mut decoder = FrameDecoder::frames();
    let mut items = Vec::new();
    let mut most = 0;
    for byte in frame.chunks(1) {
        feed(&mut decoder, byte, &mut items).unwrap();
        most = most.max(decoder.buffered());
    }
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].bytes, frame);
    assert_eq!(
        most,
        frame.len() - 1,
        "the last octet completes the frame, unbuffered"
    );
    assert_eq!(
        decoder.buffered(),
        0,
        "nothing is held once the frame is out"
    );
}

//! Every frame type encoded and decoded back, on thousands of generated
//! frames: `decode(encode(f)) == f`, and encoding what was decoded gives the
//! same bytes. Frames that arrive whole are handed out where they lie.

mod common;

use ch15_http2::ErrorCode;
use ch15_http2::frame::{
    Continuation, Data, Decoded, Frame, FrameDecoder, FrameHeader, FrameType, GoAway, Headers,
    Ping, Priority, PriorityFields, RstStream, Setting, SettingId, Settings, Unknown, WindowUpdate,
};
use common::Rng;

fn pad(rng: &mut Rng) -> Option<u8> {
    rng.one_in(3).then(|| rng.below(256) as u8)
}

fn stream(rng: &mut Rng) -> u32 {
    1 + rng.below((1 << 31) - 1) as u32
}

fn priority(rng: &mut Rng, not: u32) -> PriorityFields {
    let mut depends_on = rng.below(1 << 31) as u32;
    if depends_on == not {
        depends_on = 0;
    }
    PriorityFields {
        exclusive: rng.one_in(2),
        depends_on,
        weight: rng.below(256) as u8,
    }
}

/// A valid frame of a random type, its variable parts taken from `bytes`.
/// (No CONTINUATION without its HEADERS, no PUSH_PROMISE: the decoder's
/// sequence rules are tested elsewhere; here each HEADERS ends its block.)
fn random_frame<'a>(rng: &mut Rng, bytes: &'a [u8]) -> Frame<'a> {
    let len = rng.below(bytes.len().min(3000));
    let slice = &bytes[..len];
    match rng.below(9) {
        0 => Frame::Data(Data {
            stream: stream(rng),
            end_stream: rng.one_in(2),
            data: slice,
            pad: pad(rng),
        }),
        1 => {
            let s = stream(rng);
            Frame::Headers(Headers {
                stream: s,
                end_stream: rng.one_in(2),
                end_headers: true,
                priority: rng.one_in(2).then(|| priority(rng, s)),
                fragment: slice,
                pad: pad(rng),
            })
        }
        2 => {
            let s = stream(rng);
            Frame::Priority(Priority {
                stream: s,
                fields: priority(rng, s),
            })
        }
        3 => Frame::RstStream(RstStream {
            stream: stream(rng),
            code: ErrorCode(rng.next_u64() as u32),
        }),
        4 => {
            if rng.one_in(4) {
                Frame::Settings(Settings::ack())
            } else {
                let params = (0..rng.below(8))
                    .map(|_| {
                        let id = [0x1, 0x3, 0x6, 0x4, 0x7, 0xffff][rng.below(6)];
                        let value = match id {
                            0x4 => rng.below(1 << 31) as u32,
                            _ => rng.next_u64() as u32,
                        };
                        Setting::new(SettingId(id), value)
                    })
                    .collect();
                Frame::Settings(Settings::new(params))
            }
        }
        5 => Frame::Ping(Ping {
            ack: rng.one_in(2),
            opaque: (rng.next_u64()).to_be_bytes(),
        }),
        6 => Frame::GoAway(GoAway {
            last_stream: rng.below(1 << 31) as u32,
            code: ErrorCode(rng.below(20) as u32),
            debug: slice,
        }),
        7 => Frame::WindowUpdate(WindowUpdate {
            stream: rng.below(1 << 31) as u32,
            increment: stream(rng),
        }),
        _ => Frame::Unknown(Unknown {
            header: FrameHeader {
                length: len as u32,
                kind: FrameType(10 + rng.below(246) as u8),
                flags: rng.below(256) as u8,
                stream: rng.below(1 << 31) as u32,
            },
            payload: slice,
        }),
    }
}

#[test]
fn every_type_round_trips() {
    let mut rng = Rng::new(9113);
    let bytes = rng.bytes(4096);
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..5000 {
        let frame = random_frame(&mut rng, &bytes);
        let mut wire = Vec::new();
        frame.encode(&mut wire);
        assert_eq!(wire.len(), 9 + frame.header().length as usize);
        let mut decoder = FrameDecoder::frames();
        let (n, found) = decoder
            .decode(&wire)
            .unwrap_or_else(|e| panic!("{e}: {frame:?}"));
        assert_eq!(n, wire.len());
        let Some(Decoded::Frame(back)) = found else {
            panic!("{found:?}")
        };
        assert_eq!(back, frame);
        let mut again = Vec::new();
        back.encode(&mut again);
        assert_eq!(again, wire);
        seen.insert(frame.kind().0.min(10));
    }
    assert_eq!(seen.len(), 9, "every generated type was met: {seen:?}");
}

#[test]
fn a_continuation_round_trips_after_its_headers() {
    let headers = Frame::Headers(Headers {
        stream: 1,
        end_stream: true,
        end_headers: false,
        priority: None,
        fragment: b"\x82\x86",
        pad: Some(3),
    });
    let continuation = Frame::Continuation(Continuation {
        stream: 1,
        end_headers: true,
        fragment: b"\x84",
    });
    let mut wire = Vec::new();
    headers.encode(&mut wire);
    continuation.encode(&mut wire);
    let mut decoder = FrameDecoder::frames();
    let (n, first) = decoder.decode(&wire).unwrap();
    assert_eq!(first, Some(Decoded::Frame(headers)));
    assert!(decoder.in_field_block());
    let (_, second) = decoder.decode(&wire[n..]).unwrap();
    assert_eq!(second, Some(Decoded::Frame(continuation)));
    assert!(!decoder.in_field_block());
}

#[test]
fn whole_frames_are_parsed_where_they_lie() {
    let mut wire = Vec::new();
    Frame::Data(Data {
        stream: 1,
        end_stream: false,
        data: b"in place",
        pad: None,
    })
    .encode(&mut wire);
    let mut decoder = FrameDecoder::frames();
    let (_, found) = decoder.decode(&wire).unwrap();
    let Some(Decoded::Frame(Frame::Data(d))) = found else {
        panic!()
    };
    assert_eq!(d.data.as_ptr(), wire[9..].as_ptr(), "no copy");
    assert_eq!(decoder.buffered(), 0);
}

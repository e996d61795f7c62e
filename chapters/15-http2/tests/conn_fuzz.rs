//! The connection against a seeded random client (no new dependency: the
//! xorshift of `common`): valid frames, broken frames, random octets, and a
//! random application answering, resetting and reading with random room.
//!
//! Whatever happens: no panic; every output decodes as a valid frame stream
//! for a client (our SETTINGS first, frames within its MAX_FRAME_SIZE,
//! header blocks that its HPACK decoder reads); no DATA beyond a window the
//! client granted, on the stream or on the connection; the streams in
//! progress never above our limit; the output the client has not read never
//! above its cap by more than one frame.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use ch15_http2::ErrorCode;
use ch15_http2::conn::{Event, H2Config};
use ch15_http2::frame::{
    Continuation, Data, Decoded, FieldBlockAssembler, Frame, FrameDecoder, GoAway, Headers,
    PREFACE, Ping, RstStream, Setting, SettingId, Settings, WindowUpdate,
};
use ch15_http2::hpack::{self, HeaderField};
use common::Rng;
use common::peer::{Peer, frame, get, post};

/// The client's view of its own windows: what it granted us.
struct Granted {
    initial: i64,
    connection: i64,
    streams: HashMap<u32, i64>,
}

/// A random field list: usually a good request, sometimes not.
fn request(rng: &mut Rng) -> Vec<HeaderField> {
    let mut fields = if rng.one_in(2) {
        get(&format!("/p{}", rng.below(5)))
    } else {
        post("/echo", rng.one_in(2).then(|| rng.below(100)))
    };
    match rng.below(12) {
        0 => fields.push(HeaderField::new("Upper", "x")),
        1 => fields.push(HeaderField::new("connection", "close")),
        2 => fields.remove(0).name.clear(),
        3 if rng.one_in(2) => fields.push(HeaderField::new("x-big", vec![b'b'; rng.below(70_000)])),
        4 => fields.insert(0, HeaderField::new("accept", "*/*")),
        _ => fields.push(HeaderField::new(format!("x-{}", rng.below(50)), "v")),
    }
    fields
}

#[test]
fn random_clients_never_break_the_invariants() {
    let mut rng = Rng::new(0x15_2026);
    let (mut frames_in, mut failed, mut requests) = (0usize, 0usize, 0usize);
    let mut reasons = std::collections::BTreeMap::new();
    for _ in 0..300 {
        let config = H2Config {
            max_concurrent_streams: 1 + rng.below(8) as u32,
            max_send_queue: 1 + rng.below(40_000),
            max_output_backlog: 2_000 + rng.below(20_000),
            ..H2Config::default()
        };
        let max_streams = config.max_concurrent_streams as usize;
        let backlog = config.max_output_backlog;
        let mut p = Peer::new(config);
        let client_frame = [16_384u32, 20_000, 1 << 20][rng.below(3)];
        let initial = [0u32, 100, 65_535, 1 << 20][rng.below(4)];
        let mut granted = Granted {
            initial: i64::from(initial),
            connection: 65_535,
            streams: HashMap::new(),
        };
        // `Peer::new` read our SETTINGS already: frames from here on.
        let mut client_frames = FrameDecoder::frames();
        client_frames.set_max_frame_size(client_frame);
        let mut client_blocks = FieldBlockAssembler::new(1 << 22);
        let mut client_hpack = hpack::Decoder::new(4096, 1 << 22);
        let mut encoder = hpack::Encoder::default();
        let mut wire = PREFACE.to_vec();
        wire.extend(frame(&Frame::Settings(Settings::new(vec![
            Setting::new(SettingId::MAX_FRAME_SIZE, client_frame),
            Setting::new(SettingId::INITIAL_WINDOW_SIZE, initial),
        ]))));
        let mut next_id = 1u32;
        let mut live: Vec<u32> = Vec::new();
        for _ in 0..150 {
            // The client does something.
            // Mostly what a client may do; one action in 250 breaks the
            // connection on purpose (and malformed requests break a stream).
            let old = (!live.is_empty()).then(|| live[rng.below(live.len())]);
            let action = if rng.one_in(250) {
                30 + rng.below(6)
            } else {
                rng.below(30)
            };
            match action {
                0..=9 => {
                    let id = match old {
                        Some(id) if rng.one_in(4) => id, // trailers, or a late HEADERS
                        _ => next_id,
                    };
                    let mut block = Vec::new();
                    encoder.encode(&request(&mut rng), &mut block);
                    let end = rng.one_in(2);
                    let size = [16_384, 100][rng.below(2)];
                    let mut out = Vec::new();
                    ch15_http2::frame::encode_field_block(id, &block, end, size, &mut out);
                    wire.extend(out);
                    if id == next_id {
                        live.push(id);
                        granted.streams.insert(id, granted.initial);
                        next_id += 2;
                    }
                }
                10..=17 => {
                    let Some(id) = old else { continue };
                    let len = rng.below(16_385);
                    wire.extend(frame(&Frame::Data(Data {
                        stream: id,
                        end_stream: rng.one_in(3),
                        data: &vec![1; len],
                        pad: (len < 16_000 && rng.one_in(4)).then(|| rng.below(256) as u8),
                    })));
                }
                18..=23 => {
                    let stream = match old {
                        Some(id) if rng.one_in(2) => id,
                        _ => 0,
                    };
                    let increment = 1 + rng.below(100_000) as u32;
                    wire.extend(frame(&Frame::WindowUpdate(WindowUpdate {
                        stream,
                        increment,
                    })));
                    if stream == 0 {
                        granted.connection += i64::from(increment);
                    } else if let Some(w) = granted.streams.get_mut(&stream) {
                        *w += i64::from(increment);
                    }
                }
                24..=25 => {
                    let Some(id) = old else { continue };
                    wire.extend(frame(&Frame::RstStream(RstStream {
                        stream: id,
                        code: ErrorCode::CANCEL,
                    })));
                }
                26..=27 => wire.extend(frame(&Frame::Ping(Ping {
                    ack: rng.one_in(4),
                    opaque: [rng.below(256) as u8; 8],
                }))),
                28 => wire.extend(frame(&Frame::Settings(Settings::new(vec![Setting::new(
                    SettingId::HEADER_TABLE_SIZE,
                    rng.below(8192) as u32,
                )])))),
                29 => wire.extend(common::raw(
                    0x2,
                    0,
                    next_id + 2 * rng.below(3) as u32,
                    &[0, 0, 0, 0, 16],
                )),
                30 => wire.extend(frame(&Frame::Continuation(Continuation {
                    stream: next_id,
                    end_headers: rng.one_in(2),
                    fragment: &[0x82],
                }))),
                31 => {
                    let (kind, flags, len) =
                        (rng.below(20) as u8, rng.below(256) as u8, rng.below(20));
                    let payload = rng.bytes(len);
                    wire.extend(common::raw(kind, flags, old.unwrap_or(0), &payload));
                }
                32 => {
                    let len = rng.below(30);
                    wire.extend(rng.bytes(len));
                }
                33 => {
                    let len = rng.below(10);
                    let fragment = rng.bytes(len);
                    wire.extend(frame(&Frame::Headers(Headers {
                        stream: next_id,
                        end_stream: true,
                        end_headers: true,
                        priority: None,
                        fragment: &fragment,
                        pad: None,
                    })));
                }
                34 => wire.extend(frame(&Frame::GoAway(GoAway {
                    last_stream: 0,
                    code: ErrorCode::NO_ERROR,
                    debug: b"",
                }))),
                _ => wire.extend(frame(&Frame::Data(Data {
                    stream: next_id,
                    end_stream: false,
                    data: b"idle",
                    pad: None,
                }))),
            }
            // It arrives in random pieces.
            while !wire.is_empty() {
                let n = (1 + rng.below(wire.len().min(5_000))).min(wire.len());
                let piece: Vec<u8> = wire.drain(..n).collect();
                frames_in += 1;
                if p.conn.feed(&piece, p.now).is_err() {
                    wire.clear();
                }
            }
            // The application answers, resets, consumes.
            while let Some(event) = p.conn.next_event() {
                match event {
                    Event::Request { stream, .. } => {
                        requests += 1;
                        let fields = [HeaderField::new(":status", "200")];
                        let _ = p.conn.send_headers(stream, &fields, rng.one_in(5));
                        let body = vec![2; rng.below(50_000)];
                        let _ = p.conn.send_data(stream, &body, rng.one_in(2));
                    }
                    // Half the time the application reads what came.
                    Event::Data { stream, data, .. } if rng.one_in(2) => {
                        p.conn.data_consumed(stream, data.len());
                    }
                    Event::SendReady { stream } => {
                        if rng.one_in(3) {
                            p.conn.reset(stream, ErrorCode::CANCEL);
                        } else {
                            let _ = p.conn.send_data(stream, &[3; 700], rng.one_in(2));
                        }
                    }
                    _ => {}
                }
            }
            assert!(p.conn.active_streams() <= max_streams);
            // The client reads with random room, or not at all.
            if rng.one_in(4) {
                continue;
            }
            let room = [0, 1, 100, 20_000, usize::MAX][rng.below(5)];
            let out = p.conn.pending_output(room).to_vec();
            p.conn.consumed_output(out.len());
            check_output(
                &out,
                &mut client_frames,
                &mut client_blocks,
                &mut client_hpack,
                &mut granted,
            );
            p.wait(Duration::from_millis(rng.below(100) as u64));
            if p.conn.failure().is_some() {
                break;
            }
        }
        // Never more unread than the cap plus what the last step added.
        let unread = p.conn.pending_output(0).len();
        assert!(unread <= backlog + 100_000, "{unread}");
        if let Some(e) = p.conn.failure() {
            failed += 1;
            *reasons.entry(e.code().to_string()).or_insert(0usize) += 1;
        }
    }
    eprintln!(
        "{frames_in} pieces fed, {requests} requests, {failed} of 300 connections ended in a connection error ({reasons:?})"
    );
    assert!(
        requests > 300 && failed > 30 && failed < 300,
        "the mix exercises both paths"
    );
}

/// Decodes what the server sent as the client would, and checks the windows.
fn check_output(
    out: &[u8],
    frames: &mut FrameDecoder,
    blocks: &mut FieldBlockAssembler,
    hpack: &mut hpack::Decoder,
    granted: &mut Granted,
) {
    let mut at = 0;
    while at < out.len() {
        let (n, found) = frames
            .decode(&out[at..])
            .unwrap_or_else(|e| panic!("the server sent a bad frame: {e}"));
        at += n;
        match found {
            Some(Decoded::Frame(Frame::Data(d))) => {
                let len = d.flow_controlled_len() as i64;
                granted.connection -= len;
                assert!(granted.connection >= 0, "DATA past the connection window");
                let w = granted
                    .streams
                    .get_mut(&d.stream)
                    .expect("DATA on a stream the client opened");
                *w -= len;
                assert!(*w >= 0, "DATA past stream {}'s window", d.stream);
            }
            Some(Decoded::Frame(Frame::Headers(h))) => {
                if let Some(b) = blocks.headers(&h).unwrap() {
                    hpack.decode(b.block).expect("our HPACK decodes");
                }
            }
            Some(Decoded::Frame(Frame::Continuation(c))) => {
                if let Some(b) = blocks.continuation(&c).unwrap() {
                    hpack.decode(b.block).expect("our HPACK decodes");
                }
            }
            Some(Decoded::StreamError(e)) => panic!("the server sent a broken frame: {e}"),
            _ => {}
        }
    }
}

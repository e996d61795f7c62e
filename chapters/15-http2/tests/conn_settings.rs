//! The connection preface and the SETTINGS exchange (RFC 9113 §3.4, §6.5):
//! what we announce first, what the client's SETTINGS change, when ours take
//! effect (at the ACK, not before), the ACK timeout, and PING.

mod common;

use std::time::Duration;

use ch15_http2::ErrorCode;
use ch15_http2::conn::{ConnError, H2Config, H2Conn};
use ch15_http2::frame::{
    ConnectionError, Decoded, Frame, FrameDecoder, PREFACE, Setting, SettingId, Settings, Violation,
};
use ch15_http2::hpack::{self, HeaderField};
use common::peer::{Got, Peer, frame, get, goaway};

#[test]
fn our_preface_is_settings_then_the_connection_window() {
    let now = std::time::Instant::now();
    let mut conn = H2Conn::new(H2Config::default(), now);
    let out = conn.pending_output(usize::MAX).to_vec();
    let lines = common::decode_all(FrameDecoder::client(), &out).unwrap();
    let lines: Vec<_> = lines.iter().map(|i| i.line.as_str()).collect();
    eprintln!("{}", lines.join("\n"));
    assert_eq!(
        lines,
        [
            "SETTINGS stream=0 len=12 MAX_CONCURRENT_STREAMS=100 MAX_HEADER_LIST_SIZE=65536",
            "WINDOW_UPDATE stream=0 len=4 increment=983041",
        ]
    );
}

#[test]
fn the_client_preface_and_its_settings_come_first() {
    // §3.4: the 24 octets, then a SETTINGS frame; anything else is PROTOCOL_ERROR.
    let mut p = Peer::new(H2Config::default());
    let e = p.send(b"GET / HTTP/1.1\r\n\r\n").unwrap_err();
    assert_eq!(
        e,
        ConnError::Frame(ConnectionError(Violation::BadPreface { at: 0 }))
    );
    assert_eq!(goaway(&p.read()), (0, ErrorCode::PROTOCOL_ERROR));

    let mut p = Peer::new(H2Config::default());
    let mut bytes = PREFACE.to_vec();
    bytes.extend(frame(&Frame::Ping(ch15_http2::frame::Ping {
        ack: false,
        opaque: [0; 8],
    })));
    let e = p.send(&bytes).unwrap_err();
    assert_eq!(e.code(), ErrorCode::PROTOCOL_ERROR);

    // In pieces of one octet, the same preface is fine.
    let mut p = Peer::new(H2Config::default());
    let mut bytes = PREFACE.to_vec();
    bytes.extend(frame(&Frame::Settings(Settings::new(vec![]))));
    for b in bytes {
        p.send(&[b]).unwrap();
    }
    assert_eq!(
        p.read(),
        [Got::Settings {
            ack: true,
            params: vec![]
        }]
    );
}

#[test]
fn an_unacknowledged_settings_times_out() {
    let mut p = Peer::new(H2Config::default());
    let mut bytes = PREFACE.to_vec();
    bytes.extend(frame(&Frame::Settings(Settings::new(vec![]))));
    p.send(&bytes).unwrap();
    let deadline = p.conn.deadline().expect("waiting for the ACK");
    assert_eq!(deadline, p.now + Duration::from_secs(10));
    p.conn.on_timer(p.now + Duration::from_secs(9)).unwrap();
    let e = p.conn.on_timer(deadline).unwrap_err();
    assert_eq!(e, ConnError::SettingsTimeout);
    let got = p.read();
    assert_eq!(goaway(&got), (0, ErrorCode::SETTINGS_TIMEOUT));
    assert_eq!(p.conn.deadline(), None);
    // Acknowledged in time, there is no deadline left.
    let p = Peer::ready(H2Config::default());
    assert_eq!(p.conn.deadline(), None);
}

#[test]
fn our_frame_size_applies_once_acknowledged() {
    // Until the client has our SETTINGS it may assume 16,384 (§6.5.3), and so
    // must we: a bigger frame before the ACK is a FRAME_SIZE_ERROR.
    let config = H2Config {
        max_frame_size: 32_768,
        ..H2Config::default()
    };
    let big = common::raw(0x0, 0, 1, &[7; 20_000]);
    let mut p = Peer::new(config.clone());
    let mut bytes = PREFACE.to_vec();
    bytes.extend(frame(&Frame::Settings(Settings::new(vec![]))));
    p.send(&bytes).unwrap();
    p.headers(1, &common::peer::post("/", None), false).unwrap();
    let e = p.send(&big).unwrap_err();
    assert_eq!(e.code(), ErrorCode::FRAME_SIZE_ERROR);

    let mut p = Peer::ready(config);
    p.headers(1, &common::peer::post("/", None), false).unwrap();
    p.send(&big).unwrap();
}

#[test]
fn a_smaller_table_of_ours_binds_the_client_after_the_ack() {
    // We lower SETTINGS_HEADER_TABLE_SIZE to 256: once acknowledged, the
    // client's next block must start with a table size update (RFC 7541 §4.2).
    let config = H2Config {
        header_table_size: 256,
        ..H2Config::default()
    };
    let mut p = Peer::ready(config.clone());
    let e = p.headers(1, &get("/"), true).unwrap_err();
    assert_eq!(e.code(), ErrorCode::COMPRESSION_ERROR);
    // A client that obeys the setting: its encoder announces the new size.
    let mut p = Peer::ready(config);
    let mut encoder = hpack::Encoder::default();
    encoder.set_peer_table_size(256);
    let mut block = Vec::new();
    encoder.encode(&get("/"), &mut block);
    assert_eq!(block[0] & 0xe0, 0x20, "starts with a size update");
    let mut bytes = Vec::new();
    ch15_http2::frame::encode_field_block(1, &block, true, 16_384, &mut bytes);
    p.send(&bytes).unwrap();
    assert_eq!(p.events().len(), 1);
}

#[test]
fn the_clients_settings_are_applied_and_acknowledged() {
    let mut p = Peer::ready(H2Config::default());
    p.settings(vec![
        Setting::new(SettingId::HEADER_TABLE_SIZE, 0),
        Setting::new(SettingId::MAX_FRAME_SIZE, 20_000),
        Setting::new(SettingId::INITIAL_WINDOW_SIZE, 1 << 20),
        Setting::new(SettingId(0xabcd), 1), // unknown: ignored (§6.5.2)
    ])
    .unwrap();
    assert_eq!(
        p.read(),
        [Got::Settings {
            ack: true,
            params: vec![]
        }]
    );
    assert_eq!(p.conn.peer_settings().max_frame_size, 20_000);
    p.window_update(0, 1 << 20).unwrap();
    p.headers(1, &get("/big"), true).unwrap();
    // A field too big for one frame goes in CONTINUATIONs; with a table size
    // of 0 the block begins with a size update to 0 and indexes nothing.
    let mut fields = vec![HeaderField::new(":status", "200")];
    fields.push(HeaderField::new("x-big", vec![b'a'; 40_000]));
    p.conn.send_headers(1, &fields, false).unwrap();
    p.conn.send_data(1, &vec![1; 50_000], true).unwrap();
    let out = p.conn.pending_output(usize::MAX).to_vec();
    p.conn.consumed_output(out.len());
    let mut decoder = FrameDecoder::frames();
    decoder.set_max_frame_size(20_000);
    let items = common::decode_all(decoder, &out).unwrap();
    let lines: Vec<_> = items.iter().map(|i| i.line.as_str()).collect();
    eprintln!("{}", lines.join("\n"));
    assert!(
        lines[0].starts_with("HEADERS stream=1 len=20000 fragment=20000"),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with("CONTINUATION stream=1 len=5"),
        "{lines:?}"
    );
    assert!(lines[1].contains("flags=END_HEADERS"), "{lines:?}");
    let data: Vec<_> = lines[2..].to_vec();
    assert_eq!(
        data,
        [
            "DATA stream=1 len=20000 data=20000",
            "DATA stream=1 len=20000 data=20000",
            "DATA stream=1 len=10000 flags=END_STREAM data=10000",
        ]
    );
    // The block starts with a size update to 0 (0x20), as §4.2 requires.
    let mut d = FrameDecoder::frames();
    d.set_max_frame_size(20_000);
    let (_, found) = d.decode(&out).unwrap();
    let Some(Decoded::Frame(Frame::Headers(h))) = found else {
        panic!()
    };
    assert_eq!(h.fragment[0], 0x20);
}

#[test]
fn pings_are_answered_with_their_payload() {
    let mut p = Peer::ready(H2Config::default());
    p.ping(*b"12345678").unwrap();
    assert_eq!(
        p.read(),
        [Got::Ping {
            ack: true,
            opaque: *b"12345678"
        }]
    );
    // An answer to a PING we never sent is ignored.
    p.send_frame(&Frame::Ping(ch15_http2::frame::Ping {
        ack: true,
        opaque: [9; 8],
    }))
    .unwrap();
    assert_eq!(p.read(), []);
}

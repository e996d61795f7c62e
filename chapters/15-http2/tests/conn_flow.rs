//! Flow control on both levels (RFC 9113 §5.2, §6.9): the windows we grant
//! and renew as the application consumes, the client's windows we never
//! exceed, SETTINGS_INITIAL_WINDOW_SIZE changing windows in flight, overflow
//! past 2^31-1, DATA cut to fit, and the streams sharing the connection:
//! round robin when the window opens, and one slow reader holding up only
//! its own stream.

mod common;

use ch15_http2::ErrorCode;
use ch15_http2::conn::{ConnError, Event, H2Config, ResetBy, SendError, StreamFault};
use ch15_http2::frame::{Data, Frame, Setting, SettingId};
use ch15_http2::hpack::HeaderField;
use common::peer::{Got, Peer, get, goaway, post, resets};

fn ok() -> Vec<HeaderField> {
    vec![HeaderField::new(":status", "200")]
}

/// `(stream, length)` of every DATA among `got`.
fn data(got: &[Got]) -> Vec<(u32, usize)> {
    got.iter()
        .filter_map(|g| match g {
            Got::Data { stream, data, .. } => Some((*stream, data.len())),
            _ => None,
        })
        .collect()
}

fn window_updates(got: &[Got]) -> Vec<(u32, u32)> {
    got.iter()
        .filter_map(|g| match g {
            Got::WindowUpdate { stream, increment } => Some((*stream, *increment)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_stream_that_sends_past_its_window_is_reset() {
    // 65,535 octets per stream (the default); the fourth 16 KiB frame is one too many.
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &post("/upload", None), false).unwrap();
    for _ in 0..3 {
        p.data(1, &[0; 16_384], false).unwrap();
    }
    p.data(1, &[0; 16_383], false).unwrap();
    assert_eq!(resets(&p.read()), []);
    p.data(1, &[0; 1], false).unwrap();
    assert_eq!(resets(&p.read()), [(1, ErrorCode::FLOW_CONTROL_ERROR)]);
    // The connection goes on.
    p.headers(3, &get("/"), true).unwrap();
    assert!(matches!(
        p.events().last(),
        Some(Event::Request { stream: 3, .. })
    ));
}

#[test]
fn a_client_that_sends_past_the_connection_window_fails_the_connection() {
    // A connection window of 65,535 and big stream windows and frames: one
    // 70,000-octet frame overruns the connection's window.
    let config = H2Config {
        connection_window: 65_535,
        initial_window_size: 1 << 20,
        max_frame_size: 1 << 20,
        ..H2Config::default()
    };
    let mut p = Peer::ready(config);
    p.headers(1, &post("/upload", None), false).unwrap();
    let e = p.data(1, &vec![0; 70_000], false).unwrap_err();
    assert_eq!(e, ConnError::FlowControl);
    assert_eq!(goaway(&p.read()), (1, ErrorCode::FLOW_CONTROL_ERROR));
}

#[test]
fn stream_windows_are_renewed_as_the_application_consumes() {
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &post("/upload", None), false).unwrap();
    for _ in 0..3 {
        p.data(1, &[0; 16_000], false).unwrap();
    }
    // Nothing consumed yet: no credit back for the stream.
    assert_eq!(window_updates(&p.read()), []);
    p.conn.data_consumed(1, 10_000);
    assert_eq!(window_updates(&p.read()), [], "under half the window: wait");
    p.conn.data_consumed(1, 38_000);
    assert_eq!(window_updates(&p.read()), [(1, 48_000)]);
    // Credit for the connection goes back on receipt, in halves of its
    // 1 MiB window, whatever the application does.
    for _ in 0..33 {
        p.data(1, &[0; 16_000], false).unwrap();
        p.conn.data_consumed(1, 16_000);
    }
    let updates = window_updates(&p.read());
    assert!(updates.contains(&(0, 528_000)), "{updates:?}");
}

#[test]
fn padding_is_credited_back_at_once() {
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &post("/upload", None), false).unwrap();
    // 200 octets of padding, 1 Pad Length octet, 10 of data: 211 from the window.
    for _ in 0..164 {
        p.send_frame(&Frame::Data(Data {
            stream: 1,
            end_stream: false,
            data: &[1; 10],
            pad: Some(200),
        }))
        .unwrap();
    }
    // 164 × 201 = 32,964 octets of padding, over half the stream's window,
    // go back at once, though the application has consumed nothing yet.
    assert_eq!(window_updates(&p.read()), [(1, 32_964)]);
    let events = p.events();
    assert!(
        events
            .iter()
            .skip(1)
            .all(|e| matches!(e, Event::Data { data, .. } if data.len() == 10))
    );
}

#[test]
fn we_never_send_past_the_clients_windows() {
    let config = H2Config {
        max_send_queue: 128 * 1024,
        ..H2Config::default()
    };
    let mut p = Peer::ready(config);
    p.headers(1, &get("/big"), true).unwrap();
    p.conn.send_headers(1, &ok(), false).unwrap();
    p.conn.send_data(1, &vec![7; 60_000], false).unwrap();
    p.conn.send_data(1, &vec![8; 40_000], true).unwrap();
    // 65,535 on the stream and on the connection, in frames of at most 16,384.
    let got = p.read();
    assert_eq!(
        data(&got),
        [(1, 16_384), (1, 16_384), (1, 16_384), (1, 16_383)]
    );
    assert_eq!(p.conn.connection_send_window(), 0);
    // More connection window alone does nothing: the stream's is shut too.
    p.window_update(0, 50_000).unwrap();
    assert_eq!(data(&p.read()), []);
    p.window_update(1, 50_000).unwrap();
    let got = p.read();
    assert_eq!(data(&got), [(1, 16_384), (1, 16_384), (1, 1_697)]);
    assert!(matches!(
        got.last(),
        Some(Got::Data {
            end_stream: true,
            ..
        })
    ));
    assert_eq!(p.conn.active_streams(), 0);
}

#[test]
fn a_new_initial_window_size_moves_open_streams_windows() {
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &get("/"), true).unwrap();
    p.conn.send_headers(1, &ok(), false).unwrap();
    p.settings(vec![Setting::new(SettingId::INITIAL_WINDOW_SIZE, 1_000)])
        .unwrap();
    p.conn.send_data(1, &vec![0; 5_000], false).unwrap();
    assert_eq!(data(&p.read()), [(1, 1_000)]);
    // Raised by 2,000: 2,000 more may go.
    p.settings(vec![Setting::new(SettingId::INITIAL_WINDOW_SIZE, 3_000)])
        .unwrap();
    assert_eq!(data(&p.read()), [(1, 2_000)]);
    // Lowered by 2,500 under a window of 0: it goes negative (§6.9.2), and a
    // WINDOW_UPDATE of 2,600 leaves 100.
    p.settings(vec![Setting::new(SettingId::INITIAL_WINDOW_SIZE, 500)])
        .unwrap();
    assert_eq!(p.conn.send_window(1), Some(-2_500));
    p.window_update(1, 2_600).unwrap();
    assert_eq!(data(&p.read()), [(1, 100)]);
}

#[test]
fn windows_may_not_pass_2_31_minus_1() {
    // A stream's window: that stream is reset (§6.9.1).
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &get("/"), true).unwrap();
    p.window_update(1, (1 << 31) - 1).unwrap();
    assert_eq!(resets(&p.read()), [(1, ErrorCode::FLOW_CONTROL_ERROR)]);
    assert!(matches!(
        p.events().last(),
        Some(Event::Reset {
            by: ResetBy::Us(StreamFault::WindowOverflow),
            ..
        })
    ));
    // The connection's window: the connection fails.
    let e = p.window_update(0, (1 << 31) - 1).unwrap_err();
    assert_eq!(e, ConnError::WindowOverflow);
    assert_eq!(goaway(&p.read()).1, ErrorCode::FLOW_CONTROL_ERROR);
    // A SETTINGS that would take an open stream's window past it (§6.9.2).
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &get("/"), true).unwrap();
    p.window_update(1, 1_000).unwrap();
    let e = p
        .settings(vec![Setting::new(
            SettingId::INITIAL_WINDOW_SIZE,
            (1 << 31) - 1,
        )])
        .unwrap_err();
    assert_eq!(e, ConnError::WindowOverflow);
}

#[test]
fn streams_take_turns_when_the_connection_window_opens() {
    let mut p = Peer::ready(H2Config::default());
    // Big stream windows, the connection's at its default 65,535.
    p.settings(vec![Setting::new(SettingId::INITIAL_WINDOW_SIZE, 1 << 20)])
        .unwrap();
    for id in [1, 3, 5] {
        p.headers(id, &get("/big"), true).unwrap();
        p.conn.send_headers(id, &ok(), false).unwrap();
        p.conn.send_data(id, &vec![0; 60_000], true).unwrap();
    }
    let got = p.read();
    assert_eq!(
        data(&got),
        [(1, 16_384), (3, 16_384), (5, 16_384), (1, 16_383)]
    );
    // The window opens: the next in line (3) goes first, and so on.
    p.window_update(0, 100_000).unwrap();
    let got = p.read();
    eprintln!("after WINDOW_UPDATE 100000: {:?}", data(&got));
    assert_eq!(
        data(&got),
        [
            (3, 16_384),
            (5, 16_384),
            (1, 16_384),
            (3, 16_384),
            (5, 16_384),
            (1, 10_849), // stream 1's last octets, with END_STREAM
            (3, 7_231),  // the rest of the window
        ]
    );
}

#[test]
fn a_slow_reader_of_one_stream_does_not_stall_the_others() {
    let config = H2Config {
        max_send_queue: 32 * 1024,
        ..H2Config::default()
    };
    let mut p = Peer::ready(config);
    p.window_update(0, 10 << 20).unwrap();
    for id in [1, 3] {
        p.headers(id, &get("/events"), true).unwrap();
        p.conn.send_headers(id, &ok(), false).unwrap();
    }
    p.read();
    let event = vec![b'e'; 1_000];
    let (mut full_on_1, mut sent_on_3) = (None, 0usize);
    for round in 0..500 {
        // Stream 1's client never renews its window; stream 3's always does.
        if full_on_1.is_none() {
            match p.conn.send_data(1, &event, false) {
                Ok(_) => {}
                Err(SendError::Full { queued }) => full_on_1 = Some((round, queued)),
                Err(e) => panic!("{e}"),
            }
        }
        p.conn.send_data(3, &event, false).unwrap();
        for (stream, len) in data(&p.read()) {
            if stream == 3 {
                sent_on_3 += len;
                p.window_update(3, len as u32).unwrap();
            }
        }
    }
    let (round, queued) = full_on_1.expect("stream 1's queue filled");
    eprintln!(
        "stream 1 full after {round} events ({queued} octets queued, window {:?}); stream 3 sent {sent_on_3}",
        p.conn.send_window(1)
    );
    assert_eq!(p.conn.send_window(1), Some(0));
    assert!(queued <= 32 * 1024);
    assert_eq!(sent_on_3, 500_000, "every event on stream 3 went out");
    // Stream 3's queue drains each round: the application hears SendReady.
    let ready = p
        .events()
        .iter()
        .filter(|e| matches!(e, Event::SendReady { stream: 3 }))
        .count();
    assert_eq!(ready, 500);
}

#[test]
fn data_is_made_only_when_the_transport_has_room() {
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &get("/big"), true).unwrap();
    p.conn.send_headers(1, &ok(), false).unwrap();
    p.conn.send_data(1, &vec![0; 60_000], true).unwrap();
    // Room for 1,000 octets: the HEADERS and one DATA frame, no more.
    let got = p.read_room(1_000);
    assert_eq!(data(&got), [(1, 16_384)]);
    assert_eq!(p.conn.queued(1), Some(60_000 - 16_384));
    let got = p.read_room(0);
    assert_eq!(data(&got), []);
}

//! Ending a connection (RFC 9113 §6.8): gracefully in two steps, on an error
//! at once, and when the client says goodbye.

mod common;

use std::time::Duration;

use ch15_http2::ErrorCode;
use ch15_http2::conn::{ConnError, Event, H2Config};
use ch15_http2::frame::{Frame, GoAway, Ping};
use ch15_http2::hpack::HeaderField;
use common::peer::{Got, Peer, get, goaway, resets};

fn ok() -> Vec<HeaderField> {
    vec![HeaderField::new(":status", "200")]
}

fn requests(events: &[Event]) -> Vec<u32> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Request { stream, .. } => Some(*stream),
            _ => None,
        })
        .collect()
}

#[test]
fn a_graceful_goaway_finishes_what_was_started() {
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &get("/a"), true).unwrap();
    p.headers(3, &get("/b"), true).unwrap();
    p.conn.goaway(ErrorCode::NO_ERROR, p.now);
    let got = p.read();
    eprintln!("{got:?}");
    // First: "no new streams" with the highest id possible, and a PING.
    assert_eq!(goaway(&got), ((1 << 31) - 1, ErrorCode::NO_ERROR));
    assert!(matches!(got[1], Got::Ping { ack: false, opaque } if &opaque == b"GOAWAY.."));
    // A request the client sent before it saw the GOAWAY is still served.
    p.headers(5, &get("/c"), true).unwrap();
    // The PING's answer: everything sent before the GOAWAY has arrived.
    p.send_frame(&Frame::Ping(Ping {
        ack: true,
        opaque: *b"GOAWAY..",
    }))
    .unwrap();
    assert_eq!(goaway(&p.read()), (5, ErrorCode::NO_ERROR));
    // Anything above 5 now is discarded: no event, no answer.
    p.headers(7, &get("/d"), true).unwrap();
    assert_eq!(requests(&p.events()), [1, 3, 5]);
    assert_eq!(p.read(), []);
    // The three are answered; then the connection is done.
    for id in [1, 3] {
        p.conn.send_headers(id, &ok(), true).unwrap();
    }
    assert!(!p.conn.is_done());
    p.conn.send_headers(5, &ok(), true).unwrap();
    assert!(!p.conn.is_done(), "output not taken yet");
    assert_eq!(p.read().len(), 3);
    assert!(p.conn.is_done());
}

#[test]
fn without_the_pings_answer_the_final_goaway_goes_after_a_timeout() {
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &get("/a"), true).unwrap();
    p.conn.goaway(ErrorCode::NO_ERROR, p.now);
    p.read();
    let deadline = p.conn.deadline().expect("the shutdown's deadline");
    assert_eq!(deadline, p.now + Duration::from_secs(1));
    p.conn.on_timer(deadline).unwrap();
    assert_eq!(goaway(&p.read()), (1, ErrorCode::NO_ERROR));
    assert_eq!(p.conn.deadline(), None);
}

#[test]
fn an_error_goaway_ends_everything_at_once() {
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &get("/a"), true).unwrap();
    p.conn.send_headers(1, &ok(), false).unwrap();
    p.conn.send_data(1, b"never sent", false).unwrap();
    p.conn.goaway(ErrorCode::INTERNAL_ERROR, p.now);
    let got = p.read();
    assert_eq!(goaway(&got), (1, ErrorCode::INTERNAL_ERROR));
    assert!(
        !got.iter().any(|g| matches!(g, Got::Data { .. })),
        "{got:?}"
    );
    assert!(p.conn.is_done());
    assert_eq!(
        p.headers(3, &get("/"), true).unwrap_err(),
        ConnError::Local(ErrorCode::INTERNAL_ERROR)
    );
}

#[test]
fn the_clients_goaway_is_reported_and_open_streams_finish() {
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &get("/a"), true).unwrap();
    p.send_frame(&Frame::GoAway(GoAway {
        last_stream: 0,
        code: ErrorCode::NO_ERROR,
        debug: b"bye",
    }))
    .unwrap();
    let events = p.events();
    assert_eq!(
        events[1],
        Event::GoAway {
            last_stream: 0,
            code: ErrorCode::NO_ERROR,
            debug: b"bye".to_vec()
        }
    );
    assert!(!p.conn.is_done(), "stream 1 is still open");
    p.conn.send_headers(1, &ok(), true).unwrap();
    p.read();
    assert!(p.conn.is_done());
    assert_eq!(resets(&p.read()), []);
}

//! The limits that keep a hostile client from making the server work, or
//! buffer, without end; each one reached, with the error it ends in. The
//! clock is the test's own (`Peer::wait`), so rates are exact.

mod common;

use std::time::Duration;

use ch15_http2::ErrorCode;
use ch15_http2::conn::{ConnError, Event, Flood, H2Config, Rate, ResetBy, StreamFault};
use ch15_http2::frame::{ConnectionError, Continuation, Frame, Headers, Settings, Violation};
use ch15_http2::hpack::HeaderField;
use common::peer::{Got, Peer, frame, get, goaway, post, resets};

/// Sends frames until one fails the connection; returns how many were
/// accepted before, and the error.
fn until_error(p: &mut Peer, most: usize, bytes: &[u8]) -> (usize, ConnError) {
    for n in 0..most {
        if let Err(e) = p.send(bytes) {
            return (n, e);
        }
    }
    panic!("{most} accepted, no error");
}

#[test]
fn a_continuation_flood_is_stopped_at_the_field_block_limit() {
    // The 2024 CONTINUATION flood: a HEADERS without END_HEADERS, then
    // CONTINUATIONs that never end. HPACK cannot decode the block before its
    // end, so the server would buffer it all: we refuse past 64 KiB.
    let mut p = Peer::ready(H2Config::default());
    p.send_frame(&Frame::Headers(Headers {
        stream: 1,
        end_stream: true,
        end_headers: false,
        priority: None,
        fragment: &[0x82],
        pad: None,
    }))
    .unwrap();
    let piece = frame(&Frame::Continuation(Continuation {
        stream: 1,
        end_headers: false,
        fragment: &[0; 16_384],
    }));
    let (accepted, e) = until_error(&mut p, 100, &piece);
    eprintln!("CONTINUATION flood: {accepted} frames of 16 KiB accepted, then {e}");
    assert_eq!(
        accepted, 3,
        "1 + 3 × 16,384 octets fit in 64 KiB, a fourth does not"
    );
    assert_eq!(
        e,
        ConnError::Frame(ConnectionError(Violation::FieldBlockTooLarge {
            limit: 65_536
        }))
    );
    assert_eq!(goaway(&p.read()), (0, ErrorCode::ENHANCE_YOUR_CALM));
}

#[test]
fn empty_continuations_are_a_flood_of_their_own() {
    // Empty fragments never reach the block limit; they are counted instead.
    let mut p = Peer::ready(H2Config::default());
    p.send_frame(&Frame::Headers(Headers {
        stream: 1,
        end_stream: true,
        end_headers: false,
        priority: None,
        fragment: &[0x82],
        pad: None,
    }))
    .unwrap();
    let empty = frame(&Frame::Continuation(Continuation {
        stream: 1,
        end_headers: false,
        fragment: &[],
    }));
    let (accepted, e) = until_error(&mut p, 10_000, &empty);
    assert_eq!((accepted, e), (200, ConnError::Flood(Flood::EmptyFrames)));
    assert_eq!(goaway(&p.read()).1, ErrorCode::ENHANCE_YOUR_CALM);
}

#[test]
fn rapid_reset_ends_the_connection() {
    // CVE-2023-44487: open a stream, cancel it, repeat, as fast as possible.
    let mut p = Peer::ready(H2Config::default());
    let mut opened = 0;
    let e = loop {
        let id = 2 * opened + 1;
        opened += 1;
        p.headers(id, &get("/events"), true).unwrap();
        if let Err(e) = p.rst(id, ErrorCode::CANCEL) {
            break e;
        }
        assert!(opened < 10_000, "never stopped");
    };
    eprintln!("rapid reset: {opened} streams opened and cancelled, then {e}");
    assert_eq!((opened, e), (201, ConnError::Flood(Flood::Resets)));
    assert_eq!(goaway(&p.read()), (401, ErrorCode::ENHANCE_YOUR_CALM));
}

#[test]
fn an_honest_pace_of_resets_is_fine() {
    // A browser cancelling a request now and then: 100 every 10 s for a minute.
    let mut p = Peer::ready(H2Config::default());
    for i in 0..600u32 {
        let id = 2 * i + 1;
        p.headers(id, &get("/page"), true).unwrap();
        p.rst(id, ErrorCode::CANCEL).unwrap();
        p.wait(Duration::from_millis(100));
    }
    assert!(p.conn.failure().is_none());
}

#[test]
fn streams_refused_past_the_limit_count_as_resets() {
    // A client that ignores MAX_CONCURRENT_STREAMS after acknowledging it.
    let config = H2Config {
        max_concurrent_streams: 10,
        ..H2Config::default()
    };
    let mut p = Peer::ready(config);
    for i in 0..10 {
        p.headers(2 * i + 1, &get("/events"), true).unwrap();
    }
    let mut refused = 0;
    let e = loop {
        let id = 2 * (10 + refused) + 1;
        match p.headers(id, &get("/events"), true) {
            Ok(()) => refused += 1,
            Err(e) => break e,
        }
    };
    assert_eq!((refused, e), (200, ConnError::Flood(Flood::Resets)));
    let got = p.read();
    assert_eq!(resets(&got).len(), 201);
    assert!(
        resets(&got)
            .iter()
            .all(|&(_, c)| c == ErrorCode::REFUSED_STREAM)
    );
}

#[test]
fn pings_from_a_peer_that_never_reads_are_capped() {
    // CVE-2019-9512: every PING wants an answer; a client that does not read
    // makes them pile up. The backlog limit (here 4 KiB) stops it.
    let config = H2Config {
        max_output_backlog: 4096,
        ..H2Config::default()
    };
    let mut p = Peer::ready(config);
    let ping = frame(&Frame::Ping(ch15_http2::frame::Ping {
        ack: false,
        opaque: [1; 8],
    }));
    let (accepted, e) = until_error(&mut p, 10_000, &ping);
    eprintln!("PING flood, never read: {accepted} answered (17 octets each), then {e}");
    assert_eq!(accepted, 4096 / 17);
    assert_eq!(e, ConnError::Flood(Flood::OutputBacklog));
}

#[test]
fn settings_from_a_peer_that_never_reads_are_capped() {
    // CVE-2019-9515, the same with SETTINGS and their ACKs (9 octets each).
    let config = H2Config {
        max_output_backlog: 4096,
        ..H2Config::default()
    };
    let mut p = Peer::ready(config);
    let settings = frame(&Frame::Settings(Settings::new(vec![])));
    let (accepted, e) = until_error(&mut p, 10_000, &settings);
    assert_eq!(
        (accepted, e),
        (4096 / 9, ConnError::Flood(Flood::OutputBacklog))
    );
}

#[test]
fn pings_from_a_peer_that_reads_are_rate_limited() {
    // Reading every answer does not make 10,001 PINGs in 10 s acceptable.
    let mut p = Peer::ready(H2Config::default());
    let mut n = 0;
    let e = loop {
        if let Err(e) = p.ping([2; 8]) {
            break e;
        }
        n += 1;
        p.read();
    };
    // The preface's SETTINGS was the first of the 10,000 allowed.
    assert_eq!((n, e), (9_999, ConnError::Flood(Flood::ControlFrames)));
}

#[test]
fn window_update_floods_are_rate_limited() {
    let mut p = Peer::ready(H2Config::default());
    let update = frame(&Frame::WindowUpdate(ch15_http2::frame::WindowUpdate {
        stream: 0,
        increment: 1,
    }));
    let (accepted, e) = until_error(&mut p, 20_000, &update);
    assert_eq!(
        (accepted, e),
        (9_999, ConnError::Flood(Flood::ControlFrames))
    );
}

#[test]
fn empty_data_frames_are_a_flood() {
    // CVE-2019-9518: frames that carry nothing cost a frame's work each.
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &post("/upload", None), false).unwrap();
    let empty = common::raw(0x0, 0, 1, &[]);
    let (accepted, e) = until_error(&mut p, 10_000, &empty);
    assert_eq!((accepted, e), (200, ConnError::Flood(Flood::EmptyFrames)));
    // So are PRIORITY frames, unknown frame types and unasked-for SETTINGS ACKs.
    for bytes in [
        common::raw(0x2, 0, 1, &[0, 0, 0, 0, 16]),
        common::raw(0xfa, 0, 0, b"grease"),
        frame(&Frame::Settings(Settings::ack())),
    ] {
        let mut p = Peer::ready(H2Config::default());
        let (accepted, e) = until_error(&mut p, 10_000, &bytes);
        assert_eq!((accepted, e), (200, ConnError::Flood(Flood::EmptyFrames)));
    }
}

#[test]
fn a_configured_rate_is_per_interval() {
    let config = H2Config {
        max_empty_frames: Rate::new(5, Duration::from_secs(1)),
        ..H2Config::default()
    };
    let mut p = Peer::ready(config);
    let priority = common::raw(0x2, 0, 1, &[0, 0, 0, 0, 16]);
    for _ in 0..20 {
        for _ in 0..5 {
            p.send(&priority).unwrap();
        }
        p.wait(Duration::from_secs(1));
    }
    for _ in 0..5 {
        p.send(&priority).unwrap();
    }
    assert!(p.send(&priority).is_err());
}

#[test]
fn a_header_list_too_large_is_answered_431_and_hpack_stays_in_step() {
    let config = H2Config {
        max_header_list_size: 1_000,
        ..H2Config::default()
    };
    let mut p = Peer::ready(config);
    // 1,200 octets of cookie; and a new field the table learns on the way.
    let mut big = get("/");
    big.push(HeaderField {
        name: b"x-client".to_vec(),
        value: b"scripted".to_vec(),
        never_indexed: false,
    });
    big.push(HeaderField::new("cookie", vec![b'c'; 1_200]));
    p.headers(1, &big, true).unwrap();
    let got = p.read();
    assert_eq!(got[0].status(), Some("431"));
    assert!(matches!(
        got[0],
        Got::Headers {
            end_stream: true,
            ..
        }
    ));
    assert_eq!(
        resets(&got),
        [],
        "the request was complete: nothing to cancel"
    );
    assert!(matches!(
        p.events()[..],
        [Event::Reset {
            stream: 1,
            code: ErrorCode::NO_ERROR,
            by: ResetBy::Us(StreamFault::HeaderListTooLarge { answered: true })
        }]
    ));
    // The next request names `x-client` by its table index: it decodes.
    let mut next = get("/next");
    next.push(HeaderField::new("x-client", "scripted"));
    p.headers(3, &next, true).unwrap();
    let events = p.events();
    let [
        Event::Request {
            stream: 3, head, ..
        },
    ] = &events[..]
    else {
        panic!("{events:?}")
    };
    assert_eq!(head.field("x-client"), Some(&b"scripted"[..]));
    // With a body still to come, the 431 is followed by RST_STREAM NO_ERROR
    // (§8.1: "stop sending, no error").
    p.headers(5, &big, false).unwrap();
    let got = p.read();
    assert_eq!(got[0].status(), Some("431"));
    assert_eq!(resets(&got), [(5, ErrorCode::NO_ERROR)]);
    p.data(5, b"ignored", true).unwrap();
    assert_eq!(p.read(), []);
}

#[test]
fn frames_about_finished_streams_are_counted_too() {
    // Each is legitimate once (a RST_STREAM crossing our END_STREAM, a
    // request's trailers arriving after we reset it, a GOAWAY with an error
    // after a graceful one); a stream of them is work for nothing.
    let goaway = frame(&Frame::GoAway(ch15_http2::frame::GoAway {
        last_stream: 0,
        code: ErrorCode::NO_ERROR,
        debug: b"",
    }));
    let mut p = Peer::ready(H2Config::default());
    let (accepted, e) = until_error(&mut p, 1_000, &goaway);
    assert_eq!(
        (accepted, e),
        (201, ConnError::Flood(Flood::EmptyFrames)),
        "the first is news"
    );

    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &get("/"), true).unwrap();
    p.conn
        .send_headers(1, &[HeaderField::new(":status", "204")], true)
        .unwrap();
    let rst = frame(&Frame::RstStream(ch15_http2::frame::RstStream {
        stream: 1,
        code: ErrorCode::CANCEL,
    }));
    let (accepted, e) = until_error(&mut p, 1_000, &rst);
    assert_eq!((accepted, e), (200, ConnError::Flood(Flood::EmptyFrames)));

    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &post("/upload", None), false).unwrap();
    p.conn.reset(1, ErrorCode::CANCEL);
    let trailers = vec![HeaderField::new("x-sum", "1")];
    let mut n = 0;
    let e = loop {
        if let Err(e) = p.headers(1, &trailers, true) {
            break e;
        }
        n += 1;
    };
    assert_eq!((n, e), (200, ConnError::Flood(Flood::EmptyFrames)));
}

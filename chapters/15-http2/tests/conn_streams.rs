//! Stream states (RFC 9113 §5.1) as a scripted client sees them: a request
//! and its response from idle to closed, and every frame that arrives where
//! its stream's state forbids it, with the error code and scope the RFC gives.

mod common;

use ch15_http2::ErrorCode;
use ch15_http2::conn::{ConnError, Event, H2Config, ResetBy, StreamFault};
use ch15_http2::frame::FrameType;
use ch15_http2::hpack::HeaderField;
use common::peer::{Got, Peer, get, goaway, post, resets};

fn ok_fields() -> Vec<HeaderField> {
    vec![HeaderField::new(":status", "200")]
}

#[test]
fn a_get_from_idle_to_closed() {
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &get("/hello"), true).unwrap();
    let events = p.events();
    let [
        Event::Request {
            stream: 1,
            head,
            end_stream: true,
        },
    ] = &events[..]
    else {
        panic!("{events:?}")
    };
    assert_eq!(head.method, "GET");
    assert_eq!(head.path.as_deref(), Some("/hello"));
    assert_eq!(p.conn.active_streams(), 1, "half-closed (remote) counts");
    p.conn.send_headers(1, &ok_fields(), false).unwrap();
    p.conn.send_data(1, b"hi", true).unwrap();
    let got = p.read();
    assert_eq!(got[0].status(), Some("200"));
    assert_eq!(
        got[1],
        Got::Data {
            stream: 1,
            data: b"hi".to_vec(),
            end_stream: true
        }
    );
    assert_eq!(
        p.conn.active_streams(),
        0,
        "both sides ended: closed, forgotten"
    );
    // WINDOW_UPDATE and RST_STREAM may arrive after the close (§5.1): ignored.
    p.window_update(1, 100).unwrap();
    p.rst(1, ErrorCode::CANCEL).unwrap();
    assert_eq!(p.read(), vec![]);
    assert_eq!(p.events(), vec![]);
}

#[test]
fn a_post_half_closes_the_other_way() {
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &post("/echo", Some(5)), false).unwrap();
    // We answer before the body arrives: half-closed (local).
    p.conn.send_headers(1, &ok_fields(), true).unwrap();
    assert_eq!(p.conn.active_streams(), 1);
    p.data(1, b"hel", false).unwrap();
    p.data(1, b"lo", true).unwrap();
    assert_eq!(p.conn.active_streams(), 0);
    let data: Vec<_> = p
        .events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Data {
                data, end_stream, ..
            } => Some((data, end_stream)),
            _ => None,
        })
        .collect();
    assert_eq!(data, [(b"hel".to_vec(), false), (b"lo".to_vec(), true)]);
}

#[test]
fn client_streams_are_odd_and_increasing() {
    // §5.1.1: an even id is the server's to use; a lower id was skipped or used.
    let mut p = Peer::ready(H2Config::default());
    let e = p.headers(2, &get("/"), true).unwrap_err();
    assert_eq!(e, ConnError::EvenStreamId { stream: 2 });
    assert_eq!(goaway(&p.read()), (0, ErrorCode::PROTOCOL_ERROR));

    let mut p = Peer::ready(H2Config::default());
    p.headers(5, &get("/"), true).unwrap();
    let e = p.headers(3, &get("/"), true).unwrap_err();
    assert_eq!(e, ConnError::StreamIdReused { stream: 3, last: 5 });
    assert_eq!(goaway(&p.read()), (5, ErrorCode::PROTOCOL_ERROR));
    // The connection is over: every later call says so.
    assert_eq!(
        p.headers(7, &get("/"), true).unwrap_err().code(),
        ErrorCode::PROTOCOL_ERROR
    );
    assert!(p.conn.is_done());
}

#[test]
fn frames_on_idle_streams_are_connection_errors() {
    // §5.1 idle: anything but HEADERS or PRIORITY is a PROTOCOL_ERROR.
    type Send = fn(&mut Peer) -> Result<(), ConnError>;
    let cases: [(FrameType, Send); 3] = [
        (FrameType::DATA, |p| p.data(3, b"x", false)),
        (FrameType::WINDOW_UPDATE, |p| p.window_update(3, 1)),
        (FrameType::RST_STREAM, |p| p.rst(3, ErrorCode::CANCEL)),
    ];
    for (kind, send) in cases {
        let mut p = Peer::ready(H2Config::default());
        p.headers(1, &get("/"), true).unwrap();
        let e = send(&mut p).unwrap_err();
        assert_eq!(e, ConnError::IdleStream { kind, stream: 3 });
        assert_eq!(goaway(&p.read()), (1, ErrorCode::PROTOCOL_ERROR), "{kind}");
    }
    // PRIORITY on an idle stream is fine (§5.1), and changes nothing.
    let mut p = Peer::ready(H2Config::default());
    p.send(&common::raw(0x2, 0, 3, &[0, 0, 0, 1, 16])).unwrap();
    p.headers(3, &get("/"), true).unwrap();
    assert!(matches!(p.events()[..], [Event::Request { stream: 3, .. }]));
}

#[test]
fn data_after_the_clients_end_stream_is_stream_closed() {
    // §5.1 half-closed (remote): STREAM_CLOSED, a stream error.
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &get("/"), true).unwrap();
    p.data(1, b"late", false).unwrap();
    assert_eq!(resets(&p.read()), [(1, ErrorCode::STREAM_CLOSED)]);
    let events = p.events();
    assert!(
        matches!(
            &events[1],
            Event::Reset {
                stream: 1,
                code: ErrorCode::STREAM_CLOSED,
                by: ResetBy::Us(StreamFault::Closed {
                    kind: FrameType::DATA
                })
            }
        ),
        "{events:?}"
    );
    // The stream is gone: the response cannot be sent any more, others can.
    assert!(p.conn.send_headers(1, &ok_fields(), true).is_err());
    p.headers(3, &get("/"), true).unwrap();
    p.conn.send_headers(3, &ok_fields(), true).unwrap();
    assert_eq!(p.read()[0].status(), Some("200"));
}

#[test]
fn frames_on_closed_streams() {
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &get("/"), true).unwrap();
    p.conn.send_headers(1, &ok_fields(), true).unwrap();
    p.read();
    // DATA on a stream that closed normally: STREAM_CLOSED on that stream.
    p.data(1, b"x", false).unwrap();
    assert_eq!(resets(&p.read()), [(1, ErrorCode::STREAM_CLOSED)]);
    // Now we reset it: more frames on it were in flight and are discarded.
    p.data(1, b"x", false).unwrap();
    p.headers(1, &get("/again"), true).unwrap();
    assert_eq!(p.read(), vec![], "discarded quietly");
    // A HEADERS reusing a stream closed normally is a connection error.
    p.headers(3, &get("/"), true).unwrap();
    p.conn.send_headers(3, &ok_fields(), true).unwrap();
    let e = p.headers(3, &get("/"), true).unwrap_err();
    assert_eq!(e, ConnError::StreamIdReused { stream: 3, last: 3 });
}

#[test]
fn frames_on_a_stream_we_reset_are_discarded_but_keep_hpack_in_step() {
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &post("/upload", None), false).unwrap();
    p.conn.reset(1, ErrorCode::CANCEL);
    assert_eq!(resets(&p.read()), [(1, ErrorCode::CANCEL)]);
    // The client had already sent more: DATA and trailers with a new field
    // (which enters both HPACK tables). Discarded, but the block is decoded.
    p.data(1, b"body", false).unwrap();
    let trailer = vec![HeaderField::new("x-checksum", "abc")];
    p.headers(1, &trailer, true).unwrap();
    // The next request refers to that table entry: it must decode.
    let mut next = get("/next");
    next.push(HeaderField::new("x-checksum", "abc"));
    p.headers(3, &next, true).unwrap();
    let events = p.events();
    let Some(Event::Request {
        stream: 3, head, ..
    }) = events.last()
    else {
        panic!("{events:?}")
    };
    assert_eq!(head.field("x-checksum"), Some(&b"abc"[..]));
    assert_eq!(p.read(), vec![]);
}

#[test]
fn the_client_resets_a_stream() {
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &get("/events"), true).unwrap();
    p.conn.send_headers(1, &ok_fields(), false).unwrap();
    p.conn.send_data(1, b"event 1", false).unwrap();
    p.rst(1, ErrorCode::CANCEL).unwrap();
    let events = p.events();
    assert_eq!(
        events[1],
        Event::Reset {
            stream: 1,
            code: ErrorCode::CANCEL,
            by: ResetBy::Peer
        }
    );
    // Its queue is dropped; we send nothing more on it, not even a RST (§5.4.2).
    let got = p.read();
    assert_eq!(got.len(), 1, "the HEADERS only: {got:?}");
    assert_eq!(
        p.conn.send_data(1, b"event 2", false),
        Err(ch15_http2::conn::SendError::Closed)
    );
}

#[test]
fn trailers_end_a_request() {
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &post("/upload", Some(3)), false).unwrap();
    p.data(1, b"abc", false).unwrap();
    p.headers(1, &[HeaderField::new("x-sum", "6")], true)
        .unwrap();
    let events = p.events();
    assert!(
        matches!(&events[2], Event::Trailers { stream: 1, fields } if fields.get("x-sum") == Some(&b"6"[..])),
        "{events:?}"
    );
    // Trailers without END_STREAM are malformed (§8.1).
    p.headers(3, &post("/upload", None), false).unwrap();
    p.headers(3, &[HeaderField::new("x-sum", "6")], false)
        .unwrap();
    assert_eq!(resets(&p.read()), [(3, ErrorCode::PROTOCOL_ERROR)]);
}

#[test]
fn max_concurrent_streams_refuses_the_next_one() {
    // §5.1.2: past our limit, REFUSED_STREAM, which a client may retry.
    let config = H2Config {
        max_concurrent_streams: 2,
        ..H2Config::default()
    };
    let mut p = Peer::ready(config);
    for id in [1, 3, 5] {
        p.headers(id, &get("/events"), true).unwrap();
    }
    assert_eq!(resets(&p.read()), [(5, ErrorCode::REFUSED_STREAM)]);
    assert_eq!(p.conn.active_streams(), 2);
    // When one finishes, the next is welcome.
    p.conn.send_headers(1, &ok_fields(), true).unwrap();
    p.headers(7, &get("/events"), true).unwrap();
    assert_eq!(p.conn.active_streams(), 2);
    assert!(resets(&p.read()).is_empty());
}

//! HTTP over HTTP/2 (RFC 9113 §8): every rule that makes a request malformed
//! (a stream error PROTOCOL_ERROR, the connection goes on), content-length
//! against the DATA, requests as chapter 6's `Request` and responses from
//! chapter 6's `Response`.

mod common;

use ch05_http_parser::{RequestHead, Version};
use ch06_http_server::response::{Body, Response};
use ch15_http2::ErrorCode;
use ch15_http2::conn::{
    BodyPump, Collected, Event, H2Config, Pumped, RequestCollector, ResetBy, StreamFault, respond,
};
use ch15_http2::hpack::HeaderField;
use ch15_http2::http::{Malformed, into_request, split_response};
use common::peer::{Got, Peer, fields, get, post, resets};

/// The fault a request with `list` is reset for (and that the connection lives on).
fn fault_of(list: &[HeaderField]) -> Malformed {
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, list, true).unwrap();
    assert_eq!(resets(&p.read()), [(1, ErrorCode::PROTOCOL_ERROR)]);
    let events = p.events();
    let [
        Event::Reset {
            by: ResetBy::Us(StreamFault::Malformed(m)),
            ..
        },
    ] = &events[..]
    else {
        panic!("{events:?}")
    };
    // The next request on the connection is fine.
    p.headers(3, &get("/"), true).unwrap();
    assert!(matches!(p.events()[..], [Event::Request { stream: 3, .. }]));
    m.clone()
}

fn with(extra: &[(&str, &str)]) -> Vec<HeaderField> {
    let mut f = get("/");
    f.extend(fields(extra));
    f
}

#[test]
fn pseudo_header_rules() {
    let name = |n: &str| n.to_string();
    // §8.3.1: :method, :scheme and :path are mandatory.
    assert_eq!(
        fault_of(&fields(&[(":scheme", "http"), (":path", "/")])),
        Malformed::MissingPseudo { name: ":method" }
    );
    assert_eq!(
        fault_of(&fields(&[(":method", "GET"), (":path", "/")])),
        Malformed::MissingPseudo { name: ":scheme" }
    );
    assert_eq!(
        fault_of(&fields(&[(":method", "GET"), (":scheme", "http")])),
        Malformed::MissingPseudo { name: ":path" }
    );
    // Exactly one each (§8.3).
    let mut twice = get("/");
    twice.extend(fields(&[(":path", "/x")]));
    assert_eq!(
        fault_of(&twice),
        Malformed::RepeatedPseudo {
            name: name(":path")
        }
    );
    // Before every ordinary field (§8.3).
    let mut late = fields(&[(":method", "GET"), (":scheme", "http"), ("accept", "*/*")]);
    late.extend(fields(&[(":path", "/")]));
    assert_eq!(
        fault_of(&late),
        Malformed::PseudoAfterRegular {
            name: name(":path")
        }
    );
    // No unknown ones, none of a response's (§8.3).
    assert_eq!(
        fault_of(&with(&[(":status", "200")])),
        Malformed::UnknownPseudo {
            name: name(":status")
        }
    );
    let mut unknown = fields(&[(":method", "GET"), (":scheme", "http"), (":path", "/")]);
    unknown.extend(fields(&[(":color", "red")]));
    assert_eq!(
        fault_of(&unknown),
        Malformed::UnknownPseudo {
            name: name(":color")
        }
    );
    // :protocol only when we enabled extended CONNECT (RFC 8441).
    let mut ws = fields(&[(":method", "CONNECT"), (":protocol", "websocket")]);
    ws.extend(fields(&[
        (":scheme", "http"),
        (":path", "/ws"),
        (":authority", "h"),
    ]));
    assert_eq!(
        fault_of(&ws),
        Malformed::UnknownPseudo {
            name: name(":protocol")
        }
    );
    // :path is never empty, and is a path or * for OPTIONS (§8.3.1).
    let path = |p: &str| fields(&[(":method", "GET"), (":scheme", "http"), (":path", p)]);
    assert_eq!(fault_of(&path("")), Malformed::EmptyPath);
    assert_eq!(fault_of(&path("index.html")), Malformed::BadPath);
    assert_eq!(fault_of(&path("*")), Malformed::BadPath);
    // CONNECT names an authority and nothing else (§8.5).
    assert_eq!(
        fault_of(&fields(&[
            (":method", "CONNECT"),
            (":authority", "h:1"),
            (":path", "/")
        ])),
        Malformed::ConnectWithPath
    );
    assert_eq!(
        fault_of(&fields(&[(":method", "CONNECT")])),
        Malformed::MissingPseudo { name: ":authority" }
    );
    // No userinfo in :authority (§8.3.1).
    assert_eq!(
        fault_of(&fields(&[
            (":method", "GET"),
            (":scheme", "http"),
            (":path", "/"),
            (":authority", "u@h")
        ])),
        Malformed::AuthorityUserinfo
    );
}

#[test]
fn the_legal_odd_ones_pass() {
    let mut p = Peer::ready(H2Config::default());
    let options = fields(&[(":method", "OPTIONS"), (":scheme", "http"), (":path", "*")]);
    p.headers(1, &options, true).unwrap();
    let connect = fields(&[(":method", "CONNECT"), (":authority", "example.com:443")]);
    p.headers(3, &connect, false).unwrap();
    let events = p.events();
    assert!(matches!(
        &events[..],
        [
            Event::Request { stream: 1, .. },
            Event::Request { stream: 3, .. }
        ]
    ));
    // With extended CONNECT enabled, RFC 8441's WebSocket request is accepted.
    let config = H2Config {
        enable_connect_protocol: true,
        ..H2Config::default()
    };
    let mut p = Peer::new(config);
    let mut ws = fields(&[(":method", "CONNECT"), (":protocol", "websocket")]);
    ws.extend(fields(&[
        (":scheme", "https"),
        (":path", "/ws"),
        (":authority", "h"),
    ]));
    p.send(&ch15_http2::frame::PREFACE[..]).unwrap();
    p.send_frame(&ch15_http2::frame::Frame::Settings(
        ch15_http2::frame::Settings::new(vec![]),
    ))
    .unwrap();
    p.headers(1, &ws, false).unwrap();
    let events = p.events();
    let [Event::Request { head, .. }] = &events[..] else {
        panic!("{events:?}")
    };
    assert_eq!(head.protocol.as_deref(), Some("websocket"));
}

#[test]
fn field_rules() {
    let bad_name = |n: &str| Malformed::BadName {
        name: n.to_string(),
    };
    // §8.2: lower case only; §8.2.1: a token, no colon, no space.
    assert_eq!(fault_of(&with(&[("Accept", "*/*")])), bad_name("Accept"));
    assert_eq!(fault_of(&with(&[("x y", "1")])), bad_name("x y"));
    assert_eq!(fault_of(&with(&[("x:y", "1")])), bad_name("x:y"));
    assert_eq!(fault_of(&with(&[("", "1")])), bad_name(""));
    // §8.2.1: no CR, LF or NUL in a value, no whitespace around it.
    for value in ["a\r\nb", "a\nb", "a\0b", " a", "a\t"] {
        assert_eq!(
            fault_of(&with(&[("x-v", value)])),
            Malformed::BadValue { name: "x-v".into() },
            "{value:?}"
        );
    }
    // §8.2.2: connection-specific fields are forbidden; te only as "trailers".
    for name in [
        "connection",
        "keep-alive",
        "proxy-connection",
        "transfer-encoding",
        "upgrade",
    ] {
        assert_eq!(
            fault_of(&with(&[(name, "x")])),
            Malformed::ConnectionSpecific { name: name.into() }
        );
    }
    assert_eq!(fault_of(&with(&[("te", "gzip")])), Malformed::BadTe);
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &with(&[("te", "trailers")]), true).unwrap();
    assert!(matches!(p.events()[..], [Event::Request { .. }]));
    // A host that disagrees with :authority, or two hosts (§8.3.1).
    assert_eq!(
        fault_of(&with(&[("host", "elsewhere")])),
        Malformed::BadHost
    );
    assert_eq!(
        fault_of(&with(&[("content-length", "x")])),
        Malformed::BadContentLength
    );
    assert_eq!(
        fault_of(&with(&[("content-length", "1"), ("content-length", "2")])),
        Malformed::BadContentLength
    );
}

#[test]
fn content_length_must_match_the_data() {
    // §8.1.1: more DATA than declared is malformed as soon as it arrives…
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &post("/echo", Some(3)), false).unwrap();
    p.data(1, b"abcd", false).unwrap();
    assert_eq!(resets(&p.read()), [(1, ErrorCode::PROTOCOL_ERROR)]);
    let e = p.events();
    assert!(
        matches!(
            &e[1],
            Event::Reset {
                by: ResetBy::Us(StreamFault::Malformed(Malformed::ContentLengthMismatch {
                    declared: 3,
                    received: 4
                })),
                ..
            }
        ),
        "{e:?}"
    );
    // …less, at END_STREAM…
    p.headers(3, &post("/echo", Some(3)), false).unwrap();
    p.data(3, b"ab", true).unwrap();
    assert_eq!(resets(&p.read()), [(3, ErrorCode::PROTOCOL_ERROR)]);
    // …and a declared body that never comes.
    p.headers(5, &post("/echo", Some(3)), true).unwrap();
    assert_eq!(resets(&p.read()), [(5, ErrorCode::PROTOCOL_ERROR)]);
    // The exact length is fine.
    p.headers(7, &post("/echo", Some(3)), false).unwrap();
    p.data(7, b"abc", true).unwrap();
    assert_eq!(resets(&p.read()), []);
}

#[test]
fn a_request_becomes_chapter_6s_request() {
    let mut p = Peer::ready(H2Config::default());
    let mut list = post("/poll?after=3&timeout=5", Some(5));
    list.extend(fields(&[
        ("cookie", "a=1"),
        ("accept", "*/*"),
        ("cookie", "b=2"),
    ]));
    p.headers(1, &list, false).unwrap();
    p.data(1, b"hello", true).unwrap();
    let mut events = p.events().into_iter();
    let Some(Event::Request { head, .. }) = events.next() else {
        panic!()
    };
    // Chapter 5's view of the head, as chapter 8's upgrade check would read it.
    assert_eq!(head.method(), "POST");
    assert_eq!(head.target(), "/poll?after=3&timeout=5");
    assert_eq!(head.version(), Version::Http2);
    assert_eq!(head.header("Host"), Some(&b"127.0.0.1:7015"[..]));
    let request = into_request(head, b"hello".to_vec());
    assert_eq!(request.path, "/poll");
    assert_eq!(request.query.as_deref(), Some("after=3&timeout=5"));
    assert_eq!(request.query().get("after"), Some("3"));
    assert_eq!(request.header_str("host"), Some("127.0.0.1:7015"));
    // §8.2.3: cookies split for compression are joined for HTTP/1.1 code.
    assert_eq!(request.header_str("cookie"), Some("a=1; b=2"));
    assert_eq!(request.body, b"hello");
    assert_eq!(request.version, Version::Http2);
    assert!(
        request.head_bytes > 0 && request.head_bytes < 100,
        "{}",
        request.head_bytes
    );
}

#[test]
fn a_response_becomes_headers_without_connection_fields() {
    let response = Response::text(200, "hi")
        .with_header("X-Custom", "1")
        .with_header("Connection", "close")
        .with_header("Transfer-Encoding", "chunked")
        .with_header("Bad Name", "x")
        .with_header("x-split", "a\r\nb");
    let (fields, body) = split_response(response, false);
    let names: Vec<_> = fields
        .iter()
        .map(|f| String::from_utf8_lossy(&f.name).into_owned())
        .collect();
    assert_eq!(
        names,
        [
            ":status",
            "content-type",
            "x-custom",
            "x-split",
            "date",
            "content-length"
        ]
    );
    assert_eq!(
        fields[3].value, b"a  b",
        "CR and LF become spaces, as chapter 6 does"
    );
    assert_eq!(fields[5].value, b"2");
    assert!(matches!(body, Some(Body::Bytes(b)) if b == b"hi"));
    // HEAD: the same fields, no body; 204: no content-length, no body.
    let (fields, body) = split_response(Response::text(200, "hi"), true);
    assert!(
        fields
            .iter()
            .any(|f| f.name == b"content-length" && f.value == b"2")
    );
    assert!(body.is_none());
    let (fields, body) = split_response(Response::text(204, ""), false);
    assert!(!fields.iter().any(|f| f.name == b"content-length"));
    assert!(body.is_none());
}

/// Drives a response's pump until the stream ends, as a server would on
/// `SendReady`, the client renewing windows as it reads. Returns the body.
fn pump_to_the_end(
    p: &mut Peer,
    stream: u32,
    mut pump: Option<BodyPump>,
) -> (Vec<(String, String)>, Vec<u8>, bool) {
    let (mut head, mut body, mut ended) = (Vec::new(), Vec::new(), false);
    for _ in 0..1_000 {
        for g in p.read() {
            match g {
                Got::Headers {
                    fields, end_stream, ..
                } => {
                    head = fields;
                    ended |= end_stream;
                }
                Got::Data {
                    data, end_stream, ..
                } => {
                    if !data.is_empty() {
                        p.window_update(0, data.len() as u32).unwrap();
                        if !end_stream {
                            p.window_update(stream, data.len() as u32).unwrap();
                        }
                    }
                    body.extend(data);
                    ended |= end_stream;
                }
                Got::Reset { .. } => return (head, body, false),
                other => panic!("{other:?}"),
            }
        }
        if ended {
            return (head, body, true);
        }
        for e in p.events() {
            if let (Event::SendReady { .. }, Some(pp)) = (&e, pump.as_mut())
                && pp.pump(&mut p.conn, stream) != Pumped::More
            {
                pump = None;
            }
        }
    }
    panic!("the body never ended");
}

#[test]
fn bodies_go_out_a_queue_at_a_time() {
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &get("/big"), true).unwrap();
    p.events();
    let big: Vec<u8> = (0..200_000u32).map(|i| i as u8).collect();
    let pump = respond(
        &mut p.conn,
        1,
        Response::new(200, "application/octet-stream", big.clone()),
        false,
    )
    .unwrap();
    assert!(pump.is_some(), "200 kB do not fit one 64 KiB queue");
    assert!(p.conn.queued(1).unwrap() <= 64 * 1024);
    let (head, body, ended) = pump_to_the_end(&mut p, 1, pump);
    assert!(ended);
    assert!(head.contains(&("content-length".into(), "200000".into())));
    assert_eq!(body, big);
    // A stream of chunks: no content-length, END_STREAM after the last.
    p.headers(3, &get("/stream"), true).unwrap();
    p.events();
    let pieces = (0..5).map(|i| format!("piece {i}\n").into_bytes());
    let pump = respond(
        &mut p.conn,
        3,
        Response::stream(200, "text/plain", pieces),
        false,
    )
    .unwrap();
    let (head, body, ended) = pump_to_the_end(&mut p, 3, pump);
    assert!(ended && !head.iter().any(|(n, _)| n == "content-length"));
    assert_eq!(body, b"piece 0\npiece 1\npiece 2\npiece 3\npiece 4\n");
}

#[test]
fn a_file_that_comes_up_short_resets_its_stream_only() {
    let dir = ch01_tcp::testing::fresh_dir("ch15-short-file").unwrap();
    let path = dir.join("short.txt");
    std::fs::write(&path, b"ten bytes!").unwrap();
    let file = std::fs::File::open(&path).unwrap();
    let mut p = Peer::ready(H2Config::default());
    p.headers(1, &get("/short"), true).unwrap();
    p.headers(3, &get("/other"), true).unwrap();
    let response = Response::file(200, "text/plain", file, 20);
    assert!(respond(&mut p.conn, 1, response, false).unwrap().is_none());
    respond(&mut p.conn, 3, Response::text(200, "fine"), false).unwrap();
    let got = p.read();
    assert_eq!(resets(&got), [(1, ErrorCode::INTERNAL_ERROR)]);
    assert!(got.iter().any(|g| matches!(
        g,
        Got::Data {
            stream: 3,
            end_stream: true,
            ..
        }
    )));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_collector_gathers_bodies_and_refuses_big_ones() {
    let mut p = Peer::ready(H2Config::default());
    let mut collector = RequestCollector::new(10);
    // Each complete request as (stream, body); each refused one as (stream, "413").
    let drain = |p: &mut Peer, collector: &mut RequestCollector| -> Vec<(u32, Vec<u8>)> {
        let mut out = Vec::new();
        for e in p.events() {
            match collector.collect(&mut p.conn, e) {
                Collected::Request { stream, request } => out.push((stream, request.body)),
                Collected::TooLarge { stream } => out.push((stream, b"413".to_vec())),
                _ => {}
            }
        }
        out
    };
    p.headers(1, &get("/time"), true).unwrap();
    p.headers(3, &post("/echo", None), false).unwrap();
    p.data(3, b"hel", false).unwrap();
    p.data(3, b"lo", true).unwrap();
    assert_eq!(
        drain(&mut p, &mut collector),
        [(1, vec![]), (3, b"hello".to_vec())]
    );
    // Over the limit by content-length: 413 at once, then "stop sending".
    p.headers(5, &post("/echo", Some(11)), false).unwrap();
    assert_eq!(drain(&mut p, &mut collector), [(5, b"413".to_vec())]);
    let got = p.read();
    assert!(got.iter().any(|g| g.status() == Some("413")), "{got:?}");
    assert_eq!(resets(&got), [(5, ErrorCode::NO_ERROR)]);
    // Over the limit by what arrives.
    p.headers(7, &post("/echo", None), false).unwrap();
    p.data(7, b"0123456789", false).unwrap();
    p.data(7, b"!", false).unwrap();
    assert_eq!(drain(&mut p, &mut collector), [(7, b"413".to_vec())]);
    let got = p.read();
    assert!(got.iter().any(|g| g.status() == Some("413")));
    assert_eq!(resets(&got), [(7, ErrorCode::NO_ERROR)]);
    assert_eq!(collector.pending(), 0);
}

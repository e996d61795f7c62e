//! The parser against the WHATWG HTML §9.2.5–9.2.6 rules and their edge cases.
//!
//! Every case is fed three ways: all at once, one byte at a time, and split in
//! two at every possible point. All three must give the same items: TCP may
//! cut a stream anywhere (inside a CRLF, inside a UTF-8 sequence, inside a BOM).

use ch12_sse::parser::{Item, Parser};

/// Items as short strings, easy to write in a table:
/// `type|data|lastEventId` for events, `retry N`, `comment TEXT`.
fn show(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .map(|item| match item {
            Item::Event(e) => format!("{}|{}|{}", e.event_type, e.data, e.last_event_id),
            Item::Retry(ms) => format!("retry {ms}"),
            Item::Comment(c) => format!("comment {c}"),
        })
        .collect()
}

fn feed_pieces(pieces: &[&[u8]]) -> Vec<String> {
    let mut parser = Parser::new();
    let mut out = Vec::new();
    for piece in pieces {
        parser.feed(piece, &mut out).expect("within the limits");
    }
    show(&out)
}

/// (name, input, expected items)
const CASES: &[(&str, &[u8], &[&str])] = &[
    ("simple", b"data: hello\n\n", &["message|hello|"]),
    ("no space after the colon", b"data:hello\n\n", &["message|hello|"]),
    (
        "only ONE leading space is dropped",
        b"data:  two\n\n",
        &["message| two|"],
    ),
    (
        "spec: stock ticker, three data lines",
        b"data: YHOO\ndata: +2\ndata: 10\n\n",
        &["message|YHOO\n+2\n10|"],
    ),
    (
        "spec: comment, ids, a bare `id` resets the id",
        b": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n",
        &[
            "comment  test stream",
            "message|first event|1",
            "message|second event|",
            "message| third event|",
        ],
    ),
    (
        "spec: a bare `data` is an empty data line; the last block is never ended",
        b"data\n\ndata\ndata\n\ndata:",
        &["message||", "message|\n|"],
    ),
    (
        "spec: with and without the space",
        b"data:test\n\ndata: test\n\n",
        &["message|test|", "message|test|"],
    ),
    ("CR line ends", b"data: a\rdata: b\r\r", &["message|a\nb|"]),
    (
        "CRLF line ends",
        b"data: a\r\ndata: b\r\n\r\n",
        &["message|a\nb|"],
    ),
    (
        "mixed line ends; CR LF is one end, LF CR is two",
        b"data: a\n\rdata: b\r\n\n",
        &["message|a|", "message|b|"],
    ),
    ("one BOM is stripped", b"\xEF\xBB\xBFdata: x\n\n", &["message|x|"]),
    (
        "a second BOM is part of the field name (unknown field)",
        b"\xEF\xBB\xBF\xEF\xBB\xBFdata: x\n\n",
        &[],
    ),
    (
        "a BOM-like prefix that is not a BOM is kept",
        b"\xEF\xBBdata: x\n\ndata: y\n\n",
        &["message|y|"],
    ),
    (
        "invalid UTF-8 becomes U+FFFD",
        b"data: \xFF\xFEok\n\n",
        &["message|\u{FFFD}\u{FFFD}ok|"],
    ),
    (
        "a truncated sequence before a line end is one U+FFFD",
        b"data: \xE2\x82\ndata: \xE2\x82\xAC\n\n",
        &["message|\u{FFFD}\n\u{20AC}|"],
    ),
    (
        "an id with NULL is ignored; the previous id stays",
        b"id: 5\ndata: a\n\nid: 6\x007\ndata: b\n\n",
        &["message|a|5", "message|b|5"],
    ),
    (
        "the last event id persists across events",
        b"id: 1\ndata: a\n\ndata: b\n\n",
        &["message|a|1", "message|b|1"],
    ),
    (
        "an id-only block moves the id without an event",
        b"id: 7\n\ndata: a\n\n",
        &["message|a|7"],
    ),
    ("retry with digits", b"retry: 1000\n", &["retry 1000"]),
    (
        "retry with anything but digits is ignored",
        b"retry: 10a\nretry:  1000\nretry\nretry: -1\nretry: 1.5\nretry: 99999999999999999999999\n",
        &[],
    ),
    (
        "event names the type, which resets after each dispatch",
        b"event: add\ndata: 1\n\ndata: 2\n\n",
        &["add|1|", "message|2|"],
    ),
    (
        "an event without data dispatches nothing and forgets its type",
        b"event: x\n\ndata: y\n\n",
        &["message|y|"],
    ),
    (
        "unknown fields are ignored",
        b"foo: bar\ndata: x\n\n",
        &["message|x|"],
    ),
    (
        "field names are case-sensitive",
        b"Data: x\nDATA: y\n\n",
        &[],
    ),
    (
        "a space before the colon is part of the name",
        b"data : x\n\n",
        &[],
    ),
    (
        "a colon in the value stays",
        b"data: a:b: c\n\n",
        &["message|a:b: c|"],
    ),
    (
        "an empty data line keeps its LF",
        b"data: a\ndata:\n\n",
        &["message|a\n|"],
    ),
    (
        "extra empty lines dispatch nothing",
        b"data: a\n\n\n\n",
        &["message|a|"],
    ),
    ("an unfinished event is not dispatched", b"data: a\n", &[]),
    ("an unfinished line is not a field", b"data: a", &[]),
    ("an empty comment", b":\n", &["comment "]),
    (
        "a comment between data lines does not break the event",
        b"data: a\n: ping\ndata: b\n\n",
        &["comment  ping", "message|a\nb|"],
    ),
    (
        "the value keeps trailing spaces and tabs",
        b"data:\tx \n\n",
        &["message|\tx |"],
    ),
    (
        "UTF-8 everywhere",
        "event: état\nid: ε\ndata: ✓ 🚀\n\n".as_bytes(),
        &["état|✓ 🚀|ε"],
    ),
];

#[test]
fn every_case_at_once() {
    for (name, input, want) in CASES {
        assert_eq!(feed_pieces(&[input]), *want, "{name}");
    }
}

#[test]
fn every_case_byte_by_byte() {
    for (name, input, want) in CASES {
        let bytes: Vec<&[u8]> = input.chunks(1).collect();
        assert_eq!(feed_pieces(&bytes), *want, "{name}, one byte at a time");
    }
}

#[test]
fn every_case_split_at_every_point() {
    for (name, input, want) in CASES {
        for cut in 0..=input.len() {
            let (a, b) = input.split_at(cut);
            assert_eq!(feed_pieces(&[a, b]), *want, "{name}, split at {cut}");
        }
    }
}

#[test]
fn a_reconnect_drops_the_unfinished_event_and_keeps_the_id() {
    let mut parser = Parser::new();
    let mut out = Vec::new();
    parser
        .feed(b"id: 3\ndata: a\n\nid: 4\ndata: half", &mut out)
        .unwrap();
    assert_eq!(parser.last_event_id(), "3");
    parser.end_of_stream(); // the connection broke
    assert_eq!(parser.last_event_id(), "3", "sent back as Last-Event-ID");
    // The new stream starts clean (its own BOM allowed), and an event without
    // an id still carries the persisted one.
    parser
        .feed(b"\xEF\xBB\xBF: resumed\ndata: b\n\n", &mut out)
        .unwrap();
    assert_eq!(
        show(&out),
        ["message|a|3", "comment  resumed", "message|b|3"]
    );
}

#[test]
fn a_cr_at_the_end_of_a_stream_does_not_eat_the_next_streams_lf() {
    let mut parser = Parser::new();
    let mut out = Vec::new();
    parser.feed(b"data: a\r\r", &mut out).unwrap();
    parser.end_of_stream();
    parser.feed(b"\ndata: b\n\n", &mut out).unwrap();
    assert_eq!(show(&out), ["message|a|", "message|b|"]);
}

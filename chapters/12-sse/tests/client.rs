//! `ch12-client` against `ch12-server`: JSON lines a browser would agree with,
//! reconnecting with Last-Event-ID, and 204 as "stop".

mod common;

use std::time::Duration;

use common::{ClientProc, publish, request, server};
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(10);

/// The (type, data, lastEventId) of one `--jsonl` line, read by serde_json.
fn fields(line: &str) -> (String, String, String) {
    let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
    let s = |k: &str| {
        v[k].as_str()
            .unwrap_or_else(|| panic!("no {k} in {line}"))
            .to_string()
    };
    (s("type"), s("data"), s("lastEventId"))
}

#[test]
fn jsonl_events_then_resume_after_a_drop_then_204_stops_it() {
    let srv = server(&["--retry", "50", "--test-hooks"]);
    let addr = srv.addr().to_string();
    publish(&addr, "before");
    let client = ClientProc::start(&[&format!("http://{addr}/events?after=0"), "--jsonl"]);
    let first = client.line(WAIT).expect("the backlog arrives");
    assert_eq!(
        fields(&first),
        ("message".into(), "before".into(), "1".into())
    );

    publish(&addr, "two\nlines \"quoted\" ✓");
    let second = client.line(WAIT).expect("a live event");
    assert_eq!(fields(&second).1, "two\nlines \"quoted\" ✓");

    // The server drops every stream; events published meanwhile must arrive
    // once each when the client comes back with Last-Event-ID: 2.
    assert_eq!(request(&addr, "POST", "/drop-streams", "").0, 200);
    publish(&addr, "while away 1");
    publish(&addr, "while away 2");
    let ids: Vec<String> = (0..2)
        .map(|_| fields(&client.line(WAIT).expect("resumed")).2)
        .collect();
    assert_eq!(ids, ["3", "4"]);

    // POST /end: the stream ends, the reconnect gets 204, the client exits 0.
    assert_eq!(request(&addr, "POST", "/end", "").0, 200);
    let (code, stderr) = client.wait(WAIT);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("204"), "{stderr}");
}

#[test]
fn a_stream_that_is_not_an_event_stream_is_an_error() {
    let srv = server(&[]);
    // `/` is an HTML page: EventSource "fails the connection", no reconnect.
    let client = ClientProc::start(&[&format!("http://{}/", srv.addr())]);
    let (code, stderr) = client.wait(WAIT);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("text/event-stream"), "{stderr}");
}

#[test]
fn max_events_and_readable_output() {
    let srv = server(&[]);
    let addr = srv.addr().to_string();
    publish(&addr, "a");
    publish(&addr, "b\nc");
    let client = ClientProc::start(&[
        &format!("http://{addr}/events"),
        "--last-event-id",
        "0",
        "--max-events",
        "2",
    ]);
    assert_eq!(client.line(WAIT).as_deref(), Some("message  id=1  \"a\""));
    assert_eq!(
        client.line(WAIT).as_deref(),
        Some("message  id=2  \"b\\nc\"")
    );
    assert_eq!(client.wait(WAIT).0, Some(0));
}

#[test]
fn timestamps_add_the_arrival_time_to_each_line() {
    let srv = server(&[]);
    let addr = srv.addr().to_string();
    publish(&addr, "early");
    let client = ClientProc::start(&[
        &format!("http://{addr}/events?after=0"),
        "--jsonl",
        "--timestamps",
    ]);
    let received = |line: &str| {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        v["receivedMs"]
            .as_u64()
            .unwrap_or_else(|| panic!("no receivedMs in {line}"))
    };
    let first = client.line(WAIT).expect("the backlog arrives");
    assert_eq!(fields(&first).1, "early", "the other fields stay");
    // The second event does not exist until 300 ms after the first arrived,
    // so it cannot have arrived sooner.
    std::thread::sleep(Duration::from_millis(300));
    publish(&addr, "late");
    let second = client.line(WAIT).expect("a live event");
    assert_eq!(fields(&second).1, "late");
    assert!(
        received(&second) >= received(&first) + 300,
        "{first}\n{second}"
    );
    // Readable lines get the time in front.
    let readable = ClientProc::start(&[&format!("http://{addr}/events?after=1"), "--timestamps"]);
    let line = readable.line(WAIT).expect("the backlog arrives");
    let (ms, rest) = line
        .strip_prefix('+')
        .and_then(|l| l.split_once(" ms  "))
        .unwrap_or_else(|| panic!("{line}"));
    assert!(ms.parse::<u64>().is_ok(), "{line}");
    assert_eq!(rest, "message  id=2  \"late\"");
}

//! `ch11-server` end to end: the /poll protocol (200, held, 204, 410, 400),
//! publishing, keep-alive, limits, the page, and `ch11-client`.

mod common;

use std::process::{Command, Stdio};
use std::thread;
use std::time::Duration;

use common::{connect, get, publish, request, server, text};

#[test]
fn events_after_a_cursor_at_once() {
    let s = server(&[]);
    let a = s.addr();
    assert_eq!(publish(a, "one"), 1);
    assert_eq!(publish(a, "two \"2\"\n"), 2);
    let r = get(a, "/poll?after=0");
    assert_eq!(r.status(), 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("feed-last-id"), Some("2"));
    assert_eq!(
        text(&r),
        r#"[{"id":1,"data":"one"},{"id":2,"data":"two \"2\"\n"}]"#
    );
    assert_eq!(
        text(&get(a, "/poll?after=1")),
        r#"[{"id":2,"data":"two \"2\"\n"}]"#
    );
}

#[test]
fn a_held_poll_is_answered_by_the_next_publish() {
    let s = server(&[]);
    let addr = s.addr().to_string();
    let mut c = connect(&addr);
    c.send(b"GET /poll?after=0&timeout=30 HTTP/1.1\r\nHost: t\r\n\r\n")
        .unwrap();
    // Publish from another connection, a little later: the poll is held meanwhile.
    let a2 = addr.clone();
    let publisher = thread::spawn(move || {
        thread::sleep(Duration::from_millis(200));
        publish(&a2, "wake up")
    });
    let (r, keep) = c.receive().unwrap();
    assert_eq!(publisher.join().unwrap(), 1);
    assert_eq!(
        (r.status(), text(&r).as_str()),
        (200, r#"[{"id":1,"data":"wake up"}]"#)
    );
    assert!(keep, "keep-alive between polls");
    // The same connection carries the next poll.
    let (r, _) = c
        .exchange(b"GET /poll?after=1&timeout=0.2 HTTP/1.1\r\nHost: t\r\n\r\n")
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(r.header("feed-last-id"), Some("1"));
    assert!(r.body.is_empty());
    let trace = s.stderr_so_far();
    assert!(trace.is_empty(), "no --trace, no output: {trace}");
}

#[test]
fn a_poll_pipelined_behind_a_held_one_is_answered_too() {
    let s = server(&[]);
    let mut c = connect(s.addr());
    let one = "GET /poll?after=0&timeout=0.2 HTTP/1.1\r\nHost: t\r\n\r\n";
    // Both requests in one write: the second waits in the loop while the first is held.
    c.send(format!("{one}{one}").as_bytes()).unwrap();
    for _ in 0..2 {
        let (r, _) = c.receive().expect("both polls are answered");
        assert_eq!(r.status(), 204);
    }
}

#[test]
fn without_after_only_newer_events_and_the_cursor_comes_back() {
    let s = server(&[]);
    let a = s.addr();
    publish(a, "old");
    let r = get(a, "/poll?timeout=0.1");
    assert_eq!(r.status(), 204, "the old event is not sent");
    assert_eq!(
        r.header("feed-last-id"),
        Some("1"),
        "the cursor to go on from"
    );
}

#[test]
fn a_dropped_cursor_is_410_with_the_oldest_id() {
    let s = server(&["--history", "3"]);
    let a = s.addr();
    for i in 1..=5 {
        publish(a, &format!("e{i}"));
    }
    let r = get(a, "/poll?after=1");
    assert_eq!(r.status(), 410);
    assert!(
        text(&r).starts_with(r#"{"error":"gone","after":1,"oldest":3,"latest":5,"message":"#),
        "{}",
        text(&r)
    );
    assert_eq!(r.header("feed-last-id"), Some("2"));
    assert_eq!(
        get(a, "/poll?after=2").status(),
        200,
        "2 is the oldest usable cursor"
    );
    assert_eq!(
        get(a, "/poll?after=9").status(),
        410,
        "a cursor from the future"
    );
}

#[test]
fn batches_are_limited() {
    let s = server(&["--max-batch", "2"]);
    let a = s.addr();
    for i in 1..=5 {
        publish(a, &i.to_string());
    }
    let r = get(a, "/poll?after=0");
    assert_eq!(r.header("feed-last-id"), Some("2"));
    assert_eq!(text(&r), r#"[{"id":1,"data":"1"},{"id":2,"data":"2"}]"#);
    let r = get(a, "/poll?after=2&limit=1");
    assert_eq!(
        text(&r),
        r#"[{"id":3,"data":"3"}]"#,
        "a client may ask for fewer"
    );
    assert_eq!(get(a, "/poll?after=2&limit=0").status(), 400);
}

#[test]
fn bad_requests_get_errors_not_panics() {
    let s = server(&["--max-event", "10"]);
    let a = s.addr();
    assert_eq!(get(a, "/poll?after=x").status(), 400);
    assert_eq!(get(a, "/poll?timeout=1000").status(), 400);
    assert_eq!(
        request(
            a,
            "POST /poll HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n"
        )
        .status(),
        405
    );
    assert_eq!(get(a, "/publish").status(), 405);
    let big = "POST /publish HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n01234567890";
    assert_eq!(request(a, big).status(), 413);
    let mut c = connect(a);
    let mut raw = b"POST /publish HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n".to_vec();
    raw.extend_from_slice(&[0xff, 0xfe]);
    let (r, _) = c.exchange(&raw).unwrap();
    assert_eq!(r.status(), 400, "events are UTF-8");
    assert_eq!(
        get(a, "/poll?after=0&timeout=0").status(),
        204,
        "nothing was published"
    );
}

#[test]
fn the_page_is_served() {
    let s = server(&[]);
    let r = get(s.addr(), "/");
    assert_eq!(r.status(), 200);
    assert!(text(&r).contains("/poll?after="), "the page long-polls");
}

#[test]
fn trace_shows_held_and_woken_polls() {
    let s = server(&["--trace"]);
    let a = s.addr().to_string();
    let a2 = a.clone();
    let t = thread::spawn(move || get(&a2, "/poll?after=0&timeout=5"));
    // Publish only once the poll is held (bounded wait), so the trace must show both.
    // (stderr_so_far hands out what arrived since the last call: keep it all.)
    let mut trace = String::new();
    for _ in 0..100 {
        trace.push_str(&s.stderr_so_far());
        if trace.contains("held:") {
            break;
        }
        thread::sleep(Duration::from_millis(20));
    }
    publish(&a, "hi");
    assert_eq!(t.join().unwrap().status(), 200);
    thread::sleep(Duration::from_millis(100));
    trace.push_str(&s.stderr_so_far());
    assert!(
        trace.contains("held: waiting for an event after id 0"),
        "{trace}"
    );
    assert!(
        trace.contains("published id 1; waking 1 held polls"),
        "{trace}"
    );
}

fn client(args: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ch11-client"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ch11-client starts");
    // Bounded: kill it if it has not finished in time.
    for _ in 0..200 {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    child.wait_with_output().unwrap()
}

#[test]
fn the_client_prints_each_event_and_reports_gaps() {
    let s = server(&["--history", "3"]);
    let a = s.addr();
    for d in ["a", "b\nc", "d", "e", "f"] {
        publish(a, d);
    }
    let out = client(&[
        &s.url,
        "--after",
        "0",
        "--count",
        "3",
        "--jsonl",
        "--timeout",
        "1",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stdout,
        "{\"id\":3,\"data\":\"d\"}\n{\"id\":4,\"data\":\"e\"}\n{\"id\":5,\"data\":\"f\"}\n"
    );
    assert!(stderr.contains("GAP: events 1..=2 are lost"), "{stderr}");

    let out = client(&[&s.url, "--after", "3", "--count", "2"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "#4 e\n#5 f\n");
    let out = client(&["ftp://x"]);
    assert!(!out.status.success());
}

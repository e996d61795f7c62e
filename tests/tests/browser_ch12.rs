//! Chapter 12 in a real browser: headless Chromium's `EventSource` against the
//! SSE server (the library, on a chapter 7 loop in a thread).
//!
//! - the chapter's page receives published events, in order;
//! - when the server drops every stream, the browser reconnects by itself,
//!   sends `Last-Event-ID`, and gets exactly the events it missed;
//! - seven EventSources to one origin over HTTP/1.1: six connect, the seventh
//!   waits until one of them is closed.

use std::time::{Duration, Instant};

use ch07_event_loop::{Config as LoopConfig, Running, spawn};
use ch11_long_polling::publisher::FeedMsg;
use ch12_sse::{SseConfig, SseService};
use workspace_tests::browser::{Chromium, ReportSink, chromium_or_skip, run_page};

fn start_server() -> Running<SseService> {
    let config = SseConfig {
        retry_ms: 200,
        test_hooks: true,
        ..SseConfig::default()
    };
    spawn(
        "127.0.0.1:0".parse().unwrap(),
        SseService::new(config),
        LoopConfig::default(),
    )
    .expect("the SSE server starts")
}

fn publish(server: &Running<SseService>, data: &str) {
    server
        .handle()
        .send(FeedMsg::Publish(data.to_string()))
        .expect("the loop is running");
}

/// A `POST` to the server with no body (the test hooks), answered 200.
fn post(server: &Running<SseService>, path: &str) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 200"), "{out}");
}

/// The `"ids":[…]` of a report.
fn ids(report: &str) -> String {
    let from = report.find("\"ids\":[").expect("ids in the report") + 7;
    let to = from + report[from..].find(']').unwrap();
    report[from..to].to_string()
}

#[test]
#[cfg_attr(no_chromium, ignore = "no chromium on PATH or in $CHROMIUM")]
fn the_eventsource_page_receives_published_events() {
    let server = start_server();
    for i in 1..=3 {
        publish(&server, &format!("event {i}"));
    }
    // The page starts after 0 (the three above), then gets two live ones.
    let addr = server.addr;
    let handle = server.handle().clone();
    let live = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1500));
        for i in 4..=5 {
            let _ = handle.send(FeedMsg::Publish(format!("event {i}")));
        }
    });
    let page = format!("http://{addr}/?after=0&want=5");
    let report = run_page("ch12 EventSource page", &page, Duration::from_secs(30))
        .expect("the page reports");
    live.join().unwrap();
    let Some(report) = report else { return }; // skipped, message printed
    eprintln!("the page reported: {report}");
    assert_eq!(ids(&report), "1,2,3,4,5");
    assert!(report.contains("\"inOrder\":true"), "{report}");
}

#[test]
#[cfg_attr(no_chromium, ignore = "no chromium on PATH or in $CHROMIUM")]
fn the_eventsource_reconnects_after_a_drop_and_resumes_from_its_last_id() {
    let Some(program) = chromium_or_skip("ch12 reconnect") else {
        return;
    };
    let server = start_server();
    for i in 1..=3 {
        publish(&server, &format!("event {i}"));
    }
    let sink = ReportSink::start().unwrap();
    // The page asks for ?after=0. If the browser reconnected WITHOUT
    // Last-Event-ID, the server would send 1..3 again and the ids would repeat.
    let url = format!(
        "http://{}/?after=0&want=3,6&report={}",
        server.addr,
        sink.url()
    );
    let browser = Chromium::open(&program, &url).unwrap();
    let first = sink
        .wait(Duration::from_secs(30))
        .unwrap_or_else(|| panic!("no first report; chromium said:\n{}", browser.log_tail()));
    assert_eq!(ids(&first), "1,2,3", "{first}");

    // Every stream is dropped; events published meanwhile must not be lost.
    post(&server, "/drop-streams");
    for i in 4..=6 {
        publish(&server, &format!("event {i}"));
    }
    let second = sink
        .wait(Duration::from_secs(30))
        .unwrap_or_else(|| panic!("no second report; chromium said:\n{}", browser.log_tail()));
    eprintln!("after the drop the page reported: {second}");
    assert_eq!(
        ids(&second),
        "1,2,3,4,5,6",
        "nothing lost, nothing repeated"
    );
    assert!(second.contains("\"opens\":2"), "one reconnect: {second}");
    assert!(second.contains("\"errors\":1"), "one error event: {second}");
}

#[test]
#[cfg_attr(no_chromium, ignore = "no chromium on PATH or in $CHROMIUM")]
fn a_seventh_eventsource_waits_for_one_of_six_connections() {
    let server = start_server();
    let page = format!("http://{}/seven.html?settle=1500", server.addr);
    let started = Instant::now();
    let report =
        run_page("ch12 six connections", &page, Duration::from_secs(30)).expect("the page reports");
    let Some(report) = report else { return };
    eprintln!("the page reported after {:?}: {report}", started.elapsed());
    assert!(
        report.contains("\"openBefore\":6"),
        "six open, not seven: {report}"
    );
    assert!(
        report.contains("\"waitedOpened\":true"),
        "the seventh opened after a close: {report}"
    );
    assert!(report.contains("\"openAfter\":6"), "{report}");
}

//! Chapter 11 in a real browser: headless Chromium loads the long-polling page
//! from a `ch11-server` service, starts polling, and the test publishes events
//! (over HTTP, like any publisher) while the page's polls are held. The page
//! reports every event it showed; each must arrive once, in order, intact.

use std::time::{Duration, Instant};

use ch07_event_loop::{Config, spawn};
use ch11_long_polling::server::{LongPollConfig, LongPollService};
use workspace_tests::browser::{Chromium, ReportSink, chromium_or_skip};

/// Events the test publishes; the tricky ones check JSON escaping end to end.
const MESSAGES: [&str; 4] = [
    "hello, browser",
    "quotes \" and backslash \\ and a\nnewline",
    "<b>not markup</b> & é € 😀",
    "last",
];

fn publish(addr: std::net::SocketAddr, body: &str) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let req = format!(
        "POST /publish HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
#[cfg_attr(no_chromium, ignore = "no chromium on PATH or in $CHROMIUM")]
fn the_long_polling_page_receives_published_events() {
    let Some(program) = chromium_or_skip("ch11 long polling") else {
        return;
    };
    let server = spawn(
        "127.0.0.1:0".parse().unwrap(),
        LongPollService::new(LongPollConfig::default()),
        Config::default(),
    )
    .expect("server starts");
    let sink = ReportSink::start().expect("report sink");
    let url = format!(
        "http://{}/?after=0&expect={}&report={}",
        server.addr,
        MESSAGES.len(),
        encode(&sink.url())
    );
    let browser = Chromium::open(&program, &url).expect("chromium starts");

    // 1. The page says it started polling (its first poll is held: nothing published yet).
    let first = sink.wait(Duration::from_secs(30));
    let Some(first) = first else {
        panic!(
            "the page never started polling; chromium said:\n{}",
            browser.log_tail()
        );
    };
    assert!(first.contains("\"polling\":true"), "{first}");

    // 2. Publish while it polls, with pauses so that several answers wake held polls.
    let started = Instant::now();
    for m in MESSAGES {
        std::thread::sleep(Duration::from_millis(150));
        publish(server.addr, m);
    }

    // 3. The page reports what it showed.
    let Some(report) = sink.wait(Duration::from_secs(30)) else {
        panic!(
            "no report from the page; chromium said:\n{}",
            browser.log_tail()
        );
    };
    eprintln!("the page reported after {:?}: {report}", started.elapsed());
    assert!(report.contains("\"ok\":true"), "{report}");
    assert!(
        report.contains("\"ids\":[1,2,3,4]"),
        "every id once, in order: {report}"
    );
    assert!(report.contains("\"gaps\":[]"), "{report}");
    // The page re-encodes the data with JSON.stringify: compare through our reader.
    let v = ch11_long_polling::json_read::parse(&report).expect("the report is JSON");
    let Some(ch11_long_polling::json_read::Value::Array(data)) = v.get("data") else {
        panic!("no data in {report}");
    };
    let data: Vec<&str> = data.iter().filter_map(|d| d.as_str()).collect();
    assert_eq!(data, MESSAGES, "the data arrived intact");
}

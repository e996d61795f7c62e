//! Chapter 13 in a real browser: headless Chromium loads the showdown page,
//! all four panels receive the taxi, the page cuts every connection, and each
//! transport recovers: long polling, SSE and WebSocket without missing an id.

use std::net::SocketAddr;
use std::time::Duration;

use ch07_event_loop::Config;
use ch13_showdown::ShowdownConfig;
use ch13_showdown::driver::Server;
use workspace_tests::browser::run_page;

/// The number after `"key":` in the object that follows `"panel":{` in `report`
/// (enough JSON reading for the page's flat report).
fn field(report: &str, panel: &str, key: &str) -> Option<i64> {
    let at = report.find(&format!("\"{panel}\":{{"))?;
    let rest = &report[at..];
    let k = rest.find(&format!("\"{key}\":"))? + key.len() + 3;
    let digits: String = rest[k..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    digits.parse().ok()
}

#[test]
#[cfg_attr(no_chromium, ignore = "no chromium on PATH or in $CHROMIUM")]
fn four_panels_receive_and_recover_after_the_cut() {
    let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let server = Server::start(
        addr,
        ShowdownConfig::default(),
        Config::default(),
        Some(10.0),
    )
    .expect("the server starts");
    // Poll every 300 ms; run 3 s, cut, run 4 s more, then send a message and report.
    let page = format!("http://{}/?every=300&before=3000&after=4000", server.addr);
    let report = run_page("ch13 showdown", &page, Duration::from_secs(60)).expect("a report");
    let Some(report) = report else { return }; // skipped, message printed
    eprintln!("the page reported: {report}");
    let after_cut = report.split("\"panels\":").nth(1).expect("a panels object");
    for panel in ["poll", "lp", "sse", "ws"] {
        let received = field(after_cut, panel, "received").unwrap_or(0);
        let before = field(&report, "atCut", panel).unwrap_or(0);
        assert!(
            before >= 1,
            "{panel} received nothing before the cut: {report}"
        );
        assert!(
            received >= before + 3,
            "{panel} did not recover after the cut ({before} then {received}): {report}"
        );
    }
    // The cut dropped the page's connections (at least its streams).
    let cut = report
        .strip_prefix("{\"cut\":")
        .and_then(|r| r.split(',').next())
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(0);
    assert!(cut >= 2, "the cut closed {cut} connections: {report}");
    // The three push transports missed nothing across the cut and reconnected.
    for panel in ["lp", "sse", "ws"] {
        assert_eq!(
            field(after_cut, panel, "missed"),
            Some(0),
            "{panel}: {report}"
        );
    }
    for panel in ["sse", "ws"] {
        let n = field(after_cut, panel, "reconnects").unwrap_or(0);
        assert!(n >= 1, "{panel} did not reconnect after the cut: {report}");
    }
    // The message sent over the WebSocket after the cut reached every push panel.
    for panel in ["lp", "sse", "ws"] {
        let at = after_cut.find(&format!("\"{panel}\":{{")).unwrap();
        let obj = &after_cut[at..];
        let end = obj.find('}').unwrap_or(obj.len());
        assert!(
            obj[..end].contains("hello from the test"),
            "{panel} did not get the message: {report}"
        );
    }
    server.stop();
}

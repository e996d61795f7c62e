//! Chapter 10 in a real browser: headless Chromium runs the echo self-test
//! page against `/echo` (text, binary, 1 MiB, close; permessage-deflate
//! declined), the chat page talks both ways with a Rust client, and its
//! watchdog notices a server gone silent (a frozen path) and rejoins.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use ch07_event_loop::{Config, Running, spawn};
use ch09_ws_frames::MessageKind;
use ch10_ws_server::client::connect;
use ch10_ws_server::client::session::{lock, pump};
use ch10_ws_server::{WsConfig, WsService};
use workspace_tests::browser::{FreezeProxy, epoch_ms, number, run_page};

fn start() -> Running<WsService> {
    spawn(
        "127.0.0.1:0".parse().unwrap(),
        WsService::new(WsConfig::default()),
        Config::default(),
    )
    .expect("the server starts")
}

#[test]
#[cfg_attr(no_chromium, ignore = "no chromium on PATH or in $CHROMIUM")]
fn the_echo_self_test_page_passes_in_chromium() {
    let server = start();
    let page = format!("http://{}/echo-test.html", server.addr);
    let report = run_page("ch10 echo page", &page, Duration::from_secs(60)).expect("a report");
    let Some(report) = report else { return }; // skipped, message printed
    eprintln!("the page reported: {report}");
    assert!(report.contains("\"ok\":true"), "{report}");
    assert!(
        report.contains("\"extensions\":\"\""),
        "deflate declined: {report}"
    );
    assert!(report.contains("\"code\":1000"), "{report}");
}

#[test]
#[cfg_attr(no_chromium, ignore = "no chromium on PATH or in $CHROMIUM")]
fn the_chat_page_talks_with_a_rust_client() {
    let server = start();
    // A Rust member: when the page joins, it greets it; it waits for the page's line.
    let url = format!("ws://{}/chat?nick=rusty", server.addr);
    let (mut reader, writer) = connect(&url, Default::default()).expect("rusty connects");
    let writer = Mutex::new(writer);
    let (tx, rx) = mpsc::channel();
    let peer = thread::spawn(move || {
        let mut seen = Vec::new();
        pump(&mut reader, &writer, |w, kind, payload| {
            if kind != MessageKind::Text {
                return;
            }
            let line = String::from_utf8_lossy(&payload).into_owned();
            if line == "* page joined (2 online)" {
                let _ = lock(w).send(ch09_ws_frames::OpCode::Text, b"hello page");
            }
            if line == "page: hi from chromium" {
                let _ = lock(w).close(1000, "");
            }
            seen.push(line);
        });
        let _ = tx.send(seen);
    });
    let page = format!(
        "http://{}/?nick=page&say=hi%20from%20chromium&expect=rusty%3A%20hello%20page&expect=page%3A%20hi%20from%20chromium",
        server.addr
    );
    let report = run_page("ch10 chat page", &page, Duration::from_secs(60)).expect("a report");
    let Some(report) = report else { return };
    eprintln!("the page reported: {report}");
    assert!(report.contains("\"ok\":true"), "{report}");
    assert!(report.contains("page: hi from chromium"), "{report}");
    let seen = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the Rust member finishes");
    peer.join().unwrap();
    assert!(
        seen.iter().any(|l| l == "page: hi from chromium"),
        "{seen:?}"
    );
}

#[test]
#[cfg_attr(no_chromium, ignore = "no chromium on PATH or in $CHROMIUM")]
fn the_chat_page_watchdog_notices_a_frozen_server_and_rejoins() {
    let server = start();
    // The page talks to the server through a proxy that can freeze the path.
    let proxy = FreezeProxy::start(server.addr).expect("the proxy starts");
    let (ping, pong) = (500.0, 1000.0);
    let page = format!(
        "http://{}/?nick=page&say=hi&watchdog=1&ping={ping}&pong={pong}",
        proxy.addr
    );
    let frozen_at = Arc::new(Mutex::new(None));
    let freezer = {
        let frozen_at = frozen_at.clone();
        let proxy = Arc::new(proxy);
        let p = proxy.clone();
        thread::spawn(move || {
            // Long enough for Chromium to start and the page to join (the page
            // pings every 0.5 s meanwhile, so the watchdog is running).
            thread::sleep(Duration::from_secs(4));
            p.freeze();
            *frozen_at.lock().unwrap() = Some(epoch_ms());
            proxy
        })
    };
    let report = run_page("ch10 chat watchdog", &page, Duration::from_secs(60)).expect("a report");
    let _proxy = freezer.join().unwrap();
    let Some(report) = report else { return }; // skipped, message printed
    eprintln!("the page reported: {report}");
    assert!(report.contains("\"ok\":true"), "{report}");
    assert!(
        report.contains("no answer to /ping"),
        "the page says why: {report}"
    );
    let frozen = frozen_at.lock().unwrap().expect("the path was frozen");
    let fired = number(&report, "fired").expect("fired") - frozen;
    let rejoined = number(&report, "rejoined").expect("rejoined") - frozen;
    eprintln!("watchdog fired {fired:.0} ms after the freeze, rejoined after {rejoined:.0} ms");
    // At most a quiet spell and a deadline (plus slack); not before the deadline.
    assert!(
        fired >= 0.8 * pong && fired <= ping + pong + 1000.0,
        "fired {fired:.0} ms after the freeze: {report}"
    );
    assert!(rejoined > fired && rejoined <= fired + 5000.0, "{report}");
}

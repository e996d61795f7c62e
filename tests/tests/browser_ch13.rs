//! Chapter 13 in a real browser: headless Chromium loads the showdown page,
//! all four panels receive the taxi, the page cuts every connection, and each
//! transport recovers: long polling, SSE and WebSocket without missing an id;
//! and the WebSocket panel's watchdog notices a frozen path and resumes.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use ch07_event_loop::Config;
use ch13_showdown::ShowdownConfig;
use ch13_showdown::driver::Server;
use workspace_tests::browser::{FreezeProxy, epoch_ms, number, run_page};
use workspace_tests::showdown_page::assert_recovered_after_the_cut;

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
    assert_recovered_after_the_cut(&report);
    server.stop();
}

#[test]
#[cfg_attr(no_chromium, ignore = "no chromium on PATH or in $CHROMIUM")]
fn the_websocket_watchdog_notices_a_frozen_path_and_resumes_without_a_gap() {
    let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let server = Server::start(
        addr,
        ShowdownConfig::default(),
        Config::default(),
        Some(10.0),
    )
    .expect("the server starts");
    // Through a proxy that can freeze every connection open at the moment.
    let proxy = Arc::new(FreezeProxy::start(server.addr).expect("the proxy starts"));
    let watchdog = 1500.0;
    let page = format!("http://{}/?wdtest=1&watchdog={watchdog}", proxy.addr);
    let frozen_at = Arc::new(Mutex::new(None));
    let freezer = {
        let (proxy, frozen_at) = (proxy.clone(), frozen_at.clone());
        thread::spawn(move || {
            thread::sleep(Duration::from_secs(4)); // Chromium starts, the taxi arrives
            proxy.freeze();
            *frozen_at.lock().unwrap() = Some(epoch_ms());
        })
    };
    let report = run_page("ch13 watchdog", &page, Duration::from_secs(60)).expect("a report");
    freezer.join().unwrap();
    let Some(report) = report else { return }; // skipped, message printed
    eprintln!("the page reported: {report}");
    assert!(report.contains("\"ok\":true"), "{report}");
    let frozen = frozen_at.lock().unwrap().expect("the path was frozen");
    let fired = number(&report, "fired").expect("fired") - frozen;
    let reopened = number(&report, "reopened").expect("reopened") - frozen;
    eprintln!("watchdog fired {fired:.0} ms after the freeze, reopened after {reopened:.0} ms");
    // Positions come every 100 ms: the watchdog fires about `watchdog` after the
    // freeze (the last position may be up to 100 ms older), never long after.
    assert!(
        fired >= watchdog - 300.0 && fired <= watchdog + 1000.0,
        "fired {fired:.0} ms after the freeze: {report}"
    );
    assert!(reopened > fired && reopened <= fired + 5000.0, "{report}");
    assert_eq!(
        number(&report, "missed"),
        Some(0.0),
        "resumed with ?after=: {report}"
    );
    server.stop();
}

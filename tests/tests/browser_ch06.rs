//! Chapter 6 in a real browser: headless Chromium loads the short-polling page
//! from `ch06-server`'s routes and reports that it saw the clock change.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ch06_http_server::server::{Handler, spawn};
use ch06_http_server::{HttpConfig, Request, Site};
use workspace_tests::browser::run_page;

#[test]
#[cfg_attr(no_chromium, ignore = "no chromium on PATH or in $CHROMIUM")]
fn the_short_polling_page_sees_the_clock_move() {
    // The chapter's own routes and page, counting the polls that reach the server.
    let polls = Arc::new(AtomicUsize::new(0));
    let counted = polls.clone();
    let site = Site {
        root: ch06_http_server::routes::default_root(),
    };
    let handler: Handler = Arc::new(move |req: &Request| {
        if req.path == "/time" {
            counted.fetch_add(1, Ordering::SeqCst);
        }
        site.handle(req)
    });
    let addr = spawn("127.0.0.1:0", HttpConfig::default(), handler).expect("server starts");

    // Poll every 200 ms; report after 3 different clock readings.
    let page = format!("http://{addr}/?every=200&updates=3");
    let report =
        run_page("ch06 short polling", &page, Duration::from_secs(30)).expect("the page reports");
    let Some(report) = report else { return }; // skipped, message printed
    eprintln!("the page reported: {report}");
    assert!(report.contains("\"ok\":true"), "{report}");
    assert!(report.contains("\"distinct\":3"), "{report}");
    assert!(report.contains("\"failed\":0"), "{report}");
    assert!(
        polls.load(Ordering::SeqCst) >= 3,
        "the server saw only {} polls",
        polls.load(Ordering::SeqCst)
    );
}

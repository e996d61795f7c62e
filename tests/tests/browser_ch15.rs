//! Chapter 15 in a real browser: over HTTP/2 the six-connection limit of
//! HTTP/1.1 (chapter 12's `seven.html`: the seventh EventSource waits) is
//! gone. Headless Chromium loads a page from `ch15-server`'s code over TLS
//! (ALPN h2) that opens a hundred EventSources and twenty long polls to one
//! origin at once: every one is live, and the server accepted one TCP
//! connection for all of them.

use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::time::Duration;

use ch07_event_loop::Config;
use ch13_showdown::ShowdownConfig;
use ch14_tls::testing::Pki;
use ch14_tls::{ALPN_H2, ALPN_HTTP1};
use ch15_http2::H2Config;
use workspace_tests::browser::{number, run_page_with};

#[test]
#[cfg_attr(no_chromium, ignore = "no chromium on PATH or in $CHROMIUM")]
fn a_hundred_eventsources_and_twenty_polls_share_one_h2_connection() {
    let pki = Pki::make();
    let tls = ch14_tls::server_config_offering(&pki.cert, &pki.key, &[ALPN_H2, ALPN_HTTP1])
        .expect("the certificate loads");
    let options = ShowdownConfig {
        root: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../chapters/15-http2/www"),
        ..ShowdownConfig::default()
    };
    let h2 = H2Config {
        max_concurrent_streams: 128,
        ..H2Config::default()
    };
    let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let (server, h2_stats) = ch15_http2::server::start::start(
        addr,
        Some(tls),
        options,
        h2,
        Config::default(),
        Some(10.0), // the taxi: an event every 100 ms for every stream
    )
    .expect("the server starts");
    let counters = server.counters.clone();
    let page = format!(
        "https://localhost:{}/streams.html?sources=100&polls=20",
        server.addr.port()
    );
    let trust = format!(
        "--ignore-certificate-errors-spki-list={}",
        pki.spki_sha256()
    );
    let report = run_page_with(
        "ch15 a hundred streams",
        &page,
        Duration::from_secs(60),
        &[trust],
    )
    .expect("a report");
    let Some(report) = report else { return }; // skipped, message printed
    let accepted = counters.connections.load(Ordering::Relaxed);
    let h2 = h2_stats.connections.load(Ordering::Relaxed);
    let requests = h2_stats.requests.load(Ordering::Relaxed);
    let streams = counters.sse_streams.load(Ordering::Relaxed);
    eprintln!("the page reported: {report}");
    eprintln!(
        "the server accepted {accepted} TCP connection(s), {h2} spoke HTTP/2 and carried \
         {requests} requests; {streams} SSE streams"
    );
    assert!(
        report.contains("\"protocol\":\"h2\""),
        "the page came over h2: {report}"
    );
    assert_eq!(number(&report, "opened"), Some(100.0), "{report}");
    assert_eq!(
        number(&report, "live"),
        Some(100.0),
        "every stream got events: {report}"
    );
    assert_eq!(
        number(&report, "polled"),
        Some(20.0),
        "every poll was answered: {report}"
    );
    assert!(streams >= 100, "{streams} SSE streams at the server");
    // Chromium may open a spare socket while the first handshake runs (it
    // did here: accepted, never used); every request went over one.
    assert_eq!(h2, 1, "one HTTP/2 connection for the page and its requests");
    assert!(
        requests >= 122,
        "the page, /state, 100 streams, 20 polls: {requests}"
    );
    server.stop();
}

/// Chapter 13's page from `ch15-server` over TLS: the page, its polls and its
/// EventSource go over HTTP/2; its WebSocket, for which we announce no
/// extended CONNECT (RFC 8441), goes over a second connection that ALPN makes
/// HTTP/1.1. All four panels work through a cut and back.
#[test]
#[cfg_attr(no_chromium, ignore = "no chromium on PATH or in $CHROMIUM")]
fn the_showdown_page_over_h2_with_its_websocket_over_http1() {
    showdown_page_over_h2(false);
}

fn showdown_page_over_h2(enable_connect_protocol: bool) {
    let pki = Pki::make();
    let tls = ch14_tls::server_config_offering(&pki.cert, &pki.key, &[ALPN_H2, ALPN_HTTP1])
        .expect("the certificate loads");
    let h2 = H2Config {
        enable_connect_protocol,
        ..H2Config::default()
    };
    let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let (server, h2_stats) = ch15_http2::server::start::start(
        addr,
        Some(tls),
        ShowdownConfig::default(),
        h2,
        Config::default(),
        Some(10.0),
    )
    .expect("the server starts");
    let page = format!(
        "https://localhost:{}/?every=300&before=3000&after=4000",
        server.addr.port()
    );
    let trust = format!(
        "--ignore-certificate-errors-spki-list={}",
        pki.spki_sha256()
    );
    let report =
        run_page_with("ch15 showdown", &page, Duration::from_secs(60), &[trust]).expect("a report");
    let Some(report) = report else { return };
    eprintln!("the page reported: {report}");
    let websockets = server.counters.websockets.load(Ordering::Relaxed);
    let on_streams = h2_stats.websockets.load(Ordering::Relaxed);
    let h2 = h2_stats.connections.load(Ordering::Relaxed);
    eprintln!(
        "{h2} HTTP/2 connection(s); {websockets} WebSocket(s), {on_streams} of them on HTTP/2 streams"
    );
    workspace_tests::showdown_page::assert_recovered_after_the_cut(&report);
    assert_eq!(h2, 1, "the page came over one HTTP/2 connection");
    assert!(websockets >= 2, "a WebSocket before the cut and one after");
    if enable_connect_protocol {
        assert_eq!(
            on_streams, websockets,
            "every WebSocket on a stream (RFC 8441)"
        );
    } else {
        assert_eq!(on_streams, 0, "every WebSocket over HTTP/1.1");
    }
    server.stop();
}

/// The same page with SETTINGS_ENABLE_CONNECT_PROTOCOL announced: Chromium
/// opens the WebSocket as an extended CONNECT on a stream of the page's own
/// HTTP/2 connection (RFC 8441), and all four panels still work through a cut.
#[test]
#[cfg_attr(no_chromium, ignore = "no chromium on PATH or in $CHROMIUM")]
fn the_showdown_page_over_h2_with_its_websocket_on_a_stream() {
    showdown_page_over_h2(true);
}

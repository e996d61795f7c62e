//! Chapter 14 in a real browser: headless Chromium loads chapter 13's
//! showdown page over `https://` from `ch14-server`'s code, and all four
//! panels work over TLS (the WebSocket panel over `wss://`, the SSE panel with
//! `EventSource("https://…")`), through a cut and back, missing nothing.
//!
//! The certificate comes from a local CA made with `openssl` at test time.
//! Chromium does not trust that CA; `--ignore-certificate-errors-spki-list`
//! makes it accept exactly one key, the server's, by its SHA-256 hash (it
//! takes effect only with a `--user-data-dir`, which every test gives it).

use std::net::SocketAddr;
use std::time::Duration;

use ch07_event_loop::Config;
use ch13_showdown::ShowdownConfig;
use ch14_tls::testing::Pki;
use workspace_tests::browser::run_page_with;
use workspace_tests::showdown_page::assert_recovered_after_the_cut;

#[test]
#[cfg_attr(no_chromium, ignore = "no chromium on PATH or in $CHROMIUM")]
fn four_panels_work_over_https_and_wss_and_recover_after_the_cut() {
    let pki = Pki::make();
    let tls = ch14_tls::server_config(&pki.cert, &pki.key).expect("the certificate loads");
    let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let server = ch14_tls::server::start(
        addr,
        tls,
        ShowdownConfig::default(),
        Config::default(),
        Some(10.0),
    )
    .expect("the server starts");
    let port = server.addr.port();
    // `localhost`, not 127.0.0.1: a name the certificate lists (both are in
    // its subjectAltName), and the one a reader would type.
    let page = format!("https://localhost:{port}/?every=300&before=3000&after=4000");
    let trust = format!(
        "--ignore-certificate-errors-spki-list={}",
        pki.spki_sha256()
    );
    let report = run_page_with(
        "ch14 showdown over TLS",
        &page,
        Duration::from_secs(60),
        &[trust],
    )
    .expect("a report");
    let Some(report) = report else { return }; // skipped, message printed
    eprintln!("the page reported: {report}");
    assert_recovered_after_the_cut(&report);
    server.stop();
}

//! Chapter 8's Origin check in a real browser, and which cookies a cross-site
//! WebSocket handshake carries (the SameSite nuance of cross-site WebSocket
//! hijacking).
//!
//! ```text
//!  http://127.0.0.1:P/login   sets three cookies for 127.0.0.1:
//!                               lax=1 (SameSite=Lax), none=1 (SameSite=None; Secure),
//!                               plain=1 (no SameSite: Lax by default)
//!                             opens ws://127.0.0.1:P/ws?same    (same site)
//!  http://localhost:P/attack  opens ws://127.0.0.1:P/ws?cross   (another site:
//!                             the attacker's page; a site is scheme + host, not port)
//! ```
//!
//! The server records each handshake's `Origin` and `Cookie` and answers with
//! chapter 8's `respond`, its Origin policy set as on a public server
//! (loopback origins not trusted, the same host trusted).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use ch05_http_parser::{EMPTY_HEADER, Limits, Status, parse_request};
use ch08_ws_handshake::{HandshakeConfig, OriginPolicy, respond};
use workspace_tests::browser::{Chromium, ReportSink, chromium_or_skip};

/// One WebSocket handshake as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    target: String,
    origin: String,
    cookie: String,
    status: u16,
}

/// The profile setting "allow third-party cookies". Without it, this Chromium
/// sends no cookie at all on a cross-site request, which would hide the rule
/// under test: which cookies SameSite lets through.
const ALLOW_THIRD_PARTY_COOKIES: &str = r#"{"profile":{"cookie_controls_mode":0}}"#;

fn login_page(port: u16) -> String {
    format!(
        "<!doctype html><title>login</title><script>\n\
         const ws = new WebSocket('ws://127.0.0.1:{port}/ws?same');\n\
         ws.onopen = () => ws.close();\n\
         // Then to the other site, passing our ?report=… on.\n\
         ws.onclose = () => {{ location = 'http://localhost:{port}/attack' + location.search; }};\n\
         </script>"
    )
}

fn attack_page(port: u16) -> String {
    format!(
        "<!doctype html><title>attack</title><script>\n\
         const report = new URLSearchParams(location.search).get('report');\n\
         const ws = new WebSocket('ws://127.0.0.1:{port}/ws?cross');\n\
         let opened = false;\n\
         ws.onopen = () => {{ opened = true; ws.close(); }};\n\
         ws.onclose = () => fetch(report, {{ method: 'POST',\n\
             body: JSON.stringify({{ crossOpened: opened }}) }});\n\
         </script>"
    )
}

/// Serves one connection: the two pages, or a handshake, recorded.
fn serve(mut stream: TcpStream, port: u16, seen: &Mutex<Vec<Seen>>) -> Option<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let limits = Limits::default();
    let mut buf = vec![0u8; limits.max_head_bytes];
    let mut filled = 0;
    let response = loop {
        let n = stream.read(&mut buf[filled..]).ok()?;
        if n == 0 {
            return None;
        }
        filled += n;
        let mut headers = [EMPTY_HEADER; 64];
        let req = match parse_request(&buf[..filled], &mut headers, &limits).ok()? {
            Status::Complete((req, _)) => req,
            Status::Partial => continue,
        };
        let field = |name: &str| {
            req.header(name)
                .map(|v| String::from_utf8_lossy(v).into_owned())
                .unwrap_or_default()
        };
        if req.target.starts_with("/ws") {
            let config = HandshakeConfig {
                protocols: Vec::new(),
                origin: OriginPolicy {
                    allow_loopback: false,
                    ..OriginPolicy::default()
                },
            };
            let (bytes, verdict) = respond(&req, &config);
            seen.lock().unwrap().push(Seen {
                target: req.target.to_string(),
                origin: field("origin"),
                cookie: field("cookie"),
                status: if verdict.is_ok() { 101 } else { 403 },
            });
            break bytes;
        }
        let (page, cookies) = if req.target.starts_with("/login") {
            (
                login_page(port),
                "Set-Cookie: lax=1; SameSite=Lax; Path=/\r\n\
                 Set-Cookie: none=1; SameSite=None; Secure; Path=/\r\n\
                 Set-Cookie: plain=1; Path=/\r\n",
            )
        } else {
            (attack_page(port), "")
        };
        break format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n{cookies}\
             Content-Length: {}\r\nConnection: close\r\n\r\n{page}",
            page.len()
        )
        .into_bytes();
    };
    stream.write_all(&response).ok()
}

fn start() -> (SocketAddr, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let record = record.clone();
            thread::spawn(move || serve(stream, addr.port(), &record));
        }
    });
    (addr, seen)
}

#[test]
#[cfg_attr(no_chromium, ignore = "no chromium on PATH or in $CHROMIUM")]
fn a_cross_site_handshake_carries_only_samesite_none_cookies_and_origin_refuses_it() {
    let Some(program) = chromium_or_skip("ch08 SameSite and Origin") else {
        return;
    };
    let (addr, seen) = start();
    let sink = ReportSink::start().unwrap();
    let url = format!(
        "http://{addr}/login?report={}",
        sink.url().replace(':', "%3A").replace('/', "%2F")
    );
    let browser =
        Chromium::open_with_preferences(&program, &url, Some(ALLOW_THIRD_PARTY_COOKIES)).unwrap();
    let report = sink
        .wait(Duration::from_secs(30))
        .unwrap_or_else(|| panic!("no report; chromium said:\n{}", browser.log_tail()));
    drop(browser);
    let seen = seen.lock().unwrap().clone();
    eprintln!("the page reported {report}; the server saw {seen:#?}");

    let same = seen
        .iter()
        .find(|s| s.target == "/ws?same")
        .expect("the same-site handshake");
    let cross = seen
        .iter()
        .find(|s| s.target == "/ws?cross")
        .expect("the cross-site handshake");
    let cookies = |s: &Seen| {
        let mut names: Vec<String> = s
            .cookie
            .split("; ")
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect();
        names.sort();
        names
    };
    // Same site: every cookie goes, and the Origin is the server's own host.
    assert_eq!(cookies(same), ["lax=1", "none=1", "plain=1"], "{same:?}");
    assert_eq!(same.origin, format!("http://{addr}"));
    assert_eq!(same.status, 101, "the same host is trusted");
    // Another site: only the SameSite=None cookie goes. Lax (declared, or the
    // default for a cookie without SameSite) stays home, so an attacker's page
    // gets a session only from SameSite=None cookies...
    assert_eq!(cookies(cross), ["none=1"], "{cross:?}");
    assert_eq!(cross.origin, format!("http://localhost:{}", addr.port()));
    // ...and the Origin check refuses it whatever it carries.
    assert_eq!(cross.status, 403, "a foreign Origin is refused");
    assert!(report.contains("\"crossOpened\":false"), "{report}");
}

//! Shared by the end-to-end tests: start `ch11-server`, talk HTTP to it.
#![allow(dead_code)] // each test file uses a different part

use std::time::Duration;

pub use ch01_tcp::testing::Server;
use ch06_http_server::client::{Connection, FullResponse};

/// No single exchange waits longer than this.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// Starts the built `ch11-server` on a free port with extra `args`.
pub fn server(args: &[&str]) -> Server {
    let mut all = vec!["--addr", "127.0.0.1:0"];
    all.extend_from_slice(args);
    Server::start(env!("CARGO_BIN_EXE_ch11-server"), &all).expect("ch11-server starts")
}

/// A connection with bounded timeouts.
pub fn connect(addr: &str) -> Connection {
    Connection::connect(addr, PATIENCE, PATIENCE).expect("connect")
}

/// One request on a new connection; the response.
pub fn request(addr: &str, raw: &str) -> FullResponse {
    connect(addr)
        .exchange(raw.as_bytes())
        .expect("a response")
        .0
}

/// `GET target`.
pub fn get(addr: &str, target: &str) -> FullResponse {
    request(addr, &format!("GET {target} HTTP/1.1\r\nHost: t\r\n\r\n"))
}

/// `POST /publish` with `body`; the new id.
pub fn publish(addr: &str, body: &str) -> u64 {
    let r = request(
        addr,
        &format!(
            "POST /publish HTTP/1.1\r\nHost: t\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    );
    assert_eq!(r.status(), 200, "{}", text(&r));
    let t = text(&r);
    t.trim_start_matches("{\"id\":")
        .trim_end_matches('}')
        .parse()
        .unwrap_or_else(|_| panic!("not an id: {t}"))
}

/// The body as text.
pub fn text(r: &FullResponse) -> String {
    String::from_utf8_lossy(&r.body).into_owned()
}

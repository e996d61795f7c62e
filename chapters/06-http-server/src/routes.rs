//! The routes of chapter 6: a function from a [`Request`] to a [`Response`].
//!
//! No sockets here, so the same function runs under the thread-per-connection
//! driver of this chapter and under chapter 7's event loop. Later chapters put
//! their own routes first and fall back to [`Site::handle`] for the rest.
//!
//! | route | methods | answer |
//! |---|---|---|
//! | `POST /echo` | POST | 200, the request body |
//! | `GET /time` | GET, HEAD | 200, the server clock as JSON (for short polling) |
//! | `GET /stream?n=N` | GET, HEAD | 200, N lines sent as N chunks |
//! | anything else | GET, HEAD | a file under the root, or 403/404 |

use std::path::PathBuf;
use std::time::SystemTime;

use crate::clock::{iso_time, unix_millis};
use crate::request::Request;
use crate::response::Response;
use crate::static_files::serve_file;

/// The methods RFC 9110 §9 defines. Any other token is a method we do not
/// implement at all (501, RFC 9110 §15.6.2), where a known method on the wrong
/// resource is 405 (RFC 9110 §15.5.6).
const KNOWN_METHODS: [&str; 8] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE",
];

/// How many lines `GET /stream` may be asked for.
pub const MAX_STREAM_LINES: u32 = 10_000;

/// The site: where its files are.
#[derive(Debug, Clone)]
pub struct Site {
    /// The web root; nothing outside it is ever served.
    pub root: PathBuf,
}

/// The `www/` directory of the crate this is written in, found at compile
/// time so that `cargo run -p chNN-…` serves its pages from any directory.
/// A macro, not a function: `CARGO_MANIFEST_DIR` must be read where it is
/// expanded, in each chapter's crate, not here in chapter 6's.
#[macro_export]
macro_rules! www_dir {
    () => {
        ::std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/www"))
    };
}

/// The default root: this chapter's `www/`.
pub fn default_root() -> PathBuf {
    crate::www_dir!()
}

/// 405 for a known method, 501 for a method nobody here implements.
pub fn wrong_method(req: &Request, allow: &[&str]) -> Response {
    if KNOWN_METHODS.contains(&req.method.as_str()) {
        Response::method_not_allowed(allow)
    } else {
        Response::error(501, &format!("method {} is not implemented", req.method))
    }
}

impl Site {
    // ANCHOR: handle
    /// Answers one request. Never fails: every problem is a response.
    pub fn handle(&self, req: &Request) -> Response {
        let get = req.method == "GET" || req.method == "HEAD";
        match req.path.as_str() {
            "/echo" if req.method == "POST" => echo(req),
            "/echo" => wrong_method(req, &["POST"]),
            "/time" if get => time(),
            "/time" => wrong_method(req, &["GET", "HEAD"]),
            "/stream" if get => stream(req),
            "/stream" => wrong_method(req, &["GET", "HEAD"]),
            path if get => serve_file(&self.root, path),
            _ => wrong_method(req, &["GET", "HEAD"]),
        }
    }
    // ANCHOR_END: handle
}

/// `POST /echo`: the body back, with the type it came with.
fn echo(req: &Request) -> Response {
    let kind = req
        .header_str("content-type")
        .unwrap_or("application/octet-stream");
    Response::new(200, kind, req.body.clone())
}

// ANCHOR: time
/// `GET /time`: the server clock, `{"unix_ms":…,"iso":"…"}`. Never cached: a
/// poll must reach the server every time to see the clock move.
fn time() -> Response {
    let now = SystemTime::now();
    let body = format!(
        "{{\"unix_ms\":{},\"iso\":\"{}\"}}",
        unix_millis(now),
        iso_time(now)
    );
    Response::json(200, body).with_header("Cache-Control", "no-store")
}
// ANCHOR_END: time

// ANCHOR: stream
/// `GET /stream?n=5`: `line 1\n` … `line 5\n`, one chunk each. The body is made
/// lazily, a line each time the encoder asks, so its length is never known up front.
fn stream(req: &Request) -> Response {
    let n = match req.query().parsed::<u32>("n") {
        None => 5,
        Some(Ok(n)) if n <= MAX_STREAM_LINES => n,
        Some(_) => {
            return Response::error(400, &format!("n must be 0..={MAX_STREAM_LINES}"));
        }
    };
    let lines = (1..=n).map(|i| format!("line {i}\n").into_bytes());
    Response::stream(200, "text/plain; charset=utf-8", lines)
}
// ANCHOR_END: stream

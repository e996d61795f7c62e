//! `--trace` for HTTP: each request and response head as text, bodies as a
//! size and a preview. Built on chapter 1's [`Trace`].
//!
//! ```text
//! <- 127.0.0.1:50412  GET /time HTTP/1.1   (62 bytes of head)
//!                     Host: 127.0.0.1:7006
//! -> 127.0.0.1:50412  HTTP/1.1 200 OK   (147 bytes of head)
//!                     Content-Type: application/json
//!                     …
//! -> 127.0.0.1:50412  body 45 bytes   "{\"unix_ms\":…"
//! ```

use std::fmt::Display;

use ch01_tcp::trace::{Trace, escape};

use crate::request::Request;

/// How many body bytes a trace line shows.
const BODY_PREVIEW: usize = 80;

/// Lines of a head, one per row, continuation rows indented under the first.
fn indent(lines: &[String], width: usize) -> String {
    lines.join(&format!("\n{}", " ".repeat(width)))
}

/// Prints a request's head, then its body's size and start.
pub fn request(trace: &Trace, peer: impl Display, req: &Request) {
    if !trace.enabled() {
        return;
    }
    let mut lines = vec![format!(
        "{} {} {}   ({} bytes of head)",
        req.method, req.target, req.version, req.head_bytes
    )];
    for (name, value) in &req.headers {
        lines.push(format!("{name}: {}", String::from_utf8_lossy(value)));
    }
    let width = format!("<- {peer}  ").chars().count();
    trace.annotated("<-", &peer, indent(&lines, width));
    if !req.body.is_empty() {
        trace.annotated("<-", &peer, body_line("body", &req.body));
    }
}

/// Prints bytes we sent: the head as text, body pieces as a size and a preview.
pub fn sent(trace: &Trace, peer: impl Display, bytes: &[u8], is_head: bool) {
    bytes_of("->", trace, peer, bytes, is_head);
}

/// Prints bytes we received, as a client: a response head as text, body
/// pieces (framing included) as a size and a preview. Nothing for no bytes.
pub fn received(trace: &Trace, peer: impl Display, bytes: &[u8], is_head: bool) {
    if !bytes.is_empty() {
        bytes_of("<-", trace, peer, bytes, is_head);
    }
}

/// A head as text, one line per row, or a body piece, behind `arrow`.
fn bytes_of(arrow: &str, trace: &Trace, peer: impl Display, bytes: &[u8], is_head: bool) {
    if !trace.enabled() {
        return;
    }
    if is_head {
        let text = String::from_utf8_lossy(bytes);
        let mut lines: Vec<String> = text
            .trim_end_matches("\r\n")
            .split("\r\n")
            .map(str::to_string)
            .collect();
        lines[0].push_str(&format!("   ({} bytes of head)", bytes.len()));
        let width = format!("{arrow} {peer}  ").chars().count();
        trace.annotated(arrow, &peer, indent(&lines, width));
    } else {
        trace.annotated(arrow, &peer, body_line("body", bytes));
    }
}

fn body_line(what: &str, bytes: &[u8]) -> String {
    format!(
        "{what} {} bytes   {}",
        bytes.len(),
        escape(bytes, BODY_PREVIEW)
    )
}

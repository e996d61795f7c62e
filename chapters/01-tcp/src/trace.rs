//! `--trace`: print every byte that crosses the wire, annotated, to stderr.
//!
//! Seeing the protocol is the point of the book, so every binary takes `--trace`.
//! This module prints raw bytes; later chapters add their own annotations on top
//! (HTTP heads as text in chapter 6, decoded WebSocket frames in chapter 10) and
//! reuse [`escape`] and [`hex`] for payload previews.
//!
//! Format, one event per block, arrows seen from this process:
//!
//! ```text
//! <- 127.0.0.1:50412  6 bytes   "hello\n"
//! -> 127.0.0.1:50412  6 bytes   "hello\n"
//! -- 127.0.0.1:50412  peer closed its write half (read returned 0)
//! ```

use std::fmt::{Display, Write as _};
use std::io::Write as _;

/// How many bytes of a payload a trace line shows before eliding the rest.
pub const PREVIEW: usize = 256;

/// A switch for tracing; cheap to copy into every thread or connection.
#[derive(Debug, Clone, Copy, Default)]
pub struct Trace {
    enabled: bool,
}

impl Trace {
    /// Tracing on or off.
    pub fn new(enabled: bool) -> Trace {
        Trace { enabled }
    }

    /// Whether anything will be printed (to skip building expensive annotations).
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Bytes we received from `peer`.
    pub fn recv(&self, peer: impl Display, bytes: &[u8]) {
        self.bytes("<-", peer, bytes);
    }

    /// Bytes we sent to `peer`.
    pub fn send(&self, peer: impl Display, bytes: &[u8]) {
        self.bytes("->", peer, bytes);
    }

    /// An event that is not bytes: connected, EOF, reset, closed.
    pub fn note(&self, peer: impl Display, what: impl Display) {
        if self.enabled {
            emit(&format!("-- {peer}  {what}\n"));
        }
    }

    /// A free-form annotated block, for later chapters' decoders
    /// (`arrow` is `<-` or `->`).
    pub fn annotated(&self, arrow: &str, peer: impl Display, text: impl Display) {
        if self.enabled {
            emit(&format!("{arrow} {peer}  {text}\n"));
        }
    }

    fn bytes(&self, arrow: &str, peer: impl Display, bytes: &[u8]) {
        if !self.enabled {
            return;
        }
        let shown = if looks_like_text(bytes) {
            escape(bytes, PREVIEW)
        } else {
            hex(bytes, PREVIEW)
        };
        emit(&format!(
            "{arrow} {peer}  {} bytes   {shown}\n",
            bytes.len()
        ));
    }
}

/// One write per event, with stderr locked, so lines from different threads
/// never interleave. Errors are ignored: tracing must never kill a server.
fn emit(s: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(s.as_bytes());
    let _ = err.flush();
}

/// Text if it is UTF-8 with no control bytes other than tab, CR and LF.
fn looks_like_text(bytes: &[u8]) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(s) => s
            .chars()
            .all(|c| !c.is_control() || matches!(c, '\t' | '\r' | '\n')),
        Err(_) => false,
    }
}

/// A quoted, escaped preview of at most `max` bytes: `"GET / HTTP/1.1\r\n"…`.
/// Invalid UTF-8 shows as `\xNN`, so nothing the peer sends can mess up a terminal.
pub fn escape(bytes: &[u8], max: usize) -> String {
    let cut = bytes.len().min(max);
    let mut out = String::with_capacity(cut + 2);
    out.push('"');
    for chunk in bytes[..cut].utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\r' => out.push_str("\\r"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                c if c.is_control() => {
                    let _ = write!(out, "\\u{{{:x}}}", c as u32);
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out.push('"');
    if cut < bytes.len() {
        let _ = write!(out, "… (+{} bytes)", bytes.len() - cut);
    }
    out
}

/// A hex preview of at most `max` bytes: `81 05 48 65 6c 6c 6f`.
pub fn hex(bytes: &[u8], max: usize) -> String {
    let cut = bytes.len().min(max);
    let mut out = String::with_capacity(cut * 3);
    for (i, b) in bytes[..cut].iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{b:02x}");
    }
    if cut < bytes.len() {
        let _ = write!(out, " … (+{} bytes)", bytes.len() - cut);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_shows_controls_and_bad_utf8() {
        assert_eq!(escape(b"a\"b\r\n", 99), r#""a\"b\r\n""#);
        assert_eq!(escape(b"\xff\x00ok", 99), r#""\xff\u{0}ok""#);
        assert_eq!(escape("héllo".as_bytes(), 99), "\"héllo\"");
        assert_eq!(escape(b"abcdef", 3), "\"abc\"… (+3 bytes)");
    }

    #[test]
    fn hex_previews() {
        assert_eq!(hex(&[0x81, 0x05, 0x48], 99), "81 05 48");
        assert_eq!(hex(&[1, 2, 3, 4], 2), "01 02 … (+2 bytes)");
        assert!(looks_like_text(b"GET / HTTP/1.1\r\n"));
        assert!(!looks_like_text(&[0x81, 0x05]));
    }
}

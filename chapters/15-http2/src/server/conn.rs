//! One connection of the server: undecided until its first bytes arrive,
//! then chapter 13's HTTP/1.1 connection or an HTTP/2 one, for good.

use std::sync::atomic::Ordering;

use ch07_event_loop::{Connection, Cx};
use ch13_showdown::conn::ShowdownConn;

use crate::frame::PREFACE;
use crate::server::h2::H2Side;
use crate::server::service::Http2Service;

/// What a connection speaks.
// The HTTP/1.1 variant stays inline, as in chapter 13 (one allocation less
// for what most connections are); the HTTP/2 side, with its decoders and
// tables, is boxed: it is made once per connection, not per request.
#[allow(clippy::large_enum_variant)]
pub enum Http2Conn {
    /// HTTP/1.1: chapter 13's connection, unchanged. Until the first bytes
    /// arrive (`sniffed` false) it may still turn out to be HTTP/2; its
    /// HTTP side is ready meanwhile, its read timeout armed.
    H1 {
        /// Chapter 13's connection.
        conn: ShowdownConn,
        /// The first bytes were seen, and they were not the preface.
        sniffed: bool,
    },
    /// HTTP/2.
    H2(Box<H2Side>),
}

/// What the first bytes say.
enum Sniffed {
    /// Too few bytes yet, and all of them match the preface.
    NotYet,
    /// The HTTP/2 connection preface (RFC 9113 §3.4).
    H2,
    /// Anything else: an HTTP/1.1 request line (`PRI` is not a method any
    /// HTTP/1.1 client sends).
    H1,
}

// ANCHOR: sniff
fn sniff(input: &[u8]) -> Sniffed {
    let n = input.len().min(PREFACE.len());
    if input[..n] != PREFACE[..n] {
        Sniffed::H1
    } else if n < PREFACE.len() {
        Sniffed::NotYet
    } else {
        Sniffed::H2
    }
}
// ANCHOR_END: sniff

impl Connection<Http2Service> for Http2Conn {
    fn on_data(&mut self, svc: &mut Http2Service, cx: &mut Cx<'_>, input: &mut [u8]) -> usize {
        if let Http2Conn::H1 { sniffed, .. } = self
            && !*sniffed
        {
            match sniff(input) {
                Sniffed::NotYet => return 0, // the loop keeps the bytes
                Sniffed::H1 => *sniffed = true,
                Sniffed::H2 => {
                    svc.stats.connections.fetch_add(1, Ordering::Relaxed);
                    cx.trace()
                        .note(cx.peer(), "the HTTP/2 connection preface: h2");
                    *self = Http2Conn::H2(Box::new(H2Side::new(svc, cx)));
                }
            }
        }
        match self {
            Http2Conn::H1 { conn, .. } => conn.on_data(&mut svc.showdown, cx, input),
            Http2Conn::H2(h) => h.on_data(svc, cx, input),
        }
    }

    fn on_drained(&mut self, svc: &mut Http2Service, cx: &mut Cx<'_>) {
        match self {
            Http2Conn::H1 { conn: c, .. } => c.on_drained(&mut svc.showdown, cx),
            Http2Conn::H2(h) => h.on_drained(svc, cx),
        }
    }

    fn on_timer(&mut self, svc: &mut Http2Service, cx: &mut Cx<'_>) {
        match self {
            Http2Conn::H1 { conn: c, .. } => c.on_timer(&mut svc.showdown, cx),
            Http2Conn::H2(h) => h.on_timer(svc, cx),
        }
    }

    fn on_wake(&mut self, svc: &mut Http2Service, cx: &mut Cx<'_>) {
        match self {
            Http2Conn::H1 { conn: c, .. } => c.on_wake(&mut svc.showdown, cx),
            Http2Conn::H2(h) => h.on_wake(svc, cx),
        }
    }

    fn on_eof(&mut self, svc: &mut Http2Service, cx: &mut Cx<'_>) {
        match self {
            Http2Conn::H1 { conn: c, .. } => c.on_eof(&mut svc.showdown, cx),
            Http2Conn::H2(h) => h.on_eof(svc, cx),
        }
    }
}

//! The HTTP half of a connection on the loop, written once for every chapter
//! that speaks HTTP on it: this chapter's server, the WebSocket upgrade (10),
//! long polling (11), SSE (12) and the showdown (13).
//!
//! It reads requests with chapter 6's [`Incoming`] and sends answers with
//! [`Sending`]. What it does *not* do is decide: [`HttpSide::read`] hands the
//! owner each complete request, and the owner picks one of three endings.
//!
//! ```text
//!                 read(input) ─▶ Request ─▶ the owner decides:
//!                                            │
//!      ┌─────────────────────────────────────┼──────────────────────────────┐
//!      ▼ answer now                          ▼ hold                         ▼ take over
//!   respond(response)                     hold(); later, on a wake       switch state, stop
//!      │                                  or a timer: respond(response)  calling HttpSide (a
//!      ▼                                                                 101, an SSE stream)
//!   Sending ── on_drained: pump ── Done ─▶ keep-alive: re-arm read_timeout, read on
//!                                     └──▶ else close
//! ```
//!
//! Requests are answered one at a time, in order: while an answer is being
//! sent or a request is held, `read` consumes nothing and the next request
//! waits in the loop's buffer (or, while reading is paused, in the kernel).
//! The timer means one thing at a time: while sending, a write timeout; in the
//! middle of a request, a 408; between requests, the idle timeout.

use std::time::Instant;

use ch06_http_server::connection::HttpConfig;
use ch06_http_server::encode::{Answering, Encoder};
use ch06_http_server::http_trace;
use ch06_http_server::incoming::{CONTINUE, Incoming, Next};
use ch06_http_server::request::Request;
use ch06_http_server::response::Response;

use crate::cx::Cx;
use crate::http_send::{Pumped, Sending};

// ANCHOR: state
/// Where one connection is in its request/response exchange.
///
/// ```text
///            bytes of a request              Request: the owner decides
///  Awaiting ─────────────────────▶ Reading ──────┬── hold() ──▶ Held ──respond()──┐
///     ▲                                          └── respond() ─────────────────┐ │
///     │                                                                         ▼ ▼
///     └──────── all queued, keep-alive ◀───────────────────────────────────── Sending
///                                                 all queued, close (or EOF) ──▶ Done
/// ```
///
/// The timer means one thing per state: `Awaiting`, the idle timeout;
/// `Reading`, the whole request's read timeout (then 408); `Held`, the
/// owner's; `Sending`, a write timeout.
enum Exchange {
    /// Between requests: nothing of the next one has arrived.
    Awaiting,
    /// Bytes of a request have arrived (a timeout is then a 408).
    Reading,
    /// The owner holds the request: it will answer later (a long poll).
    Held,
    /// An answer is being sent. `paused`: we paused reading while a big
    /// answer is queued a piece at a time.
    Sending { sending: Sending, paused: bool },
    /// The last answer is queued and the connection is closing: nothing more is read.
    Done,
}

/// One connection's HTTP state: the request reader, where the exchange is,
/// and two facts that hold whatever the exchange's state.
pub struct HttpSide {
    incoming: Incoming,
    exchange: Exchange,
    /// The client closed its side: finish the answer in progress, then close.
    /// A bool, not an `Exchange` state: the peer's FIN may come in any state
    /// (mid-answer, while held, between requests) and only changes what
    /// happens when the exchange ends.
    eof: bool,
    /// `read` turned input away while we were busy (`Held` or `Sending`): when
    /// the answer is done, the loop must offer it again, since no new readable
    /// event will announce bytes already in its buffer. A bool because it
    /// outlives the state it was set in (`Held` → `Sending` → `Awaiting`).
    refused: bool,
    /// Bytes still queued when the deadline was last set. A client with fewer
    /// queued at the deadline took some since: it is slow, not stalled, and
    /// gets another `read_timeout` (a write timeout means *no progress* for
    /// that long, as chapter 6's blocking writes have it).
    unsent_at_deadline: usize,
}
// ANCHOR_END: state

fn deadline(config: &HttpConfig, cx: &Cx<'_>) -> Instant {
    cx.now() + config.read_timeout
}

impl HttpSide {
    /// A new connection, waiting for its first request.
    pub fn new(config: &HttpConfig, cx: &mut Cx<'_>) -> HttpSide {
        // Chapter 6's rule: the whole request must arrive within read_timeout,
        // counted from the connection (or the last response), never pushed back
        // by each byte, so a slowloris client cannot hold a connection forever.
        cx.set_timer(Some(deadline(config, cx)));
        HttpSide {
            incoming: Incoming::new(config.limits, config.max_body),
            exchange: Exchange::Awaiting,
            eof: false,
            refused: false,
            unsent_at_deadline: 0,
        }
    }

    /// Whether an answer is being sent or a request is held: the owner's
    /// `on_timer` and `on_eof` leave the connection to us then.
    pub fn is_busy(&self) -> bool {
        matches!(self.exchange, Exchange::Held | Exchange::Sending { .. })
    }

    // ANCHOR: read
    /// Reads (at most) one request from `input`. Returns how many bytes it
    /// consumed, and the request once it is complete: the owner must then
    /// [`respond`](HttpSide::respond), [`hold`](HttpSide::hold), or take the
    /// connection over. Broken requests are answered here (400, 413, 431...),
    /// and so is `Expect: 100-continue`.
    ///
    /// `input` is the loop's own buffer, parsed where it lies: chapter 6's
    /// `Incoming` reads a borrowed slice, so no byte is copied to be parsed.
    pub fn read(
        &mut self,
        config: &HttpConfig,
        cx: &mut Cx<'_>,
        input: &[u8],
    ) -> (usize, Option<Request>) {
        match self.exchange {
            Exchange::Held | Exchange::Sending { .. } => {
                self.refused = true;
                return (0, None); // one request at a time: the rest waits its turn
            }
            Exchange::Done => return (0, None), // closing: no more requests
            Exchange::Awaiting | Exchange::Reading => self.exchange = Exchange::Reading,
        }
        let (used, next) = self.incoming.next(input);
        match next {
            Next::Request(request) => {
                http_trace::request(&config.trace, cx.peer(), &request);
                return (used, Some(request));
            }
            Next::NeedMore => {}
            Next::SendContinue => {
                // RFC 9110 §10.1.1: the client waits for this before the body.
                http_trace::sent(&config.trace, cx.peer(), CONTINUE, true);
                cx.write(CONTINUE);
            }
            Next::Reject(response) => {
                self.respond(config, cx, response, Answering::broken_request());
            }
        }
        (used, None)
    }
    // ANCHOR_END: read

    /// The owner will answer the current request later (a long poll waiting
    /// for an event): nothing more is read meanwhile. The owner owns the timer
    /// until it calls [`respond`](HttpSide::respond).
    pub fn hold(&mut self) {
        self.exchange = Exchange::Held;
    }

    // ANCHOR: respond
    /// Starts answering (now, or a held request later). Most responses fit in
    /// the queue at once; a big one pauses reading, so pipelined requests wait
    /// in the kernel, until it is all queued.
    pub fn respond(
        &mut self,
        config: &HttpConfig,
        cx: &mut Cx<'_>,
        response: Response,
        to: Answering,
    ) {
        // A second answer replacing one in progress keeps its pause (a 408
        // never replaces a live answer: on_timer aborts then).
        let paused = matches!(self.exchange, Exchange::Sending { paused: true, .. });
        let sending = Sending::new(Encoder::new(response, to));
        self.exchange = Exchange::Sending { sending, paused };
        self.pump(config, cx);
    }

    fn pump(&mut self, config: &HttpConfig, cx: &mut Cx<'_>) {
        let Exchange::Sending { sending, paused } = &mut self.exchange else {
            return;
        };
        match sending.pump(cx, config.trace) {
            Pumped::More => {
                if !*paused {
                    *paused = true;
                    cx.pause_reading(true);
                }
                // A stalled reader gets write_timeout per piece, like chapter 6's blocking writes.
                cx.set_timer(Some(cx.now() + config.write_timeout));
                self.unsent_at_deadline = cx.queued();
            }
            // The connection is gone already (http_send aborted it).
            Pumped::Aborted => self.exchange = Exchange::Done,
            Pumped::Done { keep_alive } => {
                let was_paused = *paused;
                if keep_alive && !self.eof {
                    self.exchange = Exchange::Awaiting;
                    cx.set_timer(Some(deadline(config, cx)));
                    self.unsent_at_deadline = cx.queued();
                    if was_paused {
                        cx.pause_reading(false); // the loop reads what waited
                    } else if std::mem::take(&mut self.refused) {
                        // A request pipelined behind this answer is already in
                        // the loop's buffer: ask for it to be offered again.
                        cx.read_again();
                    }
                } else {
                    self.exchange = Exchange::Done;
                    cx.close();
                }
            }
        }
    }
    // ANCHOR_END: respond

    /// The write queue emptied: queue the next pieces of a big answer.
    pub fn on_drained(&mut self, config: &HttpConfig, cx: &mut Cx<'_>) {
        self.pump(config, cx);
    }

    // ANCHOR: on_timer
    /// The deadline passed (a held request's timer is its owner's business).
    pub fn on_timer(&mut self, config: &HttpConfig, cx: &mut Cx<'_>) {
        let trace = config.trace;
        let sending = matches!(self.exchange, Exchange::Sending { .. });
        let started = matches!(self.exchange, Exchange::Reading | Exchange::Held);
        if sending || cx.queued() > 0 {
            let unsent = cx.queued();
            if unsent < self.unsent_at_deadline || (sending && unsent == 0) {
                // It took bytes since the deadline was set (all of them, if
                // the queue is empty: `on_drained` queues the next piece):
                // slow, not stalled.
                self.unsent_at_deadline = unsent;
                let wait = if sending {
                    config.write_timeout
                } else {
                    config.read_timeout
                };
                cx.set_timer(Some(cx.now() + wait));
                return;
            }
            // Answers are waiting (maybe paused by backpressure) and the client
            // has not taken any for read_timeout: it stopped reading.
            trace.note(cx.peer(), "write timeout: the client stopped reading");
            cx.abort();
        } else if started || self.incoming.mid_request(&[]) {
            // RFC 9110 §15.5.9: the request took too long to arrive.
            trace.note(cx.peer(), "read timeout in the middle of a request: 408");
            let response = Response::error(408, "the request took too long to arrive").closing();
            self.respond(config, cx, response, Answering::broken_request());
        } else {
            // RFC 9112 §9.5: an idle keep-alive connection may be closed at any time.
            trace.note(cx.peer(), "idle timeout: closing");
            cx.close();
        }
    }
    // ANCHOR_END: on_timer

    /// The client closed its side: no more requests will come. A response in
    /// progress is finished first; a held request is the owner's to drop.
    pub fn on_eof(&mut self, cx: &mut Cx<'_>) {
        self.eof = true;
        if !matches!(self.exchange, Exchange::Sending { .. }) {
            self.exchange = Exchange::Done; // a held request is dropped
            cx.close();
        }
    }
}

//! Chapter 6's HTTP server, on the loop: the same request reader
//! ([`Incoming`]), the same routes, the same encoder, no thread per connection.
//!
//! Chapter 6's `serve_connection` is a loop that blocks in `read`. Here the
//! same steps are a state machine the event loop drives:
//!
//! ```text
//!            on_data(bytes)                      response queued,   keep-alive
//!  Reading ────────────────▶ Incoming::next ───▶ Sending ─────────────────────▶ Reading
//!     ▲  NeedMore: return    │ Request → route   │  on_drained: pump more
//!     │  (bytes kept by      │ Reject  → close   │  Connection: close → close()
//!     │   the loop)          ▼                   ▼
//!     └──────────────── timer: 408 mid-request, else idle close
//! ```
//!
//! Requests are answered one at a time, in order. Most responses are queued
//! whole at once; a big one (a file, a stream) is queued a piece at a time
//! and reading pauses meanwhile, so pipelined requests wait in the kernel. A
//! client that pipelines many small requests without reading the answers hits
//! the loop's backpressure instead: its queue passes `max_write_queue` and the
//! loop stops reading from it.

use std::net::SocketAddr;
use std::time::Instant;

use ch06_http_server::connection::Config as HttpConfig;
use ch06_http_server::encode::{Answering, Encoder};
use ch06_http_server::http_trace;
use ch06_http_server::incoming::{CONTINUE, Incoming, Next};
use ch06_http_server::response::Response;
use ch06_http_server::server::Handler;

use crate::cx::Cx;
use crate::http_send::{Pumped, Sending};
use crate::service::{Connection, Service};

/// The HTTP application: a handler (chapter 6's routes) and its limits.
pub struct Http {
    handler: Handler,
    config: HttpConfig,
    /// Requests are parsed from a copy of at most this many bytes (see `on_data`).
    window: usize,
    /// The copy, reused by every connection: one buffer per loop.
    scratch: Vec<u8>,
}

impl Http {
    /// Serves `handler` with chapter 6's limits and timeouts.
    pub fn new(handler: Handler, config: HttpConfig) -> Http {
        // A window longer than the largest head guarantees the parser either
        // finds a whole head in it or reports 431: it never waits for bytes that
        // are already here but outside the window.
        let window = (config.limits.max_head_bytes + 1).max(16 * 1024);
        Http {
            handler,
            config,
            window,
            scratch: Vec::with_capacity(window),
        }
    }

    fn deadline(&self, cx: &Cx<'_>) -> Instant {
        cx.now() + self.config.read_timeout
    }
}

/// One HTTP connection.
pub struct HttpConn {
    incoming: Incoming,
    /// The response being sent, if any.
    sending: Option<Sending>,
    /// Bytes of a request have arrived since the last response (a timeout is then a 408).
    started: bool,
    /// The client closed its side: finish the response in progress, then close.
    eof: bool,
    /// We paused reading while a big response is queued.
    paused: bool,
}

impl Service for Http {
    type Conn = HttpConn;
    type Msg = ();

    fn accept(&mut self, cx: &mut Cx<'_>, _peer: SocketAddr) -> Option<HttpConn> {
        // Chapter 6's rule: the whole request must arrive within read_timeout,
        // counted from the connection (or the last response), never pushed back
        // by each byte, so a slowloris client cannot hold a connection forever.
        let at = self.deadline(cx);
        cx.set_timer(Some(at));
        Some(HttpConn {
            incoming: Incoming::new(self.config.limits, self.config.max_body),
            sending: None,
            started: false,
            eof: false,
            paused: false,
        })
    }
}

impl HttpConn {
    /// Starts answering. Most responses fit in the queue at once; a big one
    /// pauses reading (so pipelined requests wait in the kernel) until it is queued.
    fn respond(&mut self, svc: &mut Http, cx: &mut Cx<'_>, response: Response, to: Answering) {
        let encoder = Encoder::new(response, to);
        self.sending = Some(Sending::new(encoder));
        self.pump(svc, cx);
    }

    fn pump(&mut self, svc: &mut Http, cx: &mut Cx<'_>) {
        let Some(sending) = self.sending.as_mut() else {
            return;
        };
        match sending.pump(cx, svc.config.trace) {
            Pumped::More => {
                if !self.paused {
                    self.paused = true;
                    cx.pause_reading(true);
                }
                // A stalled reader gets read_timeout per piece, like chapter 6's write timeout.
                let at = svc.deadline(cx);
                cx.set_timer(Some(at));
            }
            Pumped::Done { keep_alive } => {
                self.sending = None;
                self.started = false;
                if keep_alive && !self.eof {
                    let at = svc.deadline(cx);
                    cx.set_timer(Some(at));
                    if self.paused {
                        self.paused = false;
                        cx.pause_reading(false);
                    }
                } else {
                    cx.close();
                }
            }
        }
    }
}

impl Connection<Http> for HttpConn {
    // ANCHOR: on_data
    fn on_data(&mut self, svc: &mut Http, cx: &mut Cx<'_>, input: &[u8]) -> usize {
        if self.sending.is_some() {
            return 0; // one response at a time: the rest waits its turn
        }
        self.started = true;
        // `Incoming` reads from a Vec it drains. Give it a copy of a bounded
        // window (so pipelined input is not copied over and over); what it
        // drained is what we consumed.
        let window = input.len().min(svc.window);
        svc.scratch.clear();
        svc.scratch.extend_from_slice(&input[..window]);
        let next = self.incoming.next(&mut svc.scratch);
        let used = window - svc.scratch.len();
        match next {
            Next::Request(request) => {
                http_trace::request(&svc.config.trace, cx.peer(), &request);
                let response = (svc.handler)(&request);
                self.respond(svc, cx, response, request.answering());
            }
            Next::NeedMore => {}
            Next::SendContinue => {
                http_trace::sent(&svc.config.trace, cx.peer(), CONTINUE, true);
                cx.write(CONTINUE);
            }
            Next::Reject(response) => {
                self.respond(svc, cx, response, Answering::broken_request());
            }
        }
        used
    }
    // ANCHOR_END: on_data

    fn on_drained(&mut self, svc: &mut Http, cx: &mut Cx<'_>) {
        self.pump(svc, cx);
    }

    fn on_timer(&mut self, svc: &mut Http, cx: &mut Cx<'_>) {
        let trace = svc.config.trace;
        if self.sending.is_some() || cx.queued() > 0 {
            // Answers are waiting (maybe paused by backpressure) and the client
            // has not taken any for read_timeout: it stopped reading.
            trace.note(cx.peer(), "write timeout: the client stopped reading");
            cx.abort();
        } else if self.started || self.incoming.mid_request(&[]) {
            // RFC 9110 §15.5.9: the request took too long to arrive.
            trace.note(cx.peer(), "read timeout in the middle of a request: 408");
            let response = Response::error(408, "the request took too long to arrive").closing();
            self.respond(svc, cx, response, Answering::broken_request());
        } else {
            // RFC 9112 §9.5: an idle keep-alive connection may be closed at any time.
            trace.note(cx.peer(), "idle timeout: closing");
            cx.close();
        }
    }

    fn on_eof(&mut self, _svc: &mut Http, cx: &mut Cx<'_>) {
        // No more requests will come. A response in progress is finished first.
        self.eof = true;
        if self.sending.is_none() {
            cx.close();
        }
    }
}

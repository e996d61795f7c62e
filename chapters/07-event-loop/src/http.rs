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
//! The state machine itself is [`HttpSide`] (in `http_side.rs`), written once
//! and reused by chapters 10 to 13; this file only plugs chapter 6's routes
//! into it. Requests are answered one at a time, in order. Most responses are queued
//! whole at once; a big one (a file, a stream) is queued a piece at a time
//! and reading pauses meanwhile, so pipelined requests wait in the kernel. A
//! client that pipelines many small requests without reading the answers hits
//! the loop's backpressure instead: its queue passes `max_write_queue` and the
//! loop stops reading from it.

use std::net::SocketAddr;

use ch06_http_server::connection::HttpConfig;
use ch06_http_server::server::Handler;

use crate::cx::Cx;
use crate::http_side::HttpSide;
use crate::service::{Connection, Service};

/// The HTTP application: a handler (chapter 6's routes) and its limits.
pub struct HttpService {
    handler: Handler,
    config: HttpConfig,
}

impl HttpService {
    /// Serves `handler` with chapter 6's limits and timeouts.
    pub fn new(handler: Handler, config: HttpConfig) -> HttpService {
        HttpService { handler, config }
    }
}

/// One HTTP connection: nothing but the shared HTTP state machine.
pub struct HttpConn {
    http: HttpSide,
}

impl Service for HttpService {
    type Conn = HttpConn;
    type Msg = ();

    fn accept(&mut self, cx: &mut Cx<'_>, _peer: SocketAddr) -> Option<HttpConn> {
        Some(HttpConn {
            http: HttpSide::new(&self.config, cx),
        })
    }
}

impl Connection<HttpService> for HttpConn {
    // ANCHOR: on_data
    fn on_data(&mut self, svc: &mut HttpService, cx: &mut Cx<'_>, input: &mut [u8]) -> usize {
        let (used, request) = self.http.read(&svc.config, cx, input);
        if let Some(request) = request {
            // Every request is answered at once: no holds, no upgrades here.
            let response = (svc.handler)(&request);
            self.http
                .respond(&svc.config, cx, response, request.answering());
        }
        used
    }
    // ANCHOR_END: on_data

    fn on_drained(&mut self, svc: &mut HttpService, cx: &mut Cx<'_>) {
        self.http.on_drained(&svc.config, cx);
    }

    fn on_timer(&mut self, svc: &mut HttpService, cx: &mut Cx<'_>) {
        self.http.on_timer(&svc.config, cx);
    }

    fn on_eof(&mut self, _svc: &mut HttpService, cx: &mut Cx<'_>) {
        self.http.on_eof(cx);
    }
}

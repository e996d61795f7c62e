//! The long-polling server: chapter 6's HTTP on chapter 7's loop, plus one
//! state, *held*, in which a request waits for the feed without a thread.
//!
//! ```text
//!             on_data: a request                 response queued,  keep-alive
//!  Reading ─────────────────────▶ route ──answer──▶ Sending ─────────────────▶ Reading
//!                                   │                  ▲
//!                        /poll, no  │ park in waiters  │ on_wake: events → 200 (or 410)
//!                        events yet ▼                  │ on_timer: timeout → 204
//!                                  Held ───────────────┘ on_eof / reset: dropped, unparked
//! ```
//!
//! A held request costs its connection's table entry and an id in [`Waiters`]:
//! no thread, no stack, no buffer. One loop thread holds thousands at once.
//! The HTTP itself (reading requests, sending answers, keep-alive, timeouts)
//! is chapter 7's [`HttpSide`]; this file adds the held state and the routes.
//! Routes: `GET /poll`, `POST /publish`, then chapter 6's [`Site`] (static
//! files from this chapter's `www/`, `/echo`, `/time`).

use std::net::SocketAddr;
use std::path::PathBuf;

use ch06_http_server::connection::HttpConfig;
use ch06_http_server::request::Request;
use ch06_http_server::response::Response;
use ch06_http_server::routes::{Site, wrong_method};
use ch07_event_loop::http_side::HttpSide;
use ch07_event_loop::{ConnId, Connection, Cx, LoopCx, Service};

use crate::feed::Feed;
use crate::poll::{Held, PollLimits};
use crate::publisher::FeedMsg;
use crate::waiters::Waiters;

/// Everything the long-polling service is configured with.
#[derive(Debug, Clone)]
pub struct LongPollConfig {
    /// Events the feed keeps (`--history`).
    pub history: usize,
    /// `/poll`'s timeouts and batch limits.
    pub poll: PollLimits,
    /// Chapter 6's request limits and timeouts; `max_body` bounds one published event.
    pub http: HttpConfig,
    /// The web root (this chapter's `www/`).
    pub root: PathBuf,
}

/// The largest event `POST /publish` accepts by default: with the default
/// history of 1000 the feed holds at most 64 MiB.
pub const MAX_EVENT_BYTES: usize = 64 * 1024;

impl Default for LongPollConfig {
    fn default() -> LongPollConfig {
        LongPollConfig {
            history: 1000,
            poll: PollLimits::default(),
            http: HttpConfig {
                max_body: MAX_EVENT_BYTES,
                ..HttpConfig::default()
            },
            root: default_root(),
        }
    }
}

/// This chapter's `www/` (the long-polling page), found at compile time.
pub fn default_root() -> PathBuf {
    ch06_http_server::www_dir!()
}

// ANCHOR: service
/// The service: the feed, the parked polls, the routes.
pub struct LongPollService {
    feed: Feed,
    waiters: Waiters,
    config: LongPollConfig,
    site: Site,
}

impl LongPollService {
    /// A service with an empty feed.
    pub fn new(config: LongPollConfig) -> LongPollService {
        LongPollService {
            feed: Feed::new(config.history),
            waiters: Waiters::new(),
            site: Site {
                root: config.root.clone(),
            },
            config,
        }
    }

    /// The feed (read-only: publish through [`LongPollService::publish`] so waiters wake).
    pub fn feed(&self) -> &Feed {
        &self.feed
    }

    /// How many polls are held right now.
    pub fn held(&self) -> usize {
        self.waiters.len()
    }

    /// Appends `data` to the feed and wakes every held poll.
    pub fn publish(&mut self, lp: &mut LoopCx<'_>, data: String) -> u64 {
        let id = self.feed.publish(data);
        let woken = self.waiters.wake_all(lp);
        if lp.trace().enabled() {
            lp.trace().note(
                "feed",
                format!("published id {id}; waking {woken} held polls"),
            );
        }
        id
    }
}
// ANCHOR_END: service

/// One connection of the long-polling server: chapter 7's [`HttpSide`] for
/// the HTTP, plus the one thing that is this chapter's own, a held poll.
pub struct LongPollConn {
    http: HttpSide,
    held: Option<Held>,
}

/// What a request turned into.
enum Routed {
    Answer(Response),
    Hold(Held),
}

impl Service for LongPollService {
    type Conn = LongPollConn;
    type Msg = FeedMsg;

    fn accept(&mut self, cx: &mut Cx<'_>, _peer: SocketAddr) -> Option<LongPollConn> {
        Some(LongPollConn {
            http: HttpSide::new(&self.config.http, cx),
            held: None,
        })
    }

    // ANCHOR: on_message
    fn on_message(&mut self, lp: &mut LoopCx<'_>, msg: FeedMsg) {
        match msg {
            FeedMsg::Publish(data) => {
                self.publish(lp, data);
            }
        }
    }
    // ANCHOR_END: on_message

    fn on_closed(&mut self, _lp: &mut LoopCx<'_>, id: ConnId, _conn: LongPollConn) {
        // A client that vanished while held must not stay parked.
        self.waiters.unpark(id);
    }
}

impl LongPollService {
    // ANCHOR: route
    /// Routes one request: an answer now, or hold it.
    fn route(&mut self, cx: &mut Cx<'_>, req: &Request) -> Routed {
        let get = req.method == "GET" || req.method == "HEAD";
        match req.path.as_str() {
            "/poll" if get => match Held::start(req, &self.feed, &self.config.poll, cx.now()) {
                Err(bad) => Routed::Answer(bad),
                Ok(held) => match held.answer(&self.feed) {
                    Some(response) => Routed::Answer(response),
                    None => Routed::Hold(held),
                },
            },
            "/poll" => Routed::Answer(wrong_method(req, &["GET", "HEAD"])),
            "/publish" if req.method == "POST" => match String::from_utf8(req.body.clone()) {
                Ok(data) => {
                    let id = self.publish(cx, data);
                    let body = format!("{{\"id\":{id}}}");
                    Routed::Answer(
                        Response::json(200, body).with_header("Cache-Control", "no-store"),
                    )
                }
                Err(_) => Routed::Answer(Response::error(400, "an event must be UTF-8 text")),
            },
            "/publish" => Routed::Answer(wrong_method(req, &["POST"])),
            _ => Routed::Answer(self.site.handle(req)),
        }
    }
    // ANCHOR_END: route
}

impl LongPollConn {
    // ANCHOR: hold
    /// Parks this connection until the feed has an event after `held.after`.
    fn hold(&mut self, svc: &mut LongPollService, cx: &mut Cx<'_>, held: Held) {
        let timeout = held.until.saturating_duration_since(cx.now());
        svc.config.http.trace.note(
            cx.peer(),
            format!(
                "held: waiting for an event after id {} (up to {timeout:?})",
                held.after
            ),
        );
        self.held = Some(held);
        self.http.hold();
        svc.waiters.park(cx.id());
        // The connection's one timer now means "answer 204".
        cx.set_timer(Some(held.until));
    }

    /// Woken by a publish: answer if there is something after our cursor.
    fn check_held(&mut self, svc: &mut LongPollService, cx: &mut Cx<'_>) {
        let Some(held) = self.held else { return };
        match held.answer(&svc.feed) {
            Some(response) => {
                self.held = None;
                svc.waiters.unpark(cx.id());
                self.http.respond(&svc.config.http, cx, response, held.to);
            }
            None => svc.waiters.park(cx.id()), // nothing for us yet: wait on
        }
    }
    // ANCHOR_END: hold
}

impl Connection<LongPollService> for LongPollConn {
    fn on_data(&mut self, svc: &mut LongPollService, cx: &mut Cx<'_>, input: &mut [u8]) -> usize {
        // While a poll is held, `read` consumes nothing: a pipelined request
        // waits its turn, and is offered again once the poll is answered.
        let (used, request) = self.http.read(&svc.config.http, cx, input);
        if let Some(request) = request {
            match svc.route(cx, &request) {
                Routed::Answer(response) => {
                    let to = request.answering();
                    self.http.respond(&svc.config.http, cx, response, to);
                }
                Routed::Hold(held) => self.hold(svc, cx, held),
            }
        }
        used
    }

    fn on_drained(&mut self, svc: &mut LongPollService, cx: &mut Cx<'_>) {
        self.http.on_drained(&svc.config.http, cx);
    }

    fn on_wake(&mut self, svc: &mut LongPollService, cx: &mut Cx<'_>) {
        self.check_held(svc, cx);
    }

    fn on_timer(&mut self, svc: &mut LongPollService, cx: &mut Cx<'_>) {
        let trace = svc.config.http.trace;
        if let Some(held) = self.held.take() {
            // RFC 6202 §2.2: the server answers before intermediaries give up on
            // the request; "nothing yet" is a normal answer, and the client asks again.
            svc.waiters.unpark(cx.id());
            trace.note(cx.peer(), "poll timeout: 204, nothing new");
            let response = held.timed_out();
            self.http.respond(&svc.config.http, cx, response, held.to);
        } else {
            // Sending (write timeout), mid-request (408) or idle (close).
            self.http.on_timer(&svc.config.http, cx);
        }
    }

    fn on_eof(&mut self, svc: &mut LongPollService, cx: &mut Cx<'_>) {
        if self.held.take().is_some() {
            // The client gave up on its poll (closed the tab, was cut): nobody to answer.
            // (A client that only half-closed would lose its poll too; HTTP clients
            // keep their sending side open while they wait for an answer.)
            svc.waiters.unpark(cx.id());
            svc.config
                .http
                .trace
                .note(cx.peer(), "client closed while held: dropping the poll");
        }
        self.http.on_eof(cx);
    }
}

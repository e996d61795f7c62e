//! The showdown's service: one feed, four ways out, on one chapter 7 loop.
//!
//! ```text
//!   taxi thread ──Publisher──▶ ┌───────────── ShowdownService (one loop thread) ─────────────┐
//!   POST /publish, WS text ──▶ │ feed (ch11) ── publish ──▶ waiters.wake_all          │
//!                              │   GET /state   → latest position, answered at once   │
//!                              │   GET /poll    → held until an event (ch11 rules)    │
//!                              │   GET /events  → an SSE stream (ch12 format)         │
//!                              │   GET /ws      → WebSocket text messages (ch08/ch09) │
//!                              └──────────────────────────────────────────────────────┘
//! ```
//!
//! Held polls, SSE streams and WebSockets all *park* in one [`Waiters`] set;
//! a publish wakes them, and each one reads the feed from its own cursor
//! (see [`crate::conn`]). `POST /cut` closes every other connection, to show each
//! transport come back without losing an event.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use ch06_http_server::connection::HttpConfig;
use ch06_http_server::routes::Site;
use ch07_event_loop::{ConnId, LoopCx};
use ch09_ws_frames::Limits;
use ch10_ws_server::websocket::WsSettings;
use ch11_long_polling::poll::PollLimits;
use ch11_long_polling::{Feed, Waiters};

use crate::events;
use crate::taxi::Route;

/// The default web root: this chapter's `www/`.
pub fn default_root() -> PathBuf {
    ch06_http_server::www_dir!()
}

/// What the server lets you tune.
#[derive(Debug, Clone)]
pub struct ShowdownConfig {
    /// Where the page lives.
    pub root: PathBuf,
    /// Events kept for clients that resume.
    pub history: usize,
    /// `/poll`'s hold times and batch sizes (chapter 11's defaults: held 25 s,
    /// at most 100 events per answer).
    pub poll: PollLimits,
    /// The `retry:` an SSE stream starts with, in ms.
    pub sse_retry_ms: u64,
    /// Quiet streams (SSE comment, WebSocket ping) get a heartbeat this often.
    pub heartbeat: Duration,
    /// Slow consumers. A stream sends a backlog in pieces of half this, each
    /// when its write queue drains. A caught-up stream whose queue passes this
    /// (events come faster than its client reads) is dropped, and so is one
    /// with a backlog that made no progress for a heartbeat interval. Its
    /// client resumes from its last id, so nothing is lost, and one slow
    /// reader costs nobody else anything.
    pub max_stream_queue: usize,
    /// The biggest message a visitor may publish (`POST /publish`, or text
    /// sent on `/ws`): [`MAX_MESSAGE`], a chat line. Every event is kept in
    /// the history and sent to every client, so this is also what one event
    /// may cost per client. (Chapter 14's bench raises it to measure 64 KiB
    /// events.)
    pub max_message: u64,
    /// Limits and timeouts of the HTTP part (chapter 6).
    pub http: HttpConfig,
    /// The taxi's route (the page draws it from `GET /route`).
    pub route: Route,
}

impl Default for ShowdownConfig {
    fn default() -> ShowdownConfig {
        ShowdownConfig {
            root: default_root(),
            history: 1000,
            poll: PollLimits::default(),
            sse_retry_ms: 1000,
            heartbeat: Duration::from_secs(15),
            max_stream_queue: 128 * 1024,
            max_message: MAX_MESSAGE,
            http: HttpConfig::default(),
            route: Route::city(),
        }
    }
}

/// The biggest message a visitor may send by default (a chat line, not a file).
pub const MAX_MESSAGE: u64 = 4096;

/// How long a pinged peer has to answer with a Pong.
pub const PONG_TIMEOUT: Duration = Duration::from_secs(10);

/// The showdown's WebSocket settings: chat-sized messages, the page's
/// heartbeat as the ping interval. Made once, with the service.
fn ws_settings(options: &ShowdownConfig) -> WsSettings {
    WsSettings {
        limits: Limits {
            max_message: options.max_message,
            max_fragments: 64,
        },
        ping_interval: options.heartbeat,
        pong_timeout: PONG_TIMEOUT,
        trace: options.http.trace,
        ..WsSettings::default()
    }
}

/// What the server did, readable from any thread (the bench reads it).
#[derive(Debug, Default)]
pub struct Counters {
    /// TCP connections accepted.
    pub connections: AtomicU64,
    /// HTTP requests answered or accepted (every poll, every stream opened, every upgrade).
    pub requests: AtomicU64,
    /// `GET /state` answered.
    pub states: AtomicU64,
    /// `/poll` answers sent (200, 204 or 410).
    pub polls: AtomicU64,
    /// SSE streams opened.
    pub sse_streams: AtomicU64,
    /// WebSocket upgrades accepted.
    pub websockets: AtomicU64,
    /// Events published.
    pub published: AtomicU64,
    /// Connections closed by `POST /cut`.
    pub cut: AtomicU64,
    /// Streams dropped because their client did not keep up.
    pub slow_dropped: AtomicU64,
}

impl Counters {
    /// Adds one to `c`.
    pub fn bump(c: &AtomicU64) {
        c.fetch_add(1, Ordering::Relaxed);
    }

    /// Reads `c`.
    pub fn get(c: &AtomicU64) -> u64 {
        c.load(Ordering::Relaxed)
    }
}

/// The application: the feed, who waits for it, and the site.
pub struct ShowdownService {
    pub(crate) feed: Feed,
    /// The id and data of the newest position event (for `GET /state`).
    pub(crate) latest_position: Option<(u64, String)>,
    pub(crate) waiters: Waiters,
    /// Every open connection (`POST /cut` closes them all).
    pub(crate) open: HashSet<ConnId>,
    pub(crate) site: Site,
    pub(crate) options: ShowdownConfig,
    pub(crate) counters: Arc<Counters>,
    /// Every `/ws` connection's limits and timers (chapter 10's).
    pub(crate) ws: WsSettings,
}

impl ShowdownService {
    /// A server with an empty feed.
    pub fn new(options: ShowdownConfig) -> ShowdownService {
        ShowdownService {
            ws: ws_settings(&options),
            feed: Feed::new(options.history),
            latest_position: None,
            waiters: Waiters::new(),
            open: HashSet::new(),
            site: Site {
                root: options.root.clone(),
            },
            options,
            counters: Arc::new(Counters::default()),
        }
    }

    /// The counters, to read from another thread.
    pub fn counters(&self) -> Arc<Counters> {
        self.counters.clone()
    }

    /// The feed every transport reads from its own cursor.
    pub fn feed(&self) -> &Feed {
        &self.feed
    }

    /// The settings the server runs with.
    pub fn options(&self) -> &ShowdownConfig {
        &self.options
    }

    /// Connection `id` waits for the next publish (a held poll, a caught-up
    /// stream): it gets an `on_wake` then.
    pub fn park(&mut self, id: ConnId) {
        self.waiters.park(id);
    }

    /// Connection `id` no longer waits.
    pub fn unpark(&mut self, id: ConnId) {
        self.waiters.unpark(id);
    }

    /// Connection `id` is gone: it waits for nothing and a cut has nothing to
    /// close. (What `on_closed` does; chapter 15 calls it for its HTTP/2
    /// connections.)
    pub fn forget(&mut self, id: ConnId) {
        self.open.remove(&id);
        self.waiters.unpark(id);
    }

    /// Connection `id` was accepted (`POST /cut` will close it).
    pub fn opened(&mut self, id: ConnId) {
        Counters::bump(&self.counters.connections);
        self.open.insert(id);
    }

    // ANCHOR: publish
    /// Appends `data` to the feed and wakes everyone parked on it. Returns its id.
    pub(crate) fn publish(&mut self, lp: &mut LoopCx<'_>, data: String) -> u64 {
        let position = events::is_position(&data);
        let id = self.feed.publish(data);
        if position {
            let data = self.feed.after(id - 1).ok().and_then(|mut it| it.next());
            self.latest_position = data.map(|e| (id, e.data.clone()));
        }
        Counters::bump(&self.counters.published);
        // Every held poll, SSE stream and WebSocket reads the feed from its own
        // cursor in its on_wake, later in this turn.
        self.waiters.wake_all(lp);
        id
    }
    // ANCHOR_END: publish

    // ANCHOR: cut
    /// `POST /cut`: drops every connection but `except` (the one asking), as a
    /// network failure would. Returns how many.
    pub(crate) fn cut(&mut self, lp: &mut LoopCx<'_>, except: ConnId) -> usize {
        let victims: Vec<ConnId> = self
            .open
            .iter()
            .copied()
            .filter(|&id| id != except)
            .collect();
        for &id in &victims {
            lp.abort_conn(id);
        }
        self.counters
            .cut
            .fetch_add(victims.len() as u64, Ordering::Relaxed);
        victims.len()
    }
    // ANCHOR_END: cut
}

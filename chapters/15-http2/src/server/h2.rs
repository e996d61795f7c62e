//! The HTTP/2 side of a showdown connection: chapter 15's [`H2Conn`] between
//! the loop and chapter 13's routes, with a task for each stream that
//! outlives its request (a body still going out, a held poll, an SSE stream).
//!
//! ```text
//!  on_data ─▶ H2Conn::feed ─▶ events ─▶ RequestCollector ─▶ Request ─▶ routes::decide
//!                                                                       ├ Answer → respond (a Pump task if big)
//!                                                                       ├ Hold   → a Held task, the connection parked
//!                                                                       ├ Stream → HEADERS, retry:, an Sse task
//!                                                                       └ WebSocket (a GET) → 400
//!  CONNECT :protocol websocket ─▶ 200, then chapter 13's WebSocket on the stream (RFC 8441)
//!  on_wake ─▶ every Held task answers if it can, every Sse task pushes
//!  on_timer ─▶ H2Conn's deadlines, held polls' 204s, SSE heartbeats
//!  flush ─▶ pending_output(room) ─▶ cx.write; SendReady ─▶ pump / push more
//! ```
//!
//! Where HTTP/1.1 gave each of these a connection, HTTP/2 gives each a
//! stream: a page with a hundred EventSources holds a hundred tasks here on
//! one socket, and one that stops reading is reset alone.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::time::Instant;

use ch06_http_server::request::Request;
use ch06_http_server::response::Response;
use ch07_event_loop::Cx;
use ch08_ws_handshake::{HandshakeConfig, validate_extended_connect};
use ch11_long_polling::poll::Held;
use ch11_long_polling::push::Pushed;
use ch12_sse::push::{EventStream, Heartbeat};
use ch12_sse::stream;
use ch13_showdown::Counters;
use ch13_showdown::routes::{self, Route};
use ch13_showdown::ws::{self, Ws};

use crate::conn::{BodyPump, Collected, Event, H2Conn, Pumped, RequestCollector, respond};
use crate::error_code::ErrorCode;
use crate::frame::StreamId;
use crate::hpack::HeaderField;
use crate::http::split_response;
use crate::http::{Head, into_request};
use crate::server::link::StreamLink;
use crate::server::outlet::StreamOutlet;
use crate::server::service::Http2Service;
use crate::server::trace::FrameTrace;

/// How much output we hand the loop per flush, beyond what it already has
/// queued: enough for full-size frames from many streams, small enough that
/// one connection's burst does not fill the write queue chapter 7 limits.
const FLUSH_ROOM: usize = 128 * 1024;

/// What a stream still has to do after its request was routed.
enum Task {
    /// A response body bigger than the stream's queue: more on `SendReady`.
    Pump(BodyPump),
    /// A long poll waiting for an event (200), a gap (410) or its timeout (204).
    Held(Held),
    /// An SSE stream; `beat`: when its next heartbeat is due.
    Sse { stream: EventStream, beat: Instant },
    /// A WebSocket on the stream (RFC 8441), chapter 13's, with its one
    /// deadline and whether the stream has ended.
    Ws {
        ws: Ws,
        deadline: Option<Instant>,
        ended: bool,
    },
}

/// Runs `f` with the WebSocket of task `id` and its stream as the carrier;
/// forgets the task when its stream has ended. `None`: no such WebSocket.
macro_rules! with_ws {
    ($side:expr, $cx:expr, $id:expr, |$ws:ident, $link:ident| $body:expr) => {{
        let (now, peer) = ($cx.now(), $cx.peer());
        let result = match $side.tasks.get_mut(&$id) {
            Some(Task::Ws {
                ws: $ws,
                deadline,
                ended,
            }) => {
                let mut $link = StreamLink {
                    conn: &mut $side.conn,
                    stream: $id,
                    now,
                    peer,
                    deadline,
                    ended,
                };
                Some($body)
            }
            _ => None,
        };
        if let Some(Task::Ws { ended: true, .. }) = $side.tasks.get(&$id) {
            $side.tasks.remove(&$id);
        }
        result
    }};
}

/// One HTTP/2 connection's state.
pub struct H2Side {
    conn: H2Conn,
    collector: RequestCollector,
    tasks: HashMap<StreamId, Task>,
    trace: Option<FrameTrace>,
    /// Since when no stream has been open (`None`: some are). After chapter
    /// 6's keep-alive timeout of that, a graceful GOAWAY (RFC 9113 §9.1: a
    /// server may close an idle connection, and says so first).
    idle_since: Option<Instant>,
}

impl H2Side {
    /// The client sent the preface: start HTTP/2 (our SETTINGS are queued
    /// at once, §3.4).
    pub fn new(svc: &mut Http2Service, cx: &mut Cx<'_>) -> H2Side {
        let tracing = svc.showdown.options().http.trace.enabled();
        let mut side = H2Side {
            conn: H2Conn::new(svc.h2.clone(), cx.now()),
            collector: RequestCollector::new(svc.showdown.options().max_message as usize),
            tasks: HashMap::new(),
            trace: tracing.then(FrameTrace::new),
            idle_since: Some(cx.now()),
        };
        side.settle(svc, cx);
        side
    }

    /// Bytes from the client.
    pub fn on_data(&mut self, svc: &mut Http2Service, cx: &mut Cx<'_>, input: &mut [u8]) -> usize {
        if let Some(t) = &mut self.trace {
            t.incoming(cx, input);
        }
        let now = cx.now();
        let used = match self.conn.feed(input, now) {
            Ok(n) => n,
            Err(e) => {
                cx.trace()
                    .note(cx.peer(), format!("HTTP/2 connection error: {e}"));
                input.len()
            }
        };
        self.events(svc, cx);
        self.settle(svc, cx);
        used
    }

    /// The loop's write queue drained: more frames may go.
    pub fn on_drained(&mut self, svc: &mut Http2Service, cx: &mut Cx<'_>) {
        self.settle(svc, cx);
    }

    /// A publish woke the connection: held polls answer, streams push.
    pub fn on_wake(&mut self, svc: &mut Http2Service, cx: &mut Cx<'_>) {
        let ids: Vec<StreamId> = self.tasks.keys().copied().collect();
        for id in ids {
            self.advance(svc, cx, id);
        }
        self.settle(svc, cx);
    }

    /// A deadline passed: HTTP/2's own (SETTINGS ACK, GOAWAY), a held poll's
    /// timeout, an SSE heartbeat.
    pub fn on_timer(&mut self, svc: &mut Http2Service, cx: &mut Cx<'_>) {
        let now = cx.now();
        if let Err(e) = self.conn.on_timer(now) {
            cx.trace()
                .note(cx.peer(), format!("HTTP/2 connection error: {e}"));
        }
        let idle_timeout = svc.showdown.options().http.read_timeout;
        if self
            .idle_since
            .is_some_and(|since| now >= since + idle_timeout)
        {
            cx.trace()
                .note(cx.peer(), "idle timeout: GOAWAY (NO_ERROR)");
            self.conn.goaway(ErrorCode::NO_ERROR, now);
            self.idle_since = None;
        }
        let heartbeat = svc.showdown.options().heartbeat;
        let ids: Vec<StreamId> = self.tasks.keys().copied().collect();
        for id in ids {
            match self.tasks.get_mut(&id) {
                Some(Task::Held(held)) if held.until <= now => {
                    let answer = held.timed_out();
                    Counters::bump(&svc.showdown.counters().polls);
                    self.tasks.remove(&id);
                    self.answer(id, answer, false);
                }
                Some(Task::Ws {
                    deadline: Some(at), ..
                }) if *at <= now => {
                    with_ws!(self, cx, id, |ws, link| ws::on_timer(
                        &svc.showdown,
                        &mut link,
                        ws
                    ));
                }
                Some(Task::Sse { stream, beat }) if *beat <= now => {
                    *beat = now + heartbeat;
                    let mut out = StreamOutlet::new(&mut self.conn, id, cx);
                    let beat = stream.heartbeat(&mut out);
                    if beat == Heartbeat::Stalled || out.refused {
                        self.drop_slow(svc, id);
                    }
                }
                _ => {}
            }
        }
        self.settle(svc, cx);
    }

    /// The client closed its side: nobody will read what we would send.
    pub fn on_eof(&mut self, svc: &mut Http2Service, cx: &mut Cx<'_>) {
        svc.showdown.unpark(cx.id());
        cx.close();
    }

    /// Acts on everything the connection reported.
    fn events(&mut self, svc: &mut Http2Service, cx: &mut Cx<'_>) {
        while let Some(event) = self.conn.next_event() {
            match self.collector.collect(&mut self.conn, event) {
                Collected::Request { stream, request } => self.route(svc, cx, stream, request),
                Collected::Other(Event::SendReady { stream }) => self.ready(svc, cx, stream),
                Collected::Other(Event::Reset { stream, .. }) => {
                    self.tasks.remove(&stream);
                }
                Collected::Other(Event::Request { stream, head, .. }) => {
                    self.connect(svc, cx, stream, head);
                }
                Collected::Other(Event::Data {
                    stream,
                    mut data,
                    end_stream,
                }) => {
                    // A WebSocket's frames, in the DATA of its stream.
                    self.conn.data_consumed(stream, data.len());
                    let got = with_ws!(self, cx, stream, |ws, link| {
                        let got = ws::on_data(ws, &svc.showdown, &mut link, &mut data);
                        if end_stream {
                            ws::on_eof(&svc.showdown, &mut link, ws);
                        }
                        got
                    });
                    if let Some(got) = got {
                        ws::publish(&mut svc.showdown, cx, got.texts);
                    }
                }
                Collected::Other(_) | Collected::TooLarge { .. } | Collected::Nothing => {}
            }
        }
    }

    // ANCHOR: route
    /// Chapter 13's routing, acted on in HTTP/2's terms.
    fn route(&mut self, svc: &mut Http2Service, cx: &mut Cx<'_>, id: StreamId, req: Request) {
        let head = req.method == "HEAD";
        let (me, now) = (cx.id(), cx.now());
        svc.stats.requests.fetch_add(1, Ordering::Relaxed);
        match routes::decide(&mut svc.showdown, cx, me, &req, now) {
            Route::Answer(response) => self.answer(id, response, head),
            // Other connections were dropped; this one's other streams are
            // cut too, each alone (RST_STREAM CANCEL), the connection kept.
            Route::Cut(n) => {
                let others: Vec<StreamId> =
                    self.tasks.keys().copied().filter(|&s| s != id).collect();
                for &s in &others {
                    self.tasks.remove(&s);
                    self.conn.reset(s, ErrorCode::CANCEL);
                }
                self.answer(id, routes::cut_answer(n + others.len()), head);
            }
            Route::Hold(held) => {
                self.tasks.insert(id, Task::Held(held));
                self.advance(svc, cx, id);
            }
            Route::Stream(after) => {
                let (fields, _) = split_response(stream::response(), false);
                if self.conn.send_headers(id, &fields, false).is_err() {
                    return;
                }
                let mut text = Vec::new();
                stream::preamble(svc.showdown.options().sse_retry_ms, &mut text);
                let _ = self.conn.send_data(id, &text, false);
                let beat = now + svc.showdown.options().heartbeat;
                // No chunked framing: DATA frames delimit the body.
                let stream = EventStream::new(after, false);
                self.tasks.insert(id, Task::Sse { stream, beat });
                self.advance(svc, cx, id);
            }
            // RFC 9113 §8.6: no Upgrade in HTTP/2. A WebSocket over HTTP/2
            // is RFC 8441's extended CONNECT (see `connect`), not a GET.
            Route::WebSocket => self.answer(
                id,
                Response::error(
                    400,
                    "over HTTP/2 a WebSocket opens with CONNECT and :protocol websocket (RFC 8441)",
                ),
                head,
            ),
        }
    }
    // ANCHOR_END: route

    // ANCHOR: connect
    /// A CONNECT: with `:protocol websocket` on `/ws`, RFC 8441's WebSocket
    /// over this stream (we announce SETTINGS_ENABLE_CONNECT_PROTOCOL); any
    /// other is a tunnel we do not offer.
    fn connect(&mut self, svc: &mut Http2Service, cx: &mut Cx<'_>, id: StreamId, head: Head) {
        let protocol = head.protocol.clone();
        let req = into_request(head, Vec::new());
        if req.path != "/ws" {
            self.conn.reset(id, ErrorCode::CONNECT_ERROR);
            return;
        }
        let config = HandshakeConfig::default();
        let verdict = validate_extended_connect(&req, protocol.as_deref(), &config)
            .map_err(|e| Response::error(e.status(), e.describe()))
            .and_then(
                |chosen| match ws::requested_cursor(req.query().parsed("after")) {
                    Ok(after) => Ok((chosen, after)),
                    Err(why) => Err(Response::error(400, why.trim_end())),
                },
            );
        let (chosen, after) = match verdict {
            Ok(v) => v,
            Err(refusal) => return self.answer(id, refusal, false),
        };
        // 200, not 101: the stream, not the connection, becomes the
        // WebSocket (RFC 8441 §5). No Sec-WebSocket-Accept: nothing to prove.
        let mut fields = vec![HeaderField::new(":status", "200")];
        if let Some(p) = &chosen {
            fields.push(HeaderField::new("sec-websocket-protocol", p.as_str()));
        }
        if self.conn.send_headers(id, &fields, false).is_err() {
            return;
        }
        let cursor = after.unwrap_or(svc.showdown.feed().latest_id());
        let (mut deadline, mut ended) = (None, false);
        let mut link = StreamLink {
            conn: &mut self.conn,
            stream: id,
            now: cx.now(),
            peer: cx.peer(),
            deadline: &mut deadline,
            ended: &mut ended,
        };
        let ws = ws::start(&svc.showdown, &mut link, cursor);
        svc.stats.websockets.fetch_add(1, Ordering::Relaxed);
        self.tasks.insert(
            id,
            Task::Ws {
                ws,
                deadline,
                ended,
            },
        );
        self.advance(svc, cx, id);
    }
    // ANCHOR_END: connect

    /// Sends `response` on stream `id`, keeping a pump for a big body.
    fn answer(&mut self, id: StreamId, response: Response, head: bool) {
        if let Ok(Some(pump)) = respond(&mut self.conn, id, response, head) {
            self.tasks.insert(id, Task::Pump(pump));
        }
    }

    /// Stream `id`'s queue emptied.
    fn ready(&mut self, svc: &mut Http2Service, cx: &mut Cx<'_>, id: StreamId) {
        let (finished, behind) = match self.tasks.get_mut(&id) {
            Some(Task::Pump(pump)) => (pump.pump(&mut self.conn, id) != Pumped::More, false),
            Some(Task::Sse { stream, .. }) => (false, stream.is_behind()),
            Some(Task::Ws { ws, .. }) => (false, ws.is_behind()),
            _ => (false, false),
        };
        if finished {
            self.tasks.remove(&id);
        } else if behind {
            self.advance(svc, cx, id);
        }
    }

    /// Moves a held poll or a stream on, if the feed has something for it.
    fn advance(&mut self, svc: &mut Http2Service, cx: &mut Cx<'_>, id: StreamId) {
        match self.tasks.get_mut(&id) {
            Some(Task::Held(held)) => {
                if let Some(response) = held.answer(svc.showdown.feed()) {
                    Counters::bump(&svc.showdown.counters().polls);
                    self.tasks.remove(&id);
                    self.answer(id, response, false);
                }
            }
            Some(Task::Sse { stream, .. }) => {
                let limit = svc
                    .showdown
                    .options()
                    .max_stream_queue
                    .min(self.conn.config().max_send_queue);
                let mut out = StreamOutlet::new(&mut self.conn, id, cx);
                let pushed = stream.push(svc.showdown.feed(), &mut out, limit);
                if pushed == Pushed::TooSlow || out.refused {
                    self.drop_slow(svc, id);
                }
            }
            Some(Task::Ws { .. }) => {
                with_ws!(self, cx, id, |ws, link| ws::push(
                    &svc.showdown,
                    &mut link,
                    ws
                ));
            }
            _ => {}
        }
    }

    /// An SSE stream whose client does not keep up: reset it alone (its
    /// EventSource reconnects with Last-Event-ID); the connection goes on.
    fn drop_slow(&mut self, svc: &mut Http2Service, id: StreamId) {
        Counters::bump(&svc.showdown.counters().slow_dropped);
        self.tasks.remove(&id);
        self.conn.reset(id, ErrorCode::CANCEL);
    }

    // ANCHOR: settle
    /// After every callback: hand the loop what the connection produced, act
    /// on what that produced in turn (a `SendReady` pumps more), park if a
    /// task waits for the feed, arm the earliest deadline, and close when
    /// HTTP/2 is done.
    fn settle(&mut self, svc: &mut Http2Service, cx: &mut Cx<'_>) {
        // Each round frames at most FLUSH_ROOM more; a few rounds catch the
        // SendReady events that framing produced, and the rest waits for the
        // loop's queue to drain (on_drained).
        for _ in 0..4 {
            let room = FLUSH_ROOM.saturating_sub(cx.queued());
            if room == 0 {
                break;
            }
            let out = self.conn.pending_output(room);
            let n = out.len();
            if n > 0 {
                if let Some(t) = &mut self.trace {
                    t.outgoing(cx, out);
                }
                cx.write(out);
                self.conn.consumed_output(n);
            }
            let before = self.tasks.len();
            self.events(svc, cx);
            if n == 0 && self.tasks.len() == before && !self.conn.wants_output() {
                break;
            }
        }
        let waiting = self.tasks.values().any(|t| match t {
            Task::Held(_) => true,
            Task::Sse { stream, .. } => !stream.is_behind(),
            Task::Ws { ws, .. } => !ws.is_behind(),
            Task::Pump(_) => false,
        });
        if waiting {
            svc.showdown.park(cx.id());
        }
        if self.tasks.is_empty() && self.conn.active_streams() == 0 {
            self.idle_since.get_or_insert(cx.now());
        } else {
            self.idle_since = None;
        }
        let idle_timeout = svc.showdown.options().http.read_timeout;
        let idle = self.idle_since.map(|since| since + idle_timeout);
        let deadlines = self.tasks.values().filter_map(|t| match t {
            Task::Held(held) => Some(held.until),
            Task::Sse { beat, .. } => Some(*beat),
            Task::Ws { deadline, .. } => *deadline,
            Task::Pump(_) => None,
        });
        cx.set_timer(deadlines.chain(self.conn.deadline()).chain(idle).min());
        if self.conn.is_done() {
            svc.showdown.unpark(cx.id());
            cx.close();
        }
    }
    // ANCHOR_END: settle
}

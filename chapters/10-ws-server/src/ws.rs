//! The WebSocket phase: frames in, events out, answers queued.
//!
//! Chapter 9's [`Receiver`] turns bytes into events and enforces every rule a
//! receiver must; this file decides what each event means for the connection:
//!
//! | event | `/echo` | `/chat` |
//! |---|---|---|
//! | text / binary message | the same message back, same opcode | text: say it (or take it as the nickname); binary: Close 1003 |
//! | Ping | a Pong with the same payload, at once (§5.5.2) | same |
//! | Pong | the peer is alive (heartbeat) | same |
//! | Close | Close back with the peer's code (or 1000), then our FIN (§5.5.1, §7.1.1) | same, and leave |
//! | a violation | Close with its code (1002, 1007, 1009), then FIN (§7.1.7) | same |
//!
//! # The close handshake, both ways
//!
//! ```text
//!  peer closes:   ◀── Close(code)   ──▶ Close(code)   ──▶ FIN (we close TCP first, §7.1.1)
//!  we close:      ──▶ Close(code)   ◀── Close(any)    ──▶ FIN
//!                      └─ no Close within close_wait ──▶ FIN anyway
//! ```
//!
//! After sending a Close we send no more data (§5.5.1): messages that still
//! arrive are read and dropped, pings go unanswered.

use std::time::Instant;

use ch07_event_loop::Cx;
use ch09_ws_frames::close::{GOING_AWAY, NORMAL, POLICY_VIOLATION, UNSUPPORTED_DATA};
use ch09_ws_frames::explain::{preview, summary};
use ch09_ws_frames::{Event, MessageKind, OpCode, Receiver, Role, Violation};

use crate::chat::valid_nick;
use crate::heartbeat::{Beat, Heartbeat};
use crate::send::{send_close, send_frame};
use crate::server::WsServer;

/// The WebSocket endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `/echo`: every message back to its sender.
    Echo,
    /// `/chat`: every message to everyone.
    Chat,
}

impl Route {
    /// The path.
    pub fn path(self) -> &'static str {
        match self {
            Route::Echo => "/echo",
            Route::Chat => "/chat",
        }
    }
}

/// What to do after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    /// Decode the next event.
    Go,
    /// The connection is closing: ignore the rest of the input.
    Stop,
}

// ANCHOR: ws_conn
/// One WebSocket connection. Idle, it owns no heap memory: the receiver
/// allocates only while a message is partial, and input is decoded where the
/// loop read it (its one shared read buffer).
pub struct WsConn {
    route: Route,
    rx: Receiver,
    heartbeat: Heartbeat,
    /// We sent a Close and wait for the peer's until this time.
    close_sent: Option<Instant>,
}
// ANCHOR_END: ws_conn

impl WsConn {
    /// The 101 was just queued: start speaking WebSocket.
    pub fn start(
        svc: &mut WsServer,
        cx: &mut Cx<'_>,
        route: Route,
        nick: Option<String>,
    ) -> WsConn {
        let config = &svc.config;
        let trace = config.trace;
        trace.note(cx.peer(), format!("WebSocket open on {}", route.path()));
        let heartbeat = Heartbeat::new(cx.now());
        cx.set_timer(Some(
            heartbeat.deadline(config.ping_interval, config.pong_timeout),
        ));
        let mut ws = WsConn {
            route,
            rx: Receiver::with_limits(Role::Server, config.limits),
            heartbeat,
            close_sent: None,
        };
        if route == Route::Chat {
            match nick {
                Some(nick) => ws.take_nick(svc, cx, &nick),
                None => send_frame(cx, trace, OpCode::Text, b"* send your nickname"),
            }
        }
        ws
    }

    /// Heap bytes held now (0 when idle).
    pub fn heap_bytes(&self) -> usize {
        self.rx.heap_bytes()
    }

    // ANCHOR: on_data
    /// Decodes every frame in `input` and answers each event. Consumes it all:
    /// a partial header stays in the decoder, a partial message in the receiver.
    pub fn on_data(&mut self, svc: &mut WsServer, cx: &mut Cx<'_>, input: &mut [u8]) -> usize {
        let trace = svc.config.trace;
        let peer = cx.peer();
        // Chapter 9 unmasks in place, right in the loop's own buffer: the loop
        // hands it to us mutable, and we consume all of it (the receiver keeps
        // what it needs of a partial frame), so no byte we change is offered again.
        let buf = input;
        self.heartbeat.heard(cx.now());
        let mut pos = 0;
        loop {
            let fed = if trace.enabled() {
                let mut on_frame =
                    |h: &_| trace.annotated("<-", peer, format!("frame {}", summary(h)));
                self.rx.feed_with(&mut buf[pos..], &mut on_frame)
            } else {
                self.rx.feed(&mut buf[pos..])
            };
            match fed {
                Ok((_, None)) => break, // everything consumed; more bytes needed
                Ok((n, Some(event))) => {
                    pos += n;
                    if self.on_event(svc, cx, event) == Flow::Stop {
                        break;
                    }
                }
                Err(violation) => {
                    self.fail(svc, cx, &violation);
                    break;
                }
            }
        }
        buf.len()
    }
    // ANCHOR_END: on_data

    // ANCHOR: on_event
    fn on_event(&mut self, svc: &mut WsServer, cx: &mut Cx<'_>, event: Event<'_>) -> Flow {
        let trace = svc.config.trace;
        if trace.enabled() {
            trace.annotated("<-", cx.peer(), describe(&event));
        }
        match event {
            Event::Message { kind, payload } => {
                if self.close_sent.is_some() {
                    return Flow::Go; // §5.5.1: we said Close; data is read and dropped
                }
                match self.route {
                    Route::Echo => {
                        let opcode = match kind {
                            MessageKind::Text => OpCode::Text,
                            MessageKind::Binary => OpCode::Binary,
                        };
                        send_frame(cx, trace, opcode, &payload);
                    }
                    Route::Chat => self.chat(svc, cx, kind, &payload),
                }
            }
            Event::Ping(payload) => {
                if self.close_sent.is_none() {
                    // §5.5.2: a Pong "as soon as practical", with the Ping's payload.
                    send_frame(cx, trace, OpCode::Pong, &payload);
                }
            }
            Event::Pong(_) => {
                self.heartbeat.pong(cx.now());
                if self.close_sent.is_none() {
                    let config = &svc.config;
                    let at = self
                        .heartbeat
                        .deadline(config.ping_interval, config.pong_timeout);
                    cx.set_timer(Some(at));
                }
            }
            Event::Close(frame) => {
                if self.close_sent.is_none() {
                    // §5.5.1: answer with a Close; echo the code (none → 1000).
                    let id = cx.id();
                    svc.leave(cx, id, "");
                    send_close(cx, trace, frame.code.unwrap_or(NORMAL), "");
                }
                // Both Closes are sent: the server closes TCP first (§7.1.1), so the
                // client's side does not sit in TIME_WAIT. The loop flushes, then FINs.
                cx.close();
                return Flow::Stop;
            }
        }
        // A chat broadcast may have dropped this very connection as too slow.
        let id = cx.id();
        if cx.is_open(id) { Flow::Go } else { Flow::Stop }
    }
    // ANCHOR_END: on_event

    /// A chat message: the nickname first, then lines for everyone.
    fn chat(&mut self, svc: &mut WsServer, cx: &mut Cx<'_>, kind: MessageKind, payload: &[u8]) {
        if kind == MessageKind::Binary {
            self.close_with(svc, cx, UNSUPPORTED_DATA, "the chat takes text only");
            return;
        }
        // Text messages were validated as UTF-8 on the way in (§8.1).
        let Ok(text) = std::str::from_utf8(payload) else {
            return;
        };
        let id = cx.id();
        let limit = svc.config.chat_queue_limit;
        if svc.room.contains(id) {
            svc.room.say(cx, limit, id, text);
        } else {
            self.take_nick(svc, cx, text);
        }
    }

    fn take_nick(&mut self, svc: &mut WsServer, cx: &mut Cx<'_>, nick: &str) {
        if valid_nick(nick) {
            let (id, limit) = (cx.id(), svc.config.chat_queue_limit);
            svc.room.join(cx, limit, id, nick);
        } else {
            self.close_with(svc, cx, POLICY_VIOLATION, "a nickname is 1-32 characters");
        }
    }

    // ANCHOR: close_with
    /// Starts the close handshake ourselves: Close now, then wait (a while)
    /// for the peer's Close before closing TCP.
    fn close_with(&mut self, svc: &mut WsServer, cx: &mut Cx<'_>, code: u16, reason: &str) {
        if self.close_sent.is_some() {
            return;
        }
        let id = cx.id();
        svc.leave(cx, id, "");
        send_close(cx, svc.config.trace, code, reason);
        let until = cx.now() + svc.config.close_wait;
        self.close_sent = Some(until);
        cx.set_timer(Some(until));
    }

    /// _Fail the WebSocket Connection_ (§7.1.7): Close with the violation's
    /// code, then close TCP without waiting; the stream cannot be trusted.
    fn fail(&mut self, svc: &mut WsServer, cx: &mut Cx<'_>, violation: &Violation) {
        let trace = svc.config.trace;
        let code = violation.close_code();
        trace.note(
            cx.peer(),
            format!("protocol violation: {violation}; Close {code}"),
        );
        if self.close_sent.is_none() {
            let id = cx.id();
            svc.leave(cx, id, "");
            send_close(cx, trace, code, &violation.to_string());
        }
        cx.close();
    }
    // ANCHOR_END: close_with

    // ANCHOR: on_timer
    /// The one timer: the close wait while closing, the heartbeat otherwise.
    pub fn on_timer(&mut self, svc: &mut WsServer, cx: &mut Cx<'_>) {
        let config = &svc.config;
        let (trace, now) = (config.trace, cx.now());
        if let Some(until) = self.close_sent {
            if now >= until {
                trace.note(cx.peer(), "no Close from the peer in time: closing TCP");
                cx.close();
            } else {
                cx.set_timer(Some(until));
            }
            return;
        }
        match self
            .heartbeat
            .on_timer(now, config.ping_interval, config.pong_timeout)
        {
            Beat::Wait(at) => cx.set_timer(Some(at)),
            Beat::Ping(payload, at) => {
                send_frame(cx, trace, OpCode::Ping, &payload);
                cx.set_timer(Some(at));
            }
            Beat::TimedOut => {
                trace.note(cx.peer(), "no Pong in time: closing");
                let id = cx.id();
                svc.leave(cx, id, "timed out");
                send_close(cx, trace, GOING_AWAY, "no pong in time");
                cx.close(); // the peer is presumed gone: no wait for its Close
            }
        }
    }
    // ANCHOR_END: on_timer

    /// TCP ended without a Close frame (1006, "abnormal closure", §7.1.5).
    pub fn on_eof(&mut self, svc: &mut WsServer, cx: &mut Cx<'_>) {
        if self.close_sent.is_none() {
            svc.config
                .trace
                .note(cx.peer(), "TCP closed without a Close frame (1006)");
            let id = cx.id();
            svc.leave(cx, id, "connection lost");
        }
        cx.close();
    }
}

/// An event as `--trace` shows it.
fn describe(event: &Event<'_>) -> String {
    match event {
        Event::Message { kind, payload } => {
            let kind = match kind {
                MessageKind::Text => "text",
                MessageKind::Binary => "binary",
            };
            format!(
                "message {kind}, {} bytes  {}",
                payload.len(),
                preview(payload)
            )
        }
        Event::Ping(p) => format!("ping, {} bytes  {}", p.len(), preview(p)),
        Event::Pong(p) => format!("pong, {} bytes  {}", p.len(), preview(p)),
        Event::Close(f) => match f.code {
            Some(code) => format!("close {code} {:?}", f.reason),
            None => "close (no code)".to_string(),
        },
    }
}

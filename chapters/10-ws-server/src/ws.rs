//! The WebSocket endpoints of this chapter: what a message means.
//!
//! The protocol's half of a connection (pings, the close handshake, the
//! heartbeat, violations) is [`WebSocket`], written once in
//! `websocket.rs` and shared with chapter 13. This file is only what is this
//! chapter's own, what each data message means:
//!
//! | message | `/echo` | `/chat` |
//! |---|---|---|
//! | text | the same message back | the nickname (first), then a line for everyone; `/ping` gets `/pong`, to the sender only |
//! | binary | the same message back | Close 1003 (§7.4.1: a type we cannot accept) |

use ch07_event_loop::Cx;
use ch09_ws_frames::close::{POLICY_VIOLATION, UNSUPPORTED_DATA};
use ch09_ws_frames::{MessageKind, OpCode};

use crate::chat::{APP_PING, APP_PONG, valid_nick};
use crate::server::WsService;
use crate::websocket::{Ending, Read, WebSocket};

/// The WebSocket endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `/echo`: every message back to its sender.
    Echo,
    /// `/chat`: every message to everyone.
    Chat,
}

impl Endpoint {
    /// The path.
    pub fn path(self) -> &'static str {
        match self {
            Endpoint::Echo => "/echo",
            Endpoint::Chat => "/chat",
        }
    }
}

// ANCHOR: ws_conn
/// One WebSocket connection of this server: which endpoint, and the
/// protocol's state.
pub struct WsPhase {
    endpoint: Endpoint,
    socket: WebSocket,
}
// ANCHOR_END: ws_conn

impl WsPhase {
    /// The 101 was just queued: start speaking WebSocket.
    pub fn start(
        svc: &mut WsService,
        cx: &mut Cx<'_>,
        endpoint: Endpoint,
        nick: Option<String>,
    ) -> WsPhase {
        let ws = svc.config.ws;
        ws.trace
            .note(cx.peer(), format!("WebSocket open on {}", endpoint.path()));
        let mut conn = WsPhase {
            endpoint,
            socket: WebSocket::start(&ws, cx),
        };
        if endpoint == Endpoint::Chat {
            match nick {
                Some(nick) => conn.take_nick(svc, cx, &nick),
                None => conn
                    .socket
                    .send(&ws, cx, OpCode::Text, b"* send your nickname"),
            }
        }
        conn
    }

    /// Heap bytes held now (0 when idle).
    pub fn heap_bytes(&self) -> usize {
        self.socket.heap_bytes()
    }

    // ANCHOR: on_data
    /// Reads every frame in `input` and answers each message. Consumes it all:
    /// a partial header stays in the decoder, a partial message in the receiver.
    pub fn on_data(&mut self, svc: &mut WsService, cx: &mut Cx<'_>, input: &mut [u8]) -> usize {
        let ws = svc.config.ws;
        let mut at = 0;
        loop {
            match self.socket.read(&ws, cx, &mut input[at..]) {
                Read::Message {
                    used,
                    kind,
                    payload,
                } => {
                    at += used;
                    match self.endpoint {
                        Endpoint::Echo => {
                            let opcode = match kind {
                                MessageKind::Text => OpCode::Text,
                                MessageKind::Binary => OpCode::Binary,
                            };
                            self.socket.send(&ws, cx, opcode, &payload);
                        }
                        Endpoint::Chat => self.chat(svc, cx, kind, &payload),
                    }
                    // A chat broadcast may have dropped this very connection as too slow.
                    if !cx.is_open(cx.id()) {
                        break;
                    }
                }
                Read::Handled { used } => at += used,
                Read::Drained => break,
                Read::Ended(why) => {
                    self.leave(svc, cx, &why);
                    break;
                }
            }
        }
        input.len()
    }
    // ANCHOR_END: on_data

    /// A chat message: the nickname first, then lines for everyone.
    fn chat(&mut self, svc: &mut WsService, cx: &mut Cx<'_>, kind: MessageKind, payload: &[u8]) {
        if kind == MessageKind::Binary {
            self.close_with(svc, cx, UNSUPPORTED_DATA, "the chat takes text only");
            return;
        }
        // Text messages were validated as UTF-8 on the way in (§8.1).
        let Ok(text) = std::str::from_utf8(payload) else {
            return;
        };
        if text == APP_PING {
            // The page's liveness check: to the sender only, member or not yet.
            let ws = svc.config.ws;
            self.socket.send(&ws, cx, OpCode::Text, APP_PONG.as_bytes());
            return;
        }
        let id = cx.id();
        let limit = svc.config.chat_queue_limit;
        if svc.room.contains(id) {
            svc.room.say(cx, limit, id, text);
        } else {
            self.take_nick(svc, cx, text);
        }
    }

    fn take_nick(&mut self, svc: &mut WsService, cx: &mut Cx<'_>, nick: &str) {
        if valid_nick(nick) {
            let (id, limit) = (cx.id(), svc.config.chat_queue_limit);
            svc.room.join(cx, limit, id, nick);
        } else {
            self.close_with(svc, cx, POLICY_VIOLATION, "a nickname is 1-32 characters");
        }
    }

    /// Leaves the chat, then starts the close handshake (chapter 10's
    /// `WebSocket::close` waits a while for the peer's Close).
    fn close_with(&mut self, svc: &mut WsService, cx: &mut Cx<'_>, code: u16, reason: &str) {
        if self.socket.is_open() {
            self.leave(svc, cx, &Ending::ClosedByUs);
            let ws = svc.config.ws;
            self.socket.close(&ws, cx, code, reason);
        }
    }

    /// The connection is over for the chat (a no-op for `/echo` and non-members).
    fn leave(&self, svc: &mut WsService, cx: &mut Cx<'_>, why: &Ending) {
        let id = cx.id();
        svc.leave(cx, id, why.reason());
    }

    /// The one timer: the close wait while closing, the heartbeat otherwise.
    pub fn on_timer(&mut self, svc: &mut WsService, cx: &mut Cx<'_>) {
        let ws = svc.config.ws;
        if let Some(why) = self.socket.on_timer(&ws, cx) {
            self.leave(svc, cx, &why);
        }
    }

    /// TCP ended; without a Close frame first, the chat hears "connection lost".
    pub fn on_eof(&mut self, svc: &mut WsService, cx: &mut Cx<'_>) {
        let ws = svc.config.ws;
        if let Some(why) = self.socket.on_eof(&ws, cx) {
            self.leave(svc, cx, &why);
        }
    }
}

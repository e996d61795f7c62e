//! The service the chapter 7 loop runs: what all connections share.
//!
//! One per loop: the settings, the web root and the chat room. No buffers:
//! the loop hands `on_data` its own read buffer, mutable; chapter 6 parses
//! HTTP requests right there, and chapter 9 unmasks the frames right there.
//! Keeping the buffer in the loop, not in each connection, is what keeps an
//! idle WebSocket small.

use std::sync::Arc;

use ch06_http_server::routes::Site;
use ch06_http_server::server::Handler;
use ch07_event_loop::{ConnId, LoopCx};

use crate::chat::Room;
use crate::config::WsConfig;

/// The WebSocket server: `/echo`, `/chat`, and static pages for the rest.
pub struct WsService {
    /// Settings shared by every connection.
    pub config: WsConfig,
    /// Answers plain HTTP requests (the chat page): chapter 6's routes.
    pub(crate) handler: Handler,
    /// The chat.
    pub room: Room,
}

impl WsService {
    /// A server with these settings; pages come from `config.root`.
    pub fn new(mut config: WsConfig) -> WsService {
        // One `--trace` switch: chapter 7's HttpSide traces with the HTTP config's.
        config.http.trace = config.ws.trace;
        let site = Site {
            root: config.root.clone(),
        };
        WsService {
            config,
            handler: Arc::new(move |req| site.handle(req)),
            room: Room::default(),
        }
    }

    /// Leaves the chat (a no-op for echo connections and non-members).
    pub(crate) fn leave(&mut self, lp: &mut LoopCx<'_>, id: ConnId, why: &str) {
        let limit = self.config.chat_queue_limit;
        self.room.leave(lp, limit, id, why);
    }
}

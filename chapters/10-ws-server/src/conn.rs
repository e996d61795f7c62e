//! One connection's life: it starts as HTTP and may become a WebSocket.
//!
//! ```text
//!   Http ──101 sent──▶ Ws ──Close sent and received──▶ (loop: FIN, dropped)
//!    │ page served, keep-alive: stays Http
//!    └ error response or Connection: close ──▶ (loop: FIN, dropped)
//! ```
//!
//! The loop calls [`WsConn`]'s methods; each forwards to the phase it is in.

use std::net::SocketAddr;

use ch07_event_loop::{ConnId, Connection, Cx, LoopCx, Service};

use crate::server::WsService;
use crate::upgrade::{HttpPhase, Upgraded};
use crate::ws::WsPhase;

/// The phase a connection is in.
pub enum WsConn {
    /// Reading an HTTP request (or sending a page).
    Http(HttpPhase),
    /// Speaking WebSocket.
    Ws(WsPhase),
}

impl WsConn {
    /// A new connection: HTTP first, with a deadline for its request.
    pub fn new(svc: &WsService, cx: &mut Cx<'_>) -> WsConn {
        WsConn::Http(HttpPhase::new(svc, cx))
    }

    /// Whether the connection has switched to WebSocket.
    pub fn is_websocket(&self) -> bool {
        matches!(self, WsConn::Ws(_))
    }
}

impl Connection<WsService> for WsConn {
    fn on_data(&mut self, svc: &mut WsService, cx: &mut Cx<'_>, input: &mut [u8]) -> usize {
        match self {
            WsConn::Http(http) => {
                let (used, upgraded) = http.on_data(svc, cx, input);
                if let Some(Upgraded { endpoint, nick }) = upgraded {
                    // From the byte after the request's blank line on, frames (§4.2.2).
                    *self = WsConn::Ws(WsPhase::start(svc, cx, endpoint, nick));
                }
                used
            }
            WsConn::Ws(ws) => ws.on_data(svc, cx, input),
        }
    }

    fn on_drained(&mut self, svc: &mut WsService, cx: &mut Cx<'_>) {
        if let WsConn::Http(http) = self {
            http.on_drained(svc, cx);
        }
    }

    fn on_timer(&mut self, svc: &mut WsService, cx: &mut Cx<'_>) {
        match self {
            WsConn::Http(http) => http.on_timer(svc, cx),
            WsConn::Ws(ws) => ws.on_timer(svc, cx),
        }
    }

    fn on_eof(&mut self, svc: &mut WsService, cx: &mut Cx<'_>) {
        match self {
            WsConn::Http(http) => http.on_eof(cx),
            WsConn::Ws(ws) => ws.on_eof(svc, cx),
        }
    }
}

// ANCHOR: service
/// What the loop asks of the service about connections: make one for each
/// accepted socket, and hear when one is gone. It lives beside the connection
/// it makes, so `server.rs` (the shared state) needs nothing from this file.
impl Service for WsService {
    type Conn = WsConn;
    type Msg = ();

    fn accept(&mut self, cx: &mut Cx<'_>, _peer: SocketAddr) -> Option<WsConn> {
        Some(WsConn::new(self, cx))
    }

    fn on_closed(&mut self, lp: &mut LoopCx<'_>, id: ConnId, _conn: WsConn) {
        self.leave(lp, id, "");
    }
}
// ANCHOR_END: service

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idle_connection_is_small() {
        // The loop's own entry (socket, queue, flags) is about 150 bytes more;
        // an idle WebSocket owns no heap memory (see `WsPhase::heap_bytes`).
        let size = std::mem::size_of::<WsConn>();
        eprintln!("size_of::<WsConn>() = {size} bytes");
        assert!(size < 512, "{size} bytes per connection");
    }
}

//! One connection's life: it starts as HTTP and may become a WebSocket.
//!
//! ```text
//!   Http ──101 sent──▶ Ws ──Close sent and received──▶ (loop: FIN, dropped)
//!    │ page served, keep-alive: stays Http
//!    └ error response or Connection: close ──▶ (loop: FIN, dropped)
//! ```
//!
//! The loop calls [`Conn`]'s methods; each forwards to the phase it is in.

use ch07_event_loop::{Connection, Cx};

use crate::server::WsServer;
use crate::upgrade::{HttpPhase, Upgraded};
use crate::ws::WsConn;

/// The phase a connection is in.
pub enum Conn {
    /// Reading an HTTP request (or sending a page).
    Http(HttpPhase),
    /// Speaking WebSocket.
    Ws(WsConn),
}

impl Conn {
    /// A new connection: HTTP first, with a deadline for its request.
    pub fn new(svc: &WsServer, cx: &mut Cx<'_>) -> Conn {
        Conn::Http(HttpPhase::new(svc, cx))
    }

    /// Whether the connection has switched to WebSocket.
    pub fn is_websocket(&self) -> bool {
        matches!(self, Conn::Ws(_))
    }
}

impl Connection<WsServer> for Conn {
    fn on_data(&mut self, svc: &mut WsServer, cx: &mut Cx<'_>, input: &mut [u8]) -> usize {
        match self {
            Conn::Http(http) => {
                let (used, upgraded) = http.on_data(svc, cx, input);
                if let Some(Upgraded { route, nick }) = upgraded {
                    // From the byte after the request's blank line on, frames (§4.2.2).
                    *self = Conn::Ws(WsConn::start(svc, cx, route, nick));
                }
                used
            }
            Conn::Ws(ws) => ws.on_data(svc, cx, input),
        }
    }

    fn on_drained(&mut self, svc: &mut WsServer, cx: &mut Cx<'_>) {
        if let Conn::Http(http) = self {
            http.on_drained(svc, cx);
        }
    }

    fn on_timer(&mut self, svc: &mut WsServer, cx: &mut Cx<'_>) {
        match self {
            Conn::Http(http) => http.on_timer(svc, cx),
            Conn::Ws(ws) => ws.on_timer(svc, cx),
        }
    }

    fn on_eof(&mut self, svc: &mut WsServer, cx: &mut Cx<'_>) {
        match self {
            Conn::Http(http) => http.on_eof(cx),
            Conn::Ws(ws) => ws.on_eof(svc, cx),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idle_connection_is_small() {
        // The loop's own entry (socket, queue, flags) is about 150 bytes more;
        // an idle WebSocket owns no heap memory (see `WsConn::heap_bytes`).
        let size = std::mem::size_of::<Conn>();
        eprintln!("size_of::<Conn>() = {size} bytes");
        assert!(size < 512, "{size} bytes per connection");
    }
}

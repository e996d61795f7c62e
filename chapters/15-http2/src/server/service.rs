//! The loop's service: chapter 13's showdown, wrapped so that its connections
//! may speak HTTP/2 as well as HTTP/1.1.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use ch07_event_loop::{ConnId, Cx, LoopCx, Service};
use ch11_long_polling::FeedMsg;
use ch13_showdown::ShowdownService;

use crate::conn::H2Config;
use crate::server::conn::Http2Conn;

/// Chapter 13's service and the HTTP/2 settings every connection starts with.
pub struct Http2Service {
    /// The feed, the waiters, the site: everything chapter 13 shares.
    pub showdown: ShowdownService,
    /// Our SETTINGS and limits for each HTTP/2 connection.
    pub h2: H2Config,
    /// What HTTP/2 did, readable from any thread.
    pub stats: Arc<H2Stats>,
}

/// Counts of the HTTP/2 side (chapter 13's counters count the rest).
#[derive(Debug, Default)]
pub struct H2Stats {
    /// Connections that began with the HTTP/2 preface.
    pub connections: AtomicU64,
    /// Requests (streams) that reached the routes.
    pub requests: AtomicU64,
    /// WebSockets opened on a stream (RFC 8441's extended CONNECT).
    pub websockets: AtomicU64,
}

impl Service for Http2Service {
    type Conn = Http2Conn;
    type Msg = FeedMsg;

    fn accept(&mut self, cx: &mut Cx<'_>, peer: SocketAddr) -> Option<Http2Conn> {
        // Chapter 13 counts the connection (for /cut) and starts its HTTP
        // side; the first bytes decide whether that side is used.
        let conn = self.showdown.accept(cx, peer)?;
        Some(Http2Conn::H1 {
            conn,
            sniffed: false,
        })
    }

    fn on_message(&mut self, lp: &mut LoopCx<'_>, msg: FeedMsg) {
        self.showdown.on_message(lp, msg);
    }

    fn on_closed(&mut self, lp: &mut LoopCx<'_>, id: ConnId, conn: Http2Conn) {
        match conn {
            Http2Conn::H1 { conn, .. } => self.showdown.on_closed(lp, id, conn),
            Http2Conn::H2(_) => self.showdown.forget(id),
        }
    }
}

//! What one WebSocket needs from whatever carries it: a clock, somewhere to
//! write, one timer, and two ways to end. Over HTTP/1.1 the carrier is the
//! whole TCP connection, the loop's [`Cx`] (the upgrade of RFC 6455 §4); over
//! HTTP/2 it is one stream of a shared connection (RFC 8441's extended
//! CONNECT, chapter 15), whose DATA frames carry the same WebSocket frames.
//! [`WebSocket`](crate::websocket::WebSocket) is written against this trait,
//! so the frames, pings, heartbeat and close handshake are the same code for
//! both.

use std::net::SocketAddr;
use std::time::Instant;

use ch07_event_loop::Cx;

// ANCHOR: link
/// The carrier of one WebSocket.
pub trait Link {
    /// The loop's time of this callback.
    fn now(&self) -> Instant;
    /// Who is at the other end (for `--trace`).
    fn peer(&self) -> SocketAddr;
    /// Queues bytes to send.
    fn write(&mut self, bytes: &[u8]);
    /// Bytes queued and not yet sent.
    fn queued(&self) -> usize;
    /// The WebSocket's one deadline (heartbeat, close wait), or none.
    fn set_timer(&mut self, at: Option<Instant>);
    /// Ends the carrier once what is queued has gone: TCP's FIN after the
    /// last bytes, or HTTP/2's END_STREAM.
    fn close(&mut self);
    /// Ends it now, dropping what is queued: a reset of the connection, or
    /// RST_STREAM of the stream.
    fn abort(&mut self);
}
// ANCHOR_END: link

/// HTTP/1.1: the WebSocket is the whole connection.
impl Link for Cx<'_> {
    fn now(&self) -> Instant {
        ch07_event_loop::LoopCx::now(self)
    }
    fn peer(&self) -> SocketAddr {
        Cx::peer(self)
    }
    fn write(&mut self, bytes: &[u8]) {
        Cx::write(self, bytes);
    }
    fn queued(&self) -> usize {
        Cx::queued(self)
    }
    fn set_timer(&mut self, at: Option<Instant>) {
        Cx::set_timer(self, at);
    }
    fn close(&mut self) {
        Cx::close(self);
    }
    fn abort(&mut self) {
        Cx::abort(self);
    }
}

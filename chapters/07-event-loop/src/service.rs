//! The two traits an application implements to run on the loop.
//!
//! The loop owns the sockets and knows nothing about protocols. An application
//! (the HTTP server of this chapter, the WebSocket chat of chapter 10, the event
//! feeds of chapters 11 and 12) plugs in with:
//!
//! - a [`Service`]: one per loop, the state everyone shares (routes, a chat room,
//!   an event log); it accepts connections and hears messages from other threads;
//! - a [`Connection`]: one per socket, that socket's protocol state machine; the
//!   loop calls it when bytes arrive, when its queue drains, when its timer fires.
//!
//! Callbacks never block and never touch the socket: they read the `input` they
//! are given and queue output through the [`Cx`], and the loop does the I/O.

use std::net::SocketAddr;

use crate::cx::{Cx, LoopCx};
use crate::token::ConnId;

// ANCHOR: service
/// The application: what every connection on this loop shares.
pub trait Service: Sized {
    /// The per-connection state machine.
    type Conn: Connection<Self>;
    /// What other threads send with [`crate::LoopHandle::send`]
    /// (use `()` when nobody sends anything).
    type Msg: Send + 'static;

    /// A connection from `peer` was accepted as `cx.id()`. Return its state, or
    /// `None` to refuse it (it is dropped at once). `cx` may already queue bytes
    /// (a greeting) or set a timer (a deadline for the first request).
    fn accept(&mut self, cx: &mut Cx<'_>, peer: SocketAddr) -> Option<Self::Conn>;

    /// A message from another thread arrived.
    fn on_message(&mut self, lp: &mut LoopCx<'_>, msg: Self::Msg) {
        let _ = (lp, msg);
    }

    /// Connection `id` is gone (closed by either side, reset, or timed out);
    /// `conn` is its final state. Forget the id here (leave the chat room...).
    fn on_closed(&mut self, lp: &mut LoopCx<'_>, id: ConnId, conn: Self::Conn) {
        let _ = (lp, id, conn);
    }
}

/// One connection's protocol state. `S` is the service, passed in so a
/// connection can reach shared state (publish to the room) during a callback.
pub trait Connection<S> {
    /// Bytes arrived. `input` is everything not consumed yet: the bytes just read
    /// (straight from the loop's shared buffer) after any left over last time.
    /// Return how many bytes you consumed, 0 if `input` does not yet hold a whole
    /// message. The loop calls again with the rest while you consume something,
    /// and keeps what is left (up to `Config::max_partial`) for next time.
    ///
    /// `input` is mutable because the buffer is the loop's own: a protocol that
    /// rewrites bytes in place (WebSocket unmasking, chapter 10) may do so in the
    /// bytes it consumes, without a copy. Leave the bytes you do not consume as
    /// they were: they are offered again.
    fn on_data(&mut self, svc: &mut S, cx: &mut Cx<'_>, input: &mut [u8]) -> usize;

    /// The write queue just emptied: a streaming response can queue its next piece.
    fn on_drained(&mut self, svc: &mut S, cx: &mut Cx<'_>) {
        let _ = (svc, cx);
    }

    /// The deadline set with [`Cx::set_timer`] has passed. The default closes
    /// the connection (an idle timeout); override it for anything else.
    fn on_timer(&mut self, svc: &mut S, cx: &mut Cx<'_>) {
        let _ = svc;
        cx.close();
    }

    /// Someone called [`LoopCx::wake`] with this connection's id: something it
    /// waits for happened (a published event, a chat message).
    fn on_wake(&mut self, svc: &mut S, cx: &mut Cx<'_>) {
        let _ = (svc, cx);
    }

    /// The peer closed its sending side (read returned 0): no more input will
    /// come. The default closes our side too, after the queue is flushed.
    fn on_eof(&mut self, svc: &mut S, cx: &mut Cx<'_>) {
        let _ = svc;
        cx.close();
    }
}
// ANCHOR_END: service

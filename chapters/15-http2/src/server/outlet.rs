//! One HTTP/2 stream as the place a pushed SSE stream writes (chapter 11's
//! [`Outlet`]): the bytes become DATA on that stream, and "queued" is that
//! stream's own send queue, not the connection's. So the slow-consumer rule
//! judges each stream by itself: one EventSource that stops reading is reset,
//! and the other streams on the connection go on.

use std::net::SocketAddr;

use ch01_tcp::trace::Trace;
use ch07_event_loop::Cx;
use ch11_long_polling::push::Outlet;

use crate::conn::H2Conn;
use crate::frame::StreamId;

/// A stream's body, seen as an outlet.
pub struct StreamOutlet<'a> {
    /// The connection the stream is on.
    pub conn: &'a mut H2Conn,
    /// The stream.
    pub stream: StreamId,
    /// For `--trace`.
    pub trace: Trace,
    /// For `--trace`.
    pub peer: SocketAddr,
    /// The stream's queue refused bytes (it was full, or the stream is
    /// gone): the caller resets it, and its client resumes from its last id.
    pub refused: bool,
}

impl StreamOutlet<'_> {
    /// Stream `stream` of `conn`, traced as the connection `cx` is.
    pub fn new<'a>(conn: &'a mut H2Conn, stream: StreamId, cx: &Cx<'_>) -> StreamOutlet<'a> {
        StreamOutlet {
            conn,
            stream,
            trace: cx.trace(),
            peer: cx.peer(),
            refused: false,
        }
    }
}

impl Outlet for StreamOutlet<'_> {
    fn queued(&self) -> usize {
        self.conn.queued(self.stream).unwrap_or(0)
    }

    fn send(&mut self, bytes: &[u8]) {
        if self.conn.send_data(self.stream, bytes, false).is_err() {
            self.refused = true; // full, or the stream is gone
        }
    }

    fn trace_sent(&self, bytes: &[u8]) {
        self.trace.send(self.peer, bytes);
    }

    fn trace_note(&self, note: String) {
        self.trace
            .note(self.peer, format!("stream {}: {note}", self.stream));
    }
}

//! One HTTP/2 stream as a WebSocket's carrier (chapter 10's [`Link`]), after
//! RFC 8441's extended CONNECT: the WebSocket's frames go out as the stream's
//! DATA, its close is the stream's END_STREAM, its abort RST_STREAM, and its
//! one timer is a deadline the connection keeps among its streams'.

use std::net::SocketAddr;
use std::time::Instant;

use ch10_ws_server::link::Link;

use crate::conn::H2Conn;
use crate::error_code::ErrorCode;
use crate::frame::StreamId;

/// A stream, seen as a WebSocket's carrier for the length of one callback.
pub struct StreamLink<'a> {
    /// The connection the stream is on.
    pub conn: &'a mut H2Conn,
    /// The stream.
    pub stream: StreamId,
    /// The loop's time of this callback.
    pub now: Instant,
    /// The client.
    pub peer: SocketAddr,
    /// The WebSocket's deadline, kept in the stream's task.
    pub deadline: &'a mut Option<Instant>,
    /// The stream was ended (END_STREAM or RST_STREAM): forget the task.
    pub ended: &'a mut bool,
}

impl Link for StreamLink<'_> {
    fn now(&self) -> Instant {
        self.now
    }

    fn peer(&self) -> SocketAddr {
        self.peer
    }

    fn write(&mut self, bytes: &[u8]) {
        if *self.ended {
            return;
        }
        // The server sizes each stream's queue for chapter 11's push budget
        // (see `start.rs`), so this is not refused in practice; if it is, a
        // frame cut in half would corrupt the stream: reset it instead, and
        // the client resumes with `?after=`.
        if self.conn.send_data(self.stream, bytes, false).is_err() {
            self.abort();
        }
    }

    fn queued(&self) -> usize {
        self.conn.queued(self.stream).unwrap_or(0)
    }

    fn set_timer(&mut self, at: Option<Instant>) {
        *self.deadline = at;
    }

    fn close(&mut self) {
        if !*self.ended {
            let _ = self.conn.send_data(self.stream, &[], true);
            *self.ended = true;
        }
    }

    fn abort(&mut self) {
        if !*self.ended {
            self.conn.reset(self.stream, ErrorCode::CANCEL);
            *self.ended = true;
        }
    }
}

//! What the application does to a stream: answer it (HEADERS, then DATA),
//! reset it, and say how much of its request body it has used.

use super::connection::H2Conn;
use super::error::SendError;
use crate::error_code::ErrorCode;
use crate::frame::{Frame, RstStream, StreamId, encode_field_block};
use crate::hpack::HeaderField;

impl H2Conn {
    // ANCHOR: send_headers
    /// Sends the response head on `stream`: `fields` start with `:status`,
    /// names in lower case, no connection-specific fields (§8.2.2; chapter 6's
    /// responses are converted by [`crate::http::split_response`]).
    /// `end_stream`: the response has no body.
    ///
    /// The block is encoded now and queued at once, because HPACK's tables
    /// depend on the order blocks go out in; it is split into CONTINUATIONs
    /// to fit the client's SETTINGS_MAX_FRAME_SIZE.
    pub fn send_headers(
        &mut self,
        stream: StreamId,
        fields: &[HeaderField],
        end_stream: bool,
    ) -> Result<(), SendError> {
        if self.failed.is_some() {
            return Err(SendError::Closed);
        }
        let Some(s) = self.streams.get_mut(stream) else {
            return Err(SendError::Closed);
        };
        if s.headers_sent {
            return Err(SendError::HeadersSent);
        }
        if !s.state.local_open() {
            return Err(SendError::Closed);
        }
        s.headers_sent = true;
        self.block.clear();
        self.hpack_out.encode(fields, &mut self.block);
        let max = self.peer.max_frame_size;
        encode_field_block(stream, &self.block, end_stream, max, self.out.buf());
        if end_stream {
            self.local_end(stream);
        }
        Ok(())
    }
    // ANCHOR_END: send_headers

    // ANCHOR: send_data
    /// Queues body octets on `stream`; `end_stream` ends the response after
    /// them. They are framed later, as the windows and the other streams'
    /// turns allow (`pending_output`).
    ///
    /// # Returns
    /// The octets now queued on the stream. `Err(Full)` when the queue already
    /// holds some and `data` would take it past `max_send_queue`: the client is
    /// not reading this stream. Nothing is queued then; try again on
    /// `Event::SendReady`, or reset the stream (the caller's policy). A queue
    /// that is empty always takes `data`, however big, so one large piece
    /// cannot be refused for ever.
    pub fn send_data(
        &mut self,
        stream: StreamId,
        data: &[u8],
        end_stream: bool,
    ) -> Result<usize, SendError> {
        if self.failed.is_some() {
            return Err(SendError::Closed);
        }
        let limit = self.config.max_send_queue;
        let Some(s) = self.streams.get_mut(stream) else {
            return Err(SendError::Closed);
        };
        if !s.headers_sent {
            return Err(SendError::NoHeaders);
        }
        if !s.state.local_open() || s.queue.ends() {
            return Err(SendError::Closed);
        }
        let queued = s.queue.len();
        if queued > 0 && queued + data.len() > limit {
            return Err(SendError::Full { queued });
        }
        s.queue.push(data, end_stream);
        if s.sendable() && !s.in_ready {
            s.in_ready = true;
            self.ready.push_back(stream);
        }
        Ok(s.queue.len())
    }
    // ANCHOR_END: send_data

    /// Octets queued on `stream` and not yet framed (`None`: no such stream).
    pub fn queued(&self, stream: StreamId) -> Option<usize> {
        self.streams.get(stream).map(|s| s.queue.len())
    }

    /// What we may still send on `stream` (the client's window for it).
    pub fn send_window(&self, stream: StreamId) -> Option<i64> {
        self.streams.get(stream).map(|s| s.send.value())
    }

    /// Ends `stream` now with RST_STREAM `code` (CANCEL for a slow consumer
    /// we give up on, INTERNAL_ERROR for a body that broke off); what was
    /// queued on it is dropped. Ignored for a stream that is gone.
    pub fn reset(&mut self, stream: StreamId, code: ErrorCode) {
        if self.failed.is_some() || self.streams.remove(stream).is_none() {
            return;
        }
        self.out
            .frame(&Frame::RstStream(RstStream { stream, code }));
        self.streams.note_reset(stream);
    }

    // ANCHOR: data_consumed
    /// The application has used `n` octets of `stream`'s request body: the
    /// client may send that much more, and is told so with a WINDOW_UPDATE
    /// once half the window has been used. A stream the client has finished
    /// sending on needs no more credit.
    pub fn data_consumed(&mut self, stream: StreamId, n: usize) {
        if self.failed.is_some() {
            return;
        }
        let Some(s) = self.streams.get_mut(stream) else {
            return;
        };
        if !s.state.remote_open() {
            return;
        }
        if let Some(increment) = s.recv.consume(n) {
            self.window_update(stream, increment);
        }
    }
    // ANCHOR_END: data_consumed

    /// Asks the client to stop sending `stream`'s request body once our
    /// response is complete: RST_STREAM NO_ERROR right after our END_STREAM,
    /// which §8.1 defines as "abort the request without error" (the client
    /// keeps the response). For a response to a request we will not read: a
    /// 413, or an answer that needs no body.
    pub fn stop_receiving(&mut self, stream: StreamId) {
        let Some(s) = self.streams.get_mut(stream) else {
            return;
        };
        if s.state.local_open() {
            s.stop_receiving = true;
        } else {
            self.reset(stream, ErrorCode::NO_ERROR);
        }
    }

    /// Our END_STREAM went out (on HEADERS or DATA): the stream closes if the
    /// client's came already, or if we asked it to stop sending.
    pub(super) fn local_end(&mut self, id: StreamId) {
        let Some(s) = self.streams.get_mut(id) else {
            return;
        };
        match s.state.after_local_end() {
            Some(_) if s.stop_receiving => self.reset(id, ErrorCode::NO_ERROR),
            Some(state) => s.state = state,
            None => {
                self.streams.remove(id);
            }
        }
    }
}

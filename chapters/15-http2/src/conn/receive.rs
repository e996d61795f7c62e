//! The frames of streams, as they arrive: HEADERS opening a request (or
//! carrying its trailers), DATA, RST_STREAM, WINDOW_UPDATE. Each first asks
//! what its stream id means now (idle, live, or closed, `streams.rs`), since
//! the same frame is fine on one stream, a stream error on another and a
//! connection error on a third (§5.1).

use std::time::Instant;

use super::connection::H2Conn;
use super::error::{ConnError, StreamFault};
use super::event::{Event, ResetBy};
use super::stream::{State, Stream};
use super::streams::Lookup;
use crate::error_code::ErrorCode;
use crate::frame::{Data, Frame, FrameType, RstStream, StreamError, StreamId, WindowUpdate};
use crate::hpack::{DecodeError, HeaderField, HeaderList};
use crate::http::{Malformed, validate};

/// A decoded block, or the one decoding error that spares the connection.
type Decoded = Result<HeaderList, DecodeError>;

impl H2Conn {
    // ANCHOR: on_field_block
    /// A whole field block (HEADERS and its CONTINUATIONs) on `stream`.
    pub(super) fn on_field_block(
        &mut self,
        stream: StreamId,
        end_stream: bool,
        block: &[u8],
        now: Instant,
    ) -> Result<(), ConnError> {
        // Decode first, whatever becomes of the stream: the client's encoder
        // has updated its table for this block, and ours must follow (§4.3).
        let list = match self.hpack_in.decode(block) {
            Err(e) if e.connection_error().is_some() => return Err(ConnError::Compression(e)),
            decoded => decoded,
        };
        if stream.is_multiple_of(2) {
            return Err(ConnError::EvenStreamId { stream });
        }
        match self.streams.lookup(stream) {
            Lookup::Idle => self.open_stream(stream, end_stream, list, block.len(), now),
            Lookup::Live => self.on_trailers(stream, end_stream, list, now),
            // Sent before our RST_STREAM reached the client: discard (§5.1),
            // and count: a client that keeps at it is only making us decode.
            Lookup::Closed { reset_by_us: true } => self.empty_frame(now),
            Lookup::Closed { reset_by_us: false } => Err(ConnError::StreamIdReused {
                stream,
                last: self.streams.last(),
            }),
        }
    }
    // ANCHOR_END: on_field_block

    // ANCHOR: open_stream
    /// A HEADERS on an idle stream: a new request, unless it must be refused.
    fn open_stream(
        &mut self,
        id: StreamId,
        end_stream: bool,
        list: Decoded,
        block_len: usize,
        now: Instant,
    ) -> Result<(), ConnError> {
        self.streams.used(id);
        if self.shutdown.refuses(id) {
            // §6.8: after our final GOAWAY, streams above its last id are
            // never processed; the client knows to retry them elsewhere.
            self.streams.note_reset(id);
            return Ok(());
        }
        if self.streams.active() >= self.config.max_concurrent_streams as usize {
            // Before our SETTINGS are acknowledged the client may not know the
            // limit yet: a refusal then is no fault of its own, and not counted.
            let counted = self.settings_acked();
            return self.reset_stream(id, StreamFault::Refused, counted, now);
        }
        let state = if end_stream {
            State::HalfClosedRemote
        } else {
            State::Open
        };
        let mut stream = Stream::new(
            state,
            self.config.initial_window_size,
            i64::from(self.peer.initial_window_size),
        );
        let list = match list {
            Ok(list) => list,
            Err(_) => {
                // The block was decoded (the table is in step) but not kept:
                // answer 431 on this stream alone (RFC 9113 §10.5.1).
                self.streams.insert(id, stream);
                return self.answer_431(id, end_stream, now);
            }
        };
        let extended_connect = self.config.enable_connect_protocol;
        let head = match validate::request_head(list, block_len, extended_connect) {
            Ok(head) => head,
            Err(m) => return self.reset_stream(id, StreamFault::Malformed(m), true, now),
        };
        if end_stream && head.content_length.is_some_and(|n| n > 0) {
            let declared = head.content_length.unwrap_or(0);
            let fault = Malformed::ContentLengthMismatch {
                declared,
                received: 0,
            };
            return self.reset_stream(id, StreamFault::Malformed(fault), true, now);
        }
        stream.content_length = head.content_length;
        self.streams.insert(id, stream);
        self.events.push_back(Event::Request {
            stream: id,
            head,
            end_stream,
        });
        Ok(())
    }
    // ANCHOR_END: open_stream

    /// 431 Request Header Fields Too Large, then (if the client is still
    /// sending) RST_STREAM NO_ERROR: "stop, no error" (§8.1).
    fn answer_431(
        &mut self,
        id: StreamId,
        end_stream: bool,
        now: Instant,
    ) -> Result<(), ConnError> {
        let fields = [
            HeaderField::new(":status", "431"),
            HeaderField::new("content-length", "0"),
        ];
        let _ = self.send_headers(id, &fields, true);
        let fault = StreamFault::HeaderListTooLarge { answered: true };
        if end_stream {
            self.events.push_back(Event::Reset {
                stream: id,
                code: ErrorCode::NO_ERROR,
                by: ResetBy::Us(fault),
            });
            return Ok(());
        }
        self.reset_stream(id, fault, true, now)
    }

    /// A second HEADERS on a live stream: the request's trailers (§8.1).
    fn on_trailers(
        &mut self,
        id: StreamId,
        end_stream: bool,
        list: Decoded,
        now: Instant,
    ) -> Result<(), ConnError> {
        let Some(stream) = self.streams.get(id) else {
            return Ok(());
        };
        if !stream.state.remote_open() {
            let fault = StreamFault::Closed {
                kind: FrameType::HEADERS,
            };
            return self.reset_stream(id, fault, true, now);
        }
        let (declared, received) = (stream.content_length, stream.received);
        let fault = match list {
            Err(_) => Some(StreamFault::HeaderListTooLarge { answered: false }),
            Ok(_) if !end_stream => {
                Some(StreamFault::Malformed(Malformed::TrailersWithoutEndStream))
            }
            Ok(ref fields) => validate::trailers(fields)
                .err()
                .or_else(|| {
                    declared
                        .filter(|&d| d != received)
                        .map(|declared| Malformed::ContentLengthMismatch { declared, received })
                })
                .map(StreamFault::Malformed),
        };
        if let Some(fault) = fault {
            return self.reset_stream(id, fault, true, now);
        }
        let fields = list.unwrap_or_default();
        self.events
            .push_back(Event::Trailers { stream: id, fields });
        self.remote_end(id);
        Ok(())
    }

    // ANCHOR: on_data
    /// A DATA frame: flow control first (every DATA counts against the
    /// connection window, even on a stream that is gone, §6.9), then the
    /// stream's own rules.
    pub(super) fn on_data(&mut self, data: &Data<'_>, now: Instant) -> Result<(), ConnError> {
        let len = data.flow_controlled_len();
        self.conn_recv
            .receive(len)
            .map_err(|_| ConnError::FlowControl)?;
        // The connection's credit goes back at once: the streams' windows
        // already bound what the application can be made to hold, so a slow
        // reader of one stream shuts only that stream's window, never the
        // connection's, and the other streams flow on.
        if let Some(increment) = self.conn_recv.consume(len) {
            self.window_update(0, increment);
        }
        if data.data.is_empty() && !data.end_stream {
            self.empty_frame(now)?;
        }
        let id = data.stream;
        match self.streams.lookup(id) {
            Lookup::Idle => {
                return Err(ConnError::IdleStream {
                    kind: FrameType::DATA,
                    stream: id,
                });
            }
            Lookup::Closed { reset_by_us: true } => return Ok(()),
            Lookup::Closed { reset_by_us: false } => {
                let fault = StreamFault::Closed {
                    kind: FrameType::DATA,
                };
                return self.reset_stream(id, fault, true, now);
            }
            Lookup::Live => {}
        }
        let Some(stream) = self.streams.get_mut(id) else {
            return Ok(());
        };
        if !stream.state.remote_open() {
            let fault = StreamFault::Closed {
                kind: FrameType::DATA,
            };
            return self.reset_stream(id, fault, true, now);
        }
        if stream.recv.receive(len).is_err() {
            return self.reset_stream(id, StreamFault::FlowControl, true, now);
        }
        stream.received += data.data.len() as u64;
        let (declared, received) = (stream.content_length, stream.received);
        if let Some(declared) = declared
            && (received > declared || (data.end_stream && received != declared))
        {
            let fault = Malformed::ContentLengthMismatch { declared, received };
            return self.reset_stream(id, StreamFault::Malformed(fault), true, now);
        }
        // Padding is never the application's to consume: give it back now.
        let padding = len - data.data.len();
        if padding > 0 && !data.end_stream {
            self.data_consumed(id, padding);
        }
        self.events.push_back(Event::Data {
            stream: id,
            data: data.data.to_vec(),
            end_stream: data.end_stream,
        });
        if data.end_stream {
            self.remote_end(id);
        }
        Ok(())
    }
    // ANCHOR_END: on_data

    pub(super) fn on_rst_stream(&mut self, rst: &RstStream, now: Instant) -> Result<(), ConnError> {
        match self.streams.lookup(rst.stream) {
            // §6.4: RST_STREAM on an idle stream is a connection error.
            Lookup::Idle => Err(ConnError::IdleStream {
                kind: FrameType::RST_STREAM,
                stream: rst.stream,
            }),
            // Crossed with our END_STREAM or RST_STREAM: nothing to do, and
            // counted, since a stream of them would be work for nothing.
            Lookup::Closed { .. } => self.empty_frame(now),
            Lookup::Live => {
                self.streams.remove(rst.stream);
                self.events.push_back(Event::Reset {
                    stream: rst.stream,
                    code: rst.code,
                    by: ResetBy::Peer,
                });
                // Rapid reset: a stream opened and cancelled costs us its
                // set-up and the client nothing but 13 octets.
                self.floods.reset(now).map_err(ConnError::Flood)
            }
        }
    }

    pub(super) fn on_window_update(
        &mut self,
        update: &WindowUpdate,
        now: Instant,
    ) -> Result<(), ConnError> {
        self.floods.control_frame(now).map_err(ConnError::Flood)?;
        let delta = i64::from(update.increment);
        if update.stream == 0 {
            return self
                .conn_send
                .adjust(delta)
                .map_err(|_| ConnError::WindowOverflow);
        }
        match self.streams.lookup(update.stream) {
            Lookup::Idle => Err(ConnError::IdleStream {
                kind: FrameType::WINDOW_UPDATE,
                stream: update.stream,
            }),
            // §6.9: it may come after our END_STREAM; not an error.
            Lookup::Closed { .. } => Ok(()),
            Lookup::Live => {
                let Some(stream) = self.streams.get_mut(update.stream) else {
                    return Ok(());
                };
                if stream.send.adjust(delta).is_err() {
                    return self.reset_stream(
                        update.stream,
                        StreamFault::WindowOverflow,
                        true,
                        now,
                    );
                }
                if stream.sendable() && !stream.in_ready {
                    stream.in_ready = true;
                    self.ready.push_back(update.stream);
                }
                Ok(())
            }
        }
    }

    /// A rule the codec found broken on one stream only.
    pub(super) fn on_stream_error(
        &mut self,
        e: StreamError,
        now: Instant,
    ) -> Result<(), ConnError> {
        self.reset_stream(e.stream, StreamFault::Frame(e.violation), true, now)
    }

    // ANCHOR: reset_stream
    /// RST_STREAM with `fault`'s code (or none, after a 431 to a request that
    /// was complete); the stream is forgotten, and remembered as reset by us so
    /// that frames already on their way are discarded. `counted`: it goes
    /// towards the rapid-reset limit.
    pub(super) fn reset_stream(
        &mut self,
        id: StreamId,
        fault: StreamFault,
        counted: bool,
        now: Instant,
    ) -> Result<(), ConnError> {
        let code = fault.code();
        self.out
            .frame(&Frame::RstStream(RstStream { stream: id, code }));
        self.streams.remove(id);
        self.streams.note_reset(id);
        self.events.push_back(Event::Reset {
            stream: id,
            code,
            by: ResetBy::Us(fault),
        });
        if counted {
            self.floods.reset(now).map_err(ConnError::Flood)?;
        }
        Ok(())
    }
    // ANCHOR_END: reset_stream

    /// The client's END_STREAM: the stream closes if ours was sent already.
    pub(super) fn remote_end(&mut self, id: StreamId) {
        if let Some(stream) = self.streams.get_mut(id) {
            match stream.state.after_remote_end() {
                Some(state) => stream.state = state,
                None => {
                    self.streams.remove(id);
                }
            }
        }
    }

    /// Queues a WINDOW_UPDATE.
    pub(super) fn window_update(&mut self, stream: StreamId, increment: u32) {
        self.out
            .frame(&Frame::WindowUpdate(WindowUpdate { stream, increment }));
    }
}

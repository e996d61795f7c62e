//! [`H2Conn`]: one server-side HTTP/2 connection, sans-I/O.
//!
//! Bytes in with [`H2Conn::feed`], events out with [`H2Conn::next_event`],
//! the application's answers in with `send_headers` / `send_data`, bytes out
//! with [`H2Conn::pending_output`]. This file holds the state and the
//! frames that concern the connection as a whole (SETTINGS, PING, GOAWAY,
//! WINDOW_UPDATE on stream 0); `receive.rs` handles the frames of streams,
//! `send.rs` the application's calls, `schedule.rs` the DATA frames,
//! `shutdown.rs` GOAWAY and the timers.

use std::collections::VecDeque;
use std::mem;
use std::time::Instant;

use super::config::H2Config;
use super::error::ConnError;
use super::event::Event;
use super::flood::{Flood, Floods};
use super::output::Output;
use super::settings::{PeerSettings, Unacked};
use super::shutdown::Shutdown;
use super::streams::Streams;
use super::window::{RecvWindow, SendWindow};
use crate::frame::settings::DEFAULT_INITIAL_WINDOW_SIZE;
use crate::frame::{
    Decoded, FieldBlockAssembler, Frame, FrameDecoder, GoAway, Ping, Settings, StreamId,
    WindowUpdate,
};
use crate::hpack;

/// One HTTP/2 connection, the server's side of it; see the [module
/// documentation](super) for how a transport drives it.
#[derive(Debug)]
pub struct H2Conn {
    pub(super) config: H2Config,
    pub(super) frames: FrameDecoder,
    pub(super) blocks: FieldBlockAssembler,
    pub(super) hpack_in: hpack::Decoder,
    pub(super) hpack_out: hpack::Encoder,
    /// A scratch buffer for encoding header blocks.
    pub(super) block: Vec<u8>,
    pub(super) streams: Streams,
    /// What the client may still send on the connection as a whole.
    pub(super) conn_recv: RecvWindow,
    /// What we may still send on the connection as a whole.
    pub(super) conn_send: SendWindow,
    pub(super) peer: PeerSettings,
    /// Our SETTINGS, until the client acknowledges them.
    pub(super) unacked: Option<Unacked>,
    /// Our SETTINGS_MAX_FRAME_SIZE, acknowledged during `feed`, for the
    /// decoder (which `feed` holds while frames are handled).
    pub(super) frame_size_acked: Option<u32>,
    /// Streams with something to frame, in round-robin order.
    pub(super) ready: VecDeque<StreamId>,
    pub(super) out: Output,
    pub(super) events: VecDeque<Event>,
    pub(super) floods: Floods,
    pub(super) shutdown: Shutdown,
    /// The client sent GOAWAY: no new streams will come.
    pub(super) peer_going_away: bool,
    /// The connection error that ended everything.
    pub(super) failed: Option<ConnError>,
}

impl H2Conn {
    // ANCHOR: new
    /// A connection that has just been accepted (h2c with prior knowledge, or
    /// TLS with ALPN `h2`). Our preface (SETTINGS, then a WINDOW_UPDATE for
    /// the larger connection window) is queued at once: §3.4 lets a server
    /// send it without waiting for the client's.
    pub fn new(config: H2Config, now: Instant) -> H2Conn {
        let config = config.clamped();
        let mut out = Output::default();
        out.frame(&Frame::Settings(Settings::new(config.settings())));
        let mut conn_recv = RecvWindow::new(DEFAULT_INITIAL_WINDOW_SIZE);
        let extra = config.connection_window - DEFAULT_INITIAL_WINDOW_SIZE;
        if extra > 0 {
            out.frame(&Frame::WindowUpdate(WindowUpdate {
                stream: 0,
                increment: extra,
            }));
            conn_recv = RecvWindow::new(config.connection_window);
        }
        let mut hpack_in = hpack::Decoder::default();
        hpack_in.set_max_header_list_size(config.max_header_list_size as usize);
        H2Conn {
            frames: FrameDecoder::server(),
            blocks: FieldBlockAssembler::new(config.max_field_block),
            hpack_in,
            hpack_out: hpack::Encoder::default(),
            block: Vec::new(),
            streams: Streams::default(),
            conn_recv,
            conn_send: SendWindow::new(DEFAULT_INITIAL_WINDOW_SIZE),
            peer: PeerSettings::default(),
            unacked: Some(Unacked { sent: now }),
            frame_size_acked: None,
            ready: VecDeque::new(),
            out,
            events: VecDeque::new(),
            floods: Floods::new(&config),
            shutdown: Shutdown::Running,
            peer_going_away: false,
            failed: None,
            config,
        }
    }
    // ANCHOR_END: new

    /// The configuration in force (clamped to legal ranges).
    pub fn config(&self) -> &H2Config {
        &self.config
    }

    // ANCHOR: feed
    /// Reads `input` (bytes from the transport, in any pieces) and acts on
    /// every frame in it: answers are queued for [`pending_output`](Self::pending_output),
    /// news for [`next_event`](Self::next_event). `now` drives the flood counters.
    ///
    /// # Returns
    /// How many octets were consumed: all of them (a partial frame is kept by
    /// the decoder), so chapter 7's `on_data` can return it as is.
    /// `Err` is a connection error: the GOAWAY is queued; send the pending
    /// output, then close. Every later call returns the same error.
    pub fn feed(&mut self, input: &[u8], now: Instant) -> Result<usize, ConnError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        // The decoder and the assembler hand out frames that borrow them, and
        // handling a frame needs the rest of `self`: hold them apart meanwhile.
        let mut frames = mem::replace(&mut self.frames, FrameDecoder::frames());
        let mut blocks = mem::take(&mut self.blocks);
        let mut at = 0;
        let result = loop {
            if at == input.len() {
                break Ok(());
            }
            let (n, found) = match frames.decode(&input[at..]) {
                Ok(decoded) => decoded,
                Err(e) => break Err(ConnError::Frame(e)),
            };
            at += n;
            let handled = match found {
                None | Some(Decoded::Preface) => Ok(()),
                Some(Decoded::Frame(frame)) => self.on_frame(frame, &mut blocks, now),
                Some(Decoded::StreamError(e)) => self.on_stream_error(e, now),
            };
            if let Some(max) = self.frame_size_acked.take() {
                frames.set_max_frame_size(max);
            }
            if let Err(e) = handled.and_then(|()| self.check_backlog()) {
                break Err(e);
            }
            if n == 0 {
                break Ok(()); // the decoder never stalls; this is a safety net
            }
        };
        self.frames = frames;
        self.blocks = blocks;
        match result {
            Ok(()) => Ok(input.len()),
            Err(e) => Err(self.fail(e)),
        }
    }
    // ANCHOR_END: feed

    /// The next thing that happened, oldest first.
    pub fn next_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// Whether the connection has nothing left to do: it failed, or it is
    /// going away (either side) with no stream left, and its output was
    /// taken. Close the transport then.
    pub fn is_done(&self) -> bool {
        let quiet = self.out.unsent() == 0;
        let going = self.peer_going_away || self.shutdown.is_final();
        quiet && (self.failed.is_some() || (going && self.streams.active() == 0))
    }

    /// The connection error that ended it, if one did.
    pub fn failure(&self) -> Option<&ConnError> {
        self.failed.as_ref()
    }

    /// How many streams are open or half-closed.
    pub fn active_streams(&self) -> usize {
        self.streams.active()
    }

    /// The client's settings as they stand.
    pub fn peer_settings(&self) -> &PeerSettings {
        &self.peer
    }

    /// What we may still send on the connection as a whole (the client's
    /// connection-level window).
    pub fn connection_send_window(&self) -> i64 {
        self.conn_send.value()
    }

    /// Whether our SETTINGS have been acknowledged.
    pub fn settings_acked(&self) -> bool {
        self.unacked.is_none()
    }

    fn on_frame(
        &mut self,
        frame: Frame<'_>,
        blocks: &mut FieldBlockAssembler,
        now: Instant,
    ) -> Result<(), ConnError> {
        match frame {
            Frame::Data(data) => self.on_data(&data, now),
            Frame::Headers(headers) => {
                if headers.fragment.is_empty() && !headers.end_headers {
                    self.empty_frame(now)?;
                }
                match blocks.headers(&headers).map_err(ConnError::Frame)? {
                    Some(b) => self.on_field_block(b.stream, b.end_stream, b.block, now),
                    None => Ok(()),
                }
            }
            Frame::Continuation(c) => {
                // An empty CONTINUATION adds nothing to the block, so the
                // block's size limit never stops a stream of them.
                if c.fragment.is_empty() && !c.end_headers {
                    self.empty_frame(now)?;
                }
                match blocks.continuation(&c).map_err(ConnError::Frame)? {
                    Some(b) => self.on_field_block(b.stream, b.end_stream, b.block, now),
                    None => Ok(()),
                }
            }
            // §5.3.2: RFC 7540's priorities are deprecated; we ignore them,
            // and count them, since each costs a frame's work (CVE-2019-9513).
            Frame::Priority(_) => self.empty_frame(now),
            Frame::RstStream(rst) => self.on_rst_stream(&rst, now),
            Frame::Settings(settings) => self.on_settings(&settings, now),
            Frame::Ping(ping) => self.on_ping(&ping, now),
            Frame::GoAway(goaway) => self.on_goaway(&goaway, now),
            Frame::WindowUpdate(update) => self.on_window_update(&update, now),
            // The decoder refuses PUSH_PROMISE at its header already.
            Frame::PushPromise(_) => Err(ConnError::Frame(crate::frame::ConnectionError(
                crate::frame::Violation::PushPromise,
            ))),
            // §5.5: extension frames we do not know are ignored, and counted.
            Frame::Unknown(_) => self.empty_frame(now),
        }
    }

    pub(super) fn empty_frame(&mut self, now: Instant) -> Result<(), ConnError> {
        self.floods.empty_frame(now).map_err(ConnError::Flood)
    }

    // ANCHOR: on_settings
    fn on_settings(&mut self, settings: &Settings, now: Instant) -> Result<(), ConnError> {
        if settings.ack {
            if self.unacked.take().is_none() {
                return self.empty_frame(now); // an ACK nobody asked for
            }
            // Now the client obeys our values: only now may they bind it.
            self.hpack_in
                .set_table_size_limit(self.config.header_table_size as usize);
            self.frame_size_acked = Some(self.config.max_frame_size);
            return Ok(());
        }
        self.floods.control_frame(now).map_err(ConnError::Flood)?;
        let changed = self.peer.apply(&settings.params);
        if changed.window_delta != 0 {
            // §6.9.2: every stream's window moves by the difference, possibly
            // below zero; past 2^31-1 is a connection error.
            for (&id, stream) in self.streams.iter_mut() {
                stream
                    .send
                    .adjust(changed.window_delta)
                    .map_err(|_| ConnError::WindowOverflow)?;
                if stream.sendable() && !stream.in_ready {
                    stream.in_ready = true;
                    self.ready.push_back(id);
                }
            }
        }
        if let Some(size) = changed.table_size {
            self.hpack_out.set_peer_table_size(size as usize);
        }
        self.out.frame(&Frame::Settings(Settings::ack()));
        Ok(())
    }
    // ANCHOR_END: on_settings

    fn on_ping(&mut self, ping: &Ping, now: Instant) -> Result<(), ConnError> {
        if ping.ack {
            if self.shutdown.is_our_ping(ping.opaque) {
                self.final_goaway();
                return Ok(());
            }
            return self.empty_frame(now); // an answer to a PING we never sent
        }
        self.floods.control_frame(now).map_err(ConnError::Flood)?;
        self.out.frame(&Frame::Ping(Ping {
            ack: true,
            opaque: ping.opaque,
        }));
        Ok(())
    }

    fn on_goaway(&mut self, goaway: &GoAway<'_>, now: Instant) -> Result<(), ConnError> {
        if self.peer_going_away {
            // A second GOAWAY may carry an error after a graceful one (§5.4);
            // more than that is only noise, and counted.
            self.empty_frame(now)?;
        }
        self.peer_going_away = true;
        self.events.push_back(Event::GoAway {
            last_stream: goaway.last_stream,
            code: goaway.code,
            // Diagnostic only; kept short so a peer cannot make us hold much.
            debug: goaway.debug[..goaway.debug.len().min(256)].to_vec(),
        });
        Ok(())
    }

    /// The backlog rule: output the transport has not taken is bounded.
    fn check_backlog(&self) -> Result<(), ConnError> {
        if self.out.unsent() > self.config.max_output_backlog {
            return Err(ConnError::Flood(Flood::OutputBacklog));
        }
        Ok(())
    }

    // ANCHOR: fail
    /// Ends the connection for `error`: GOAWAY with its code and the highest
    /// stream we received, queued after whatever was pending; every stream
    /// forgotten. The caller sends what is pending and closes.
    pub(super) fn fail(&mut self, error: ConnError) -> ConnError {
        if self.failed.is_none() {
            let debug = error.to_string();
            self.out.frame(&Frame::GoAway(GoAway {
                last_stream: self.streams.last(),
                code: error.code(),
                debug: debug.as_bytes(),
            }));
            self.streams.clear();
            self.ready.clear();
            self.failed = Some(error.clone());
        }
        error
    }
    // ANCHOR_END: fail
}

//! The loop itself: one thread, one `Poll`, every socket.
//!
//! ```text
//!            ┌──────────────────────── one turn ─────────────────────────┐
//!  poll(timeout = nearest timer) ─▶ events ─┬─ LISTENER: accept until WouldBlock
//!                                           ├─ WAKER:    drain messages → on_message
//!                                           └─ conn:     WRITABLE → flush queue → on_drained
//!                                                        READABLE → read until WouldBlock
//!                                                                   → on_data (→ write queue)
//!  then: due timers → on_timer;  later work (wakes, resumed reads) → on_wake, read
//!  after every callback: flush what it queued; pause reading if the queue is
//!  over the limit; finish closes (FIN, linger, drop → on_closed)
//! ```
//!
//! mio's readiness is *edge-triggered*: an event says "something changed", once.
//! So every read goes on until `WouldBlock` (or a short read, see
//! [`ReadMode`]), and every accept too; otherwise bytes would sit
//! in the kernel with no event left to announce them.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ch01_tcp::trace::Trace;
use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token, Waker};

use crate::config::{Config, ReadMode};
use crate::cx::{Core, Cx, Later, LoopCx};
use crate::entry::{Entry, Phase};
use crate::handle::{LoopHandle, Shared, channel};
use crate::service::{Connection, Service};
use crate::stats::{Counter, StatsCell};
use crate::table::Table;
use crate::timers::Timers;
use crate::token::{ConnId, LISTENER, WAKER};

/// How long to stop accepting after the process ran out of file descriptors.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);
/// `on_drained` rounds per connection per turn, before it waits for the next turn.
const DRAINED_ROUNDS: usize = 8;

/// A loop, built and bound, not yet running. Get its address and a handle,
/// then [`run`](EventLoop::run) it (or [`spawn`] one in a thread).
pub struct EventLoop<S: Service> {
    core: Core,
    svc: S,
    /// The applications' connection states, indexed like `core.table`'s slots.
    conns: Vec<Option<S::Conn>>,
    listener: TcpListener,
    /// The one read buffer all connections share.
    read_buf: Vec<u8>,
    events: Option<Events>,
    rx: Receiver<S::Msg>,
    handle: LoopHandle<S::Msg>,
    /// Not accepting: at `max_conns`, or out of file descriptors until this time.
    accept_paused: bool,
    accept_retry: Option<Instant>,
    /// Messages were left in the channel last turn (a turn takes at most
    /// `max_messages`, so a flood of them cannot starve the sockets).
    messages_left: bool,
    /// `settle_touched` is running (see there: it must not recurse).
    settling_touched: bool,
}

impl<S: Service> EventLoop<S> {
    /// Binds `addr` (port 0 picks a free port) and builds a loop serving `svc`.
    pub fn bind(addr: SocketAddr, svc: S, config: Config) -> io::Result<EventLoop<S>> {
        EventLoop::new(TcpListener::bind(addr)?, svc, config)
    }

    /// Builds a loop around a listener you made yourself (chapter 3's socket2
    /// tuning, say). The listener must be non-blocking, as mio's are.
    pub fn new(mut listener: TcpListener, svc: S, config: Config) -> io::Result<EventLoop<S>> {
        let poll = Poll::new()?;
        poll.registry()
            .register(&mut listener, LISTENER, Interest::READABLE)?;
        let shared = Arc::new(Shared {
            waker: Waker::new(poll.registry(), WAKER)?,
            pending: AtomicBool::new(false),
            stop: AtomicBool::new(false),
            stats: StatsCell::default(),
        });
        let (handle, rx) = channel(shared.clone(), config.max_messages);
        Ok(EventLoop {
            read_buf: vec![0; config.read_buf.max(1)],
            events: Some(Events::with_capacity(config.events.max(1))),
            core: Core {
                poll,
                table: Table::new(),
                timers: Timers::new(),
                later: Vec::new(),
                touched: Vec::new(),
                config,
                shared,
                now: Instant::now(),
                stopping: false,
            },
            svc,
            conns: Vec::new(),
            listener,
            rx,
            handle,
            accept_paused: false,
            accept_retry: None,
            messages_left: false,
            settling_touched: false,
        })
    }

    /// The address the loop listens on (with the real port when 0 was asked).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// A handle for other threads: send messages, read stats, stop the loop.
    pub fn handle(&self) -> LoopHandle<S::Msg> {
        self.handle.clone()
    }

    /// The application.
    pub fn service(&mut self) -> &mut S {
        &mut self.svc
    }

    // ANCHOR: run
    /// Serves until [`LoopHandle::stop`] or [`LoopCx::stop`]; returns the
    /// application (tests look inside). Connections still open are dropped.
    pub fn run(mut self) -> io::Result<S> {
        while !self.core.stopping {
            self.turn()?;
        }
        Ok(self.svc)
    }

    /// One turn: wait for events (or the nearest timer), handle them all.
    pub fn turn(&mut self) -> io::Result<()> {
        let timeout = self.poll_timeout();
        let mut events = self.events.take().expect("events are put back every turn");
        let polled = self.core.poll.poll(&mut events, timeout);
        self.core.now = Instant::now();
        self.core.shared.stats.add(Counter::polls, 1);
        if let Err(e) = polled {
            self.events = Some(events);
            // A signal interrupted the wait: not an error, just go round again.
            return if e.kind() == ErrorKind::Interrupted {
                Ok(())
            } else {
                Err(e)
            };
        }
        for event in events.iter() {
            match event.token() {
                LISTENER => self.accept_all(),
                WAKER => self.take_messages(),
                token => self.conn_event(token, event),
            }
        }
        self.events = Some(events);
        if self.messages_left {
            self.take_messages();
        }
        self.fire_timers();
        self.run_later();
        if self.core.shared.stop.load(Ordering::Acquire) {
            self.core.stopping = true;
        }
        Ok(())
    }
    // ANCHOR_END: run

    /// Sleep until the nearest timer; not at all if work is waiting.
    fn poll_timeout(&mut self) -> Option<Duration> {
        if !self.core.later.is_empty() || self.messages_left {
            return Some(Duration::ZERO);
        }
        let now = Instant::now();
        let timer = self.core.timers.timeout(now);
        let retry = self
            .accept_retry
            .map(|at| at.saturating_duration_since(now));
        match (timer, retry) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    // ANCHOR: accept
    /// Accepts until `WouldBlock`: one event may stand for many connections.
    fn accept_all(&mut self) {
        loop {
            if self.core.table.len() >= self.core.config.max_conns {
                // Leave the rest in the kernel's backlog; a close reopens the door.
                if !self.accept_paused {
                    self.accept_paused = true;
                    self.trace()
                        .note("listener", "max_conns reached: accepting paused");
                }
                return;
            }
            match self.listener.accept() {
                Ok((stream, peer)) => self.start(stream, peer),
                Err(e) if e.kind() == ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                // EMFILE (24) / ENFILE (23): out of file descriptors. The connection
                // stays in the backlog and the listener stays readable, so with
                // edge-triggered events we must come back by ourselves: a timer.
                Err(e) if matches!(e.raw_os_error(), Some(23 | 24)) => {
                    self.accept_paused = true;
                    self.accept_retry = Some(self.core.now + ACCEPT_BACKOFF);
                    self.trace()
                        .note("listener", format!("accept: {e}; retrying soon"));
                    return;
                }
                // The connection died in the backlog (ECONNABORTED...): next one.
                Err(_) => continue,
            }
        }
    }

    /// Registers a new connection and asks the application whether it wants it.
    fn start(&mut self, stream: TcpStream, peer: SocketAddr) {
        if self.core.config.nodelay {
            // We coalesce our own writes; Nagle would only delay the last piece.
            let _ = stream.set_nodelay(true);
        }
        let Ok(id) = self.core.table.insert(Entry::new(stream, peer)) else {
            return; // cannot happen below max_conns; the socket is dropped
        };
        let e = self.core.table.get_mut(id).expect("just inserted");
        let registry = self.core.poll.registry();
        if registry
            .register(&mut e.stream, id.token(), Interest::READABLE)
            .is_err()
        {
            self.core.table.remove(id); // dropped: the peer sees the connection close
            return;
        }
        self.admit(id, peer);
    }
    // ANCHOR_END: accept

    fn admit(&mut self, id: ConnId, peer: SocketAddr) {
        self.core.shared.stats.add(Counter::accepted, 1);
        self.core
            .shared
            .stats
            .set(Counter::open, self.core.table.len() as u64);
        self.trace().note(peer, format!("accepted as {id}"));
        if self.conns.len() <= id.index() {
            self.conns.resize_with(id.index() + 1, || None);
        }
        let conn = {
            let mut cx = Cx {
                lp: LoopCx {
                    core: &mut self.core,
                },
                id,
            };
            self.svc.accept(&mut cx, peer)
        };
        match conn {
            Some(conn) => {
                self.conns[id.index()] = Some(conn);
                self.settle(id);
                self.settle_touched();
            }
            None => {
                if let Some(e) = self.core.table.get_mut(id) {
                    e.abort("refused by the application");
                }
                self.settle(id);
            }
        }
    }

    /// Messages from other threads, through the waker.
    fn take_messages(&mut self) {
        // Clear the flag first: a message sent after this line wakes us again.
        self.core.shared.pending.store(false, Ordering::Release);
        self.messages_left = false;
        for _ in 0..self.core.config.max_messages.max(1) {
            let Ok(msg) = self.rx.try_recv() else {
                return;
            };
            self.core.shared.stats.add(Counter::messages, 1);
            let mut lp = LoopCx {
                core: &mut self.core,
            };
            self.svc.on_message(&mut lp, msg);
            self.settle_touched();
        }
        // More may be waiting: look again next turn, after the sockets had a go.
        self.messages_left = true;
    }

    // ANCHOR: conn_event
    fn conn_event(&mut self, token: Token, event: &mio::event::Event) {
        let Some(id) = ConnId::from_token(token) else {
            return;
        };
        let Some(e) = self.core.table.get_mut(id) else {
            // A connection closed earlier in this turn: its event is stale.
            self.core.shared.stats.add(Counter::stale, 1);
            return;
        };
        if event.is_writable() || event.is_error() {
            e.blocked = false;
            self.settle(id);
        }
        if event.is_read_closed()
            && let Some(e) = self.core.table.get_mut(id)
        {
            e.fin_seen = true;
        }
        if event.is_readable() || event.is_read_closed() || event.is_error() {
            self.read_ready(id);
        }
    }

    /// Reads until `WouldBlock` (or a short read, or this turn's share is used),
    /// handing each piece to the application.
    fn read_ready(&mut self, id: ConnId) {
        let per_turn = self.core.config.reads_per_turn.max(1);
        for _ in 0..per_turn {
            let Some(e) = self.core.table.get_mut(id) else {
                return;
            };
            if !e.reading() {
                return; // paused: bytes wait in the kernel until we resume
            }
            match e.stream.read(&mut self.read_buf) {
                Ok(0) => {
                    self.core.shared.stats.add(Counter::reads, 1);
                    self.peer_closed(id);
                    return;
                }
                Ok(n) => {
                    self.core.shared.stats.add(Counter::reads, 1);
                    self.core.shared.stats.add(Counter::bytes_in, n as u64);
                    if self.core.config.trace_bytes {
                        self.core.config.trace.recv(e.peer, &self.read_buf[..n]);
                    }
                    // A FIN already announced must still be read (see `Entry::fin_seen`).
                    let short = n < self.read_buf.len() && !e.fin_seen;
                    self.deliver(id, n);
                    self.settle(id);
                    self.settle_touched();
                    if short && self.core.config.read_mode == ReadMode::ShortReadMeansDrained {
                        return; // Linux: fewer bytes than asked = drained for now
                    }
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    self.core.shared.stats.add(Counter::reads_would_block, 1);
                    return;
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(err) => {
                    // ECONNRESET and friends: this connection is over, the loop is not.
                    e.abort(format!("read failed: {err}"));
                    self.core.shared.stats.add(Counter::errors, 1);
                    self.settle(id);
                    return;
                }
            }
        }
        // Fair share used: other connections go first, we come back this turn's end.
        self.core.later.push((id, Later::Read));
    }
    // ANCHOR_END: conn_event

    /// Read returned 0: the peer will send nothing more.
    fn peer_closed(&mut self, id: ConnId) {
        let Some(e) = self.core.table.get_mut(id) else {
            return;
        };
        e.eof = true;
        self.core
            .config
            .trace
            .note(e.peer, "peer closed its write half (read returned 0)");
        match e.phase {
            Phase::Open => {
                self.call(id, |c, s, cx| c.on_eof(s, cx));
            }
            Phase::Lingering => e.abort("closed"),
            Phase::Closing | Phase::Aborted => {}
        }
        self.settle(id);
        self.settle_touched();
    }

    // ANCHOR: deliver
    /// Hands the `n` bytes just read (plus any left from before) to `on_data`,
    /// and keeps what it does not consume.
    fn deliver(&mut self, id: ConnId, n: usize) {
        let Some(e) = self.core.table.get_mut(id) else {
            return;
        };
        if e.phase != Phase::Open {
            return; // closing: input is read and dropped (it is no one's any more)
        }
        if e.partial.is_empty() {
            // The common case: a whole message in one read, no copy at all.
            let used = self.consume(id, None, n);
            if let Some(e) = self.core.table.get_mut(id) {
                e.partial.extend_from_slice(&self.read_buf[used..n]);
            }
        } else {
            // Part of a message was waiting: append, and parse from the start.
            e.partial.extend_from_slice(&self.read_buf[..n]);
            self.consume_partial(id);
        }
        self.check_partial(id);
    }

    /// Offers the waiting input again (reading resumed, or more arrived).
    fn consume_partial(&mut self, id: ConnId) {
        let Some(e) = self.core.table.get_mut(id) else {
            return;
        };
        let mut input = std::mem::take(&mut e.partial);
        let len = input.len();
        let used = self.consume(id, Some(&mut input), len);
        if let Some(e) = self.core.table.get_mut(id) {
            input.drain(..used);
            if input.is_empty() {
                input = Vec::new(); // release the memory: idle connections hold none
            }
            e.partial = input;
        }
    }

    /// Calls `on_data` while it consumes something and the connection still wants
    /// input. `input` is `None` for the shared read buffer. Returns bytes consumed.
    fn consume(&mut self, id: ConnId, mut input: Option<&mut [u8]>, len: usize) -> usize {
        let max_queue = self.core.config.max_write_queue;
        let mut used = 0;
        while used < len {
            match self.core.table.get(id) {
                Some(e) if e.phase == Phase::Open && e.reading() => {}
                _ => break,
            }
            // Mutable: the buffer is the loop's own, so a protocol that
            // transforms bytes in place (WebSocket unmasking) needs no copy.
            let bytes = match input.as_deref_mut() {
                Some(input) => &mut input[used..len],
                None => &mut self.read_buf[used..len],
            };
            let Some(conn) = self.conns.get_mut(id.index()).and_then(Option::as_mut) else {
                break;
            };
            let mut cx = Cx {
                lp: LoopCx {
                    core: &mut self.core,
                },
                id,
            };
            let took = conn.on_data(&mut self.svc, &mut cx, bytes).min(bytes.len());
            used += took;
            if took == 0 {
                break; // an incomplete message: wait for more bytes
            }
            // Backpressure between messages: a peer that pipelines requests but
            // does not read the answers must not make us queue without bound.
            if self.queue_len(id) > max_queue {
                self.flush(id);
                if self.queue_len(id) > max_queue {
                    self.pause_for_backpressure(id);
                } else if self.queue_len(id) == 0 {
                    // This flush emptied the queue, so `settle` will not see it
                    // drain: run `on_drained` later this turn, as settle would.
                    self.core.later.push((id, Later::Drained));
                }
            }
        }
        used
    }
    // ANCHOR_END: deliver

    /// Closes a connection whose unconsumed input went over `max_partial`.
    fn check_partial(&mut self, id: ConnId) {
        let limit = self.core.config.max_partial;
        if let Some(e) = self.core.table.get_mut(id)
            && e.partial.len() > limit
            && !e.paused_by_queue
            && !e.paused_by_app
        {
            e.abort(format!("over {limit} bytes of unconsumed input"));
            self.settle(id);
        }
    }

    fn queue_len(&self, id: ConnId) -> usize {
        self.core.table.get(id).map_or(0, |e| e.out.len())
    }

    // ANCHOR: backpressure
    fn pause_for_backpressure(&mut self, id: ConnId) {
        let limit = self.core.config.max_write_queue;
        if let Some(e) = self.core.table.get_mut(id)
            && !e.paused_by_queue
        {
            e.paused_by_queue = true;
            self.core.shared.stats.add(Counter::backpressure_pauses, 1);
            self.core.config.trace.note(
                e.peer,
                format!(
                    "write queue {} bytes > {limit}: reading paused (backpressure)",
                    e.out.len()
                ),
            );
        }
    }
    // ANCHOR_END: backpressure

    // ANCHOR: flush
    /// Writes the queue until it is empty or the socket is full.
    fn flush(&mut self, id: ConnId) {
        let Some(e) = self.core.table.get_mut(id) else {
            return;
        };
        let queued = e.out.len() as u64;
        self.core.shared.stats.max(Counter::max_write_queue, queued);
        if e.out.is_empty() || e.blocked || e.phase == Phase::Aborted {
            return;
        }
        let mut sink = Traced {
            stream: &mut e.stream,
            peer: e.peer,
            trace: self.core.config.trace,
            trace_bytes: self.core.config.trace_bytes,
            stats: &self.core.shared.stats,
        };
        self.core.shared.stats.add(Counter::flushes, 1);
        match e.out.write_to(&mut sink) {
            Ok(_) if !e.out.is_empty() => e.blocked = true, // WouldBlock: wait for WRITABLE
            Ok(_) => {}
            Err(err) => {
                e.abort(format!("write failed: {err}"));
                self.core.shared.stats.add(Counter::errors, 1);
            }
        }
    }
    // ANCHOR_END: flush

    // ANCHOR: settle
    /// After anything happened to `id`: flush its queue, keep WRITABLE interest
    /// only while the queue is not empty, lift backpressure once the queue has
    /// drained below half, run `on_drained`, and move closes along.
    fn settle(&mut self, id: ConnId) {
        for round in 0..=DRAINED_ROUNDS {
            let had_output = self.queue_len(id) > 0;
            self.flush(id);
            let limit = self.core.config.max_write_queue;
            let Some(e) = self.core.table.get_mut(id) else {
                return;
            };
            if e.phase == Phase::Aborted {
                return self.finish(id);
            }
            let want_writable = !e.out.is_empty();
            if want_writable != e.writable_interest {
                let interest = if want_writable {
                    Interest::READABLE | Interest::WRITABLE
                } else {
                    Interest::READABLE
                };
                if let Err(err) =
                    self.core
                        .poll
                        .registry()
                        .reregister(&mut e.stream, id.token(), interest)
                {
                    e.abort(format!("reregister failed: {err}"));
                    return self.finish(id);
                }
                e.writable_interest = want_writable;
            }
            if e.paused_by_queue && e.out.len() <= limit / 2 {
                e.paused_by_queue = false;
                self.core
                    .config
                    .trace
                    .note(e.peer, "write queue drained: reading resumed");
                self.core.later.push((id, Later::Read));
            }
            match e.phase {
                Phase::Closing if e.out.is_empty() => {
                    // Everything is sent: now our FIN (RFC 9293 §3.6).
                    let _ = e.stream.shutdown(Shutdown::Write);
                    e.phase = Phase::Lingering;
                    self.core
                        .config
                        .trace
                        .note(e.peer, "sent FIN (shutdown write)");
                    if e.eof {
                        e.abort("closed");
                        return self.finish(id);
                    }
                    // Whatever is in flight from the peer gets read and dropped.
                    self.core.later.push((id, Later::Read));
                    return;
                }
                Phase::Open if had_output && e.out.is_empty() => {
                    if round == DRAINED_ROUNDS {
                        self.core.later.push((id, Later::Drained));
                        return;
                    }
                    self.call(id, |c, s, cx| c.on_drained(s, cx));
                    self.settle_touched();
                }
                _ => return,
            }
        }
    }
    // ANCHOR_END: settle

    /// Settles every connection another callback touched.
    fn settle_touched(&mut self) {
        // Not re-entrant: settling one connection may run its `on_drained`,
        // which may touch others (a broadcast queues on every one). Those wait
        // for the loop below instead of recursing, so a broadcast to 10,000
        // connections cannot overflow the stack.
        if self.settling_touched {
            return;
        }
        self.settling_touched = true;
        while let Some(id) = self.core.touched.pop() {
            self.settle(id);
        }
        self.settling_touched = false;
    }

    /// Removes a connection for good and tells the application.
    fn finish(&mut self, id: ConnId) {
        let Some(mut e) = self.core.table.remove(id) else {
            return;
        };
        let _ = self.core.poll.registry().deregister(&mut e.stream);
        let why = e.why.take().unwrap_or_else(|| "closed".into());
        self.core.config.trace.note(e.peer, format!("{id} {why}"));
        drop(e); // closes the socket
        self.core.shared.stats.add(Counter::closed, 1);
        self.core
            .shared
            .stats
            .set(Counter::open, self.core.table.len() as u64);
        if let Some(conn) = self.conns.get_mut(id.index()).and_then(Option::take) {
            let mut lp = LoopCx {
                core: &mut self.core,
            };
            self.svc.on_closed(&mut lp, id, conn);
            self.settle_touched();
        }
        if self.accept_paused && self.accept_retry.is_none() {
            // A slot is free again: take connections waiting in the backlog.
            self.accept_paused = false;
            self.accept_all();
        }
    }

    /// Runs a callback on connection `id`'s state.
    fn call(&mut self, id: ConnId, f: impl FnOnce(&mut S::Conn, &mut S, &mut Cx<'_>)) {
        let Some(conn) = self.conns.get_mut(id.index()).and_then(Option::as_mut) else {
            return;
        };
        let mut cx = Cx {
            lp: LoopCx {
                core: &mut self.core,
            },
            id,
        };
        f(conn, &mut self.svc, &mut cx);
    }

    // ANCHOR: fire_timers
    /// Runs every deadline that has passed.
    fn fire_timers(&mut self) {
        let now = self.core.now;
        while let Some((at, id)) = self.core.timers.pop_due(now) {
            let Some(e) = self.core.table.get_mut(id) else {
                continue; // the connection is gone
            };
            if e.in_heap != Some(at) {
                continue; // superseded by an earlier entry for the same connection
            }
            e.in_heap = None;
            match e.deadline {
                None => {} // cleared since
                Some(d) if d > now => {
                    // Moved later since this entry was pushed: queue it once, at the new time.
                    e.in_heap = Some(d);
                    self.core.timers.push(d, id);
                }
                Some(_) => {
                    e.deadline = None;
                    self.core.shared.stats.add(Counter::timers_fired, 1);
                    if e.phase == Phase::Open {
                        self.call(id, |c, s, cx| c.on_timer(s, cx));
                    } else {
                        e.abort("close timeout: the peer did not finish");
                    }
                    self.settle(id);
                    self.settle_touched();
                }
            }
        }
        // Stale entries (connections gone, deadlines moved) are skipped lazily;
        // if they pile up, sweep them so the heap stays as big as the table.
        if self.core.timers.len() > 2 * self.core.table.len() + 1024 {
            let table = &self.core.table;
            self.core
                .timers
                .retain(|at, id| table.get(id).is_some_and(|e| e.in_heap == Some(at)));
        }
        if let Some(at) = self.accept_retry
            && at <= now
        {
            self.accept_retry = None;
            self.accept_paused = false;
            self.accept_all();
        }
    }
    // ANCHOR_END: fire_timers

    /// Work deferred to the end of the turn; what it defers again waits a turn.
    fn run_later(&mut self) {
        let work = std::mem::take(&mut self.core.later);
        for (id, what) in work {
            if self.core.table.get(id).is_none() {
                continue;
            }
            match what {
                Later::Read => {
                    self.consume_partial(id);
                    self.check_partial(id);
                    self.settle(id);
                    self.settle_touched();
                    self.read_ready(id);
                }
                Later::Wake => {
                    if self.conns.get(id.index()).is_some_and(Option::is_some) {
                        self.call(id, |c, s, cx| c.on_wake(s, cx));
                    }
                    self.settle(id);
                    self.settle_touched();
                }
                Later::Drained => {
                    if self.queue_len(id) == 0 {
                        self.call(id, |c, s, cx| c.on_drained(s, cx));
                    }
                    self.settle(id);
                    self.settle_touched();
                }
            }
        }
    }

    fn trace(&self) -> Trace {
        self.core.config.trace
    }
}

/// The socket as the write queue sees it: every write traced and counted.
struct Traced<'a> {
    stream: &'a mut TcpStream,
    peer: SocketAddr,
    trace: Trace,
    trace_bytes: bool,
    stats: &'a StatsCell,
}

impl Write for Traced<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.stream.write(buf)?;
        self.stats.add(Counter::bytes_out, n as u64);
        if self.trace_bytes {
            self.trace.send(self.peer, &buf[..n]);
        }
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

// ANCHOR: spawn
/// A loop running in its own thread (tests, benchmarks, chapter 13's server).
/// Dropping it stops the loop and waits for the thread.
pub struct Running<S: Service> {
    /// Where it listens.
    pub addr: SocketAddr,
    handle: LoopHandle<S::Msg>,
    thread: Option<JoinHandle<io::Result<S>>>,
}

/// Binds `addr`, then runs a loop for `svc` in a new thread.
pub fn spawn<S>(addr: SocketAddr, svc: S, config: Config) -> io::Result<Running<S>>
where
    S: Service + Send + 'static,
    S::Conn: Send,
{
    let lp = EventLoop::bind(addr, svc, config)?;
    let addr = lp.local_addr()?;
    let handle = lp.handle();
    let thread = std::thread::Builder::new()
        .name(format!("event-loop {addr}"))
        .spawn(move || lp.run())?;
    Ok(Running {
        addr,
        handle,
        thread: Some(thread),
    })
}

impl<S: Service> Running<S> {
    /// A handle to the loop.
    pub fn handle(&self) -> &LoopHandle<S::Msg> {
        &self.handle
    }

    /// Stops the loop and returns the application, or the loop's error.
    pub fn stop(mut self) -> io::Result<S> {
        self.handle.stop();
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(io::Error::other("the event loop thread panicked")),
            None => Err(io::Error::other("already stopped")),
        }
    }
}

impl<S: Service> Drop for Running<S> {
    fn drop(&mut self) {
        self.handle.stop();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
// ANCHOR_END: spawn

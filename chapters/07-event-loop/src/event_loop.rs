//! The loop itself: one thread, one `Poll`, every socket. This file holds the
//! struct, how it is built, and the turn; each job the turn hands out has its
//! own file:
//!
//! | job | file |
//! |---|---|
//! | accept connections, ask the application | `accept.rs` |
//! | read, hand input to `on_data`, input limits | `read.rs` |
//! | write the queue, WRITABLE interest, backpressure | `write.rs` |
//! | after every callback: flush, interest, resume, drained, closes | `settle.rs` |
//! | deadlines that passed | `fire.rs` |
//! | work callbacks ask for, done without recursion | `later.rs` |
//! | the bytes' way in and out (plain TCP, TLS in chapter 14) | `transport.rs` |
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
//! [`ReadMode`](crate::ReadMode)), and every accept too; otherwise bytes would sit
//! in the kernel with no event left to announce them.

use std::io::{self, ErrorKind};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ch01_tcp::trace::Trace;
use mio::net::TcpListener;
use mio::{Events, Interest, Poll, Token, Waker};

use crate::config::Config;
use crate::cx::{Core, Cx, LoopCx};
use crate::entry::WriteSide;
use crate::handle::{LoopHandle, Shared, channel};
use crate::service::Service;
use crate::stats::{Counter, StatsCell};
use crate::table::Table;
use crate::timers::Timers;
use crate::token::{ConnId, LISTENER, WAKER};
use crate::transport::{Plain, Transport, Wrap};
use crate::work::Work;

/// A loop, built and bound, not yet running. Get its address and a handle,
/// then [`run`](EventLoop::run) it (or [`spawn`] one in a thread).
///
/// `T` is how each connection's bytes travel ([`Plain`] TCP unless you build
/// the loop [`with_transport`](EventLoop::with_transport)).
pub struct EventLoop<S: Service, T: Transport = Plain> {
    pub(crate) core: Core,
    pub(crate) svc: S,
    /// The applications' connection states, indexed like `core.table`'s slots.
    pub(crate) conns: Vec<Option<S::Conn>>,
    /// Each connection's transport (its socket), indexed the same way. Kept
    /// here, not in the `Entry`, so that callbacks (which see `Core`) cannot
    /// reach a socket, and `Cx` stays the same type whatever the transport.
    pub(crate) links: Vec<Option<T>>,
    /// Turns an accepted socket into a transport.
    pub(crate) wrap: Wrap<T>,
    pub(crate) listener: TcpListener,
    /// The one read buffer all connections share.
    pub(crate) read_buf: Vec<u8>,
    events: Option<Events>,
    rx: Receiver<S::Msg>,
    handle: LoopHandle<S::Msg>,
    /// Not accepting: at `max_conns`, or out of file descriptors until this time.
    pub(crate) accept_paused: bool,
    pub(crate) accept_retry: Option<Instant>,
    /// Messages were left in the channel last turn (a turn takes at most
    /// `max_messages`, so a flood of them cannot starve the sockets).
    messages_left: bool,
    /// A connection closed while accepting was paused at `max_conns`: accept
    /// again once the current work is drained (later.rs).
    pub(crate) reaccept: bool,
}

impl<S: Service> EventLoop<S, Plain> {
    /// Binds `addr` (port 0 picks a free port) and builds a loop serving `svc`.
    pub fn bind(addr: SocketAddr, svc: S, config: Config) -> io::Result<EventLoop<S>> {
        EventLoop::new(TcpListener::bind(addr)?, svc, config)
    }

    /// Builds a loop around a listener you made yourself (chapter 3's socket2
    /// tuning, say). The listener must be non-blocking, as mio's are.
    pub fn new(listener: TcpListener, svc: S, config: Config) -> io::Result<EventLoop<S>> {
        EventLoop::with_transport(listener, svc, config, Box::new(|s| Ok(Plain(s))))
    }
}

impl<S: Service, T: Transport> EventLoop<S, T> {
    /// Builds a loop whose connections' bytes go through the transport `wrap`
    /// makes of each accepted socket (chapter 14: TLS). A socket `wrap` fails
    /// on is dropped.
    pub fn with_transport(
        mut listener: TcpListener,
        svc: S,
        config: Config,
        wrap: Wrap<T>,
    ) -> io::Result<EventLoop<S, T>> {
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
                work: Work::default(),
                config,
                shared,
                now: Instant::now(),
                stopping: false,
            },
            svc,
            conns: Vec::new(),
            links: Vec::new(),
            wrap,
            listener,
            rx,
            handle,
            accept_paused: false,
            accept_retry: None,
            messages_left: false,
            reaccept: false,
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
        // 1. Sleep in the kernel until a socket is ready, a thread wakes us, or
        //    the nearest deadline (zero when work is already waiting).
        let timeout = self.poll_timeout();
        let mut events = self.events.take().expect("events are put back every turn");
        let polled = self.core.poll.poll(&mut events, timeout);
        // 2. Read the clock once: every callback in this turn sees this `now`.
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
        // 3. Each event, in the kernel's order. Every step below drains the
        //    work its callbacks recorded before the next one starts (later.rs).
        for event in events.iter() {
            match event.token() {
                LISTENER => {
                    self.accept_all(); // accept.rs
                    self.drain();
                }
                WAKER => self.take_messages(), // on_message, here
                token => self.conn_event(token, event), // write.rs, read.rs
            }
        }
        self.events = Some(events);
        // 4. Messages a flood left in the channel last time.
        if self.messages_left {
            self.take_messages();
        }
        // 5. Deadlines that passed (fire.rs).
        self.fire_timers();
        // 6. Work asked for during the turn: wakes, resumed reads (later.rs).
        self.run_later();
        // 7. A stop asked from another thread ends the loop after this turn.
        if self.core.shared.stop.load(Ordering::Acquire) {
            self.core.stopping = true;
        }
        Ok(())
    }
    // ANCHOR_END: run

    /// Sleep until the nearest timer; not at all if work is waiting.
    fn poll_timeout(&mut self) -> Option<Duration> {
        if self.core.work.has_later() || self.messages_left {
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
            self.drain();
        }
        // More may be waiting: look again next turn, after the sockets had a go.
        self.messages_left = true;
    }

    // ANCHOR: conn_event
    /// A connection's socket is ready: write first (what waited for room may
    /// leave), then read (an answer to what we read can then leave at once).
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
            if e.write == WriteSide::Waiting {
                e.write = WriteSide::Writable;
            }
            self.settle(id);
            self.drain();
        }
        if event.is_read_closed()
            && let Some(e) = self.core.table.get_mut(id)
        {
            e.read = e.read.fin_seen();
        }
        if event.is_readable() || event.is_read_closed() || event.is_error() {
            self.read_ready(id);
        }
    }
    // ANCHOR_END: conn_event

    /// Runs a callback on connection `id`'s state.
    pub(crate) fn call(&mut self, id: ConnId, f: impl FnOnce(&mut S::Conn, &mut S, &mut Cx<'_>)) {
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

    pub(crate) fn trace(&self) -> Trace {
        self.core.config.trace
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
    Running::start(EventLoop::bind(addr, svc, config)?)
}

impl<S: Service> Running<S> {
    /// Runs a loop already built (with any transport) in a new thread.
    pub fn start<T>(lp: EventLoop<S, T>) -> io::Result<Running<S>>
    where
        S: Send + 'static,
        S::Conn: Send,
        T: Transport + Send + 'static,
    {
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

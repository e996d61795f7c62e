//! The taxi's driver: a thread that publishes the taxi's position `rate` times
//! a second, and the server started with it.
//!
//! The feed belongs to the loop thread, so the driver does not touch it: it
//! sends each position through chapter 11's [`Publisher`] (a channel plus the
//! loop's Waker, chapter 7), and the loop publishes it in order.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use ch07_event_loop::{Config, EventLoop, LoopHandle, Service, Transport};
use ch11_long_polling::{FeedMsg, Publisher};

use crate::cpu;
use crate::events;
use crate::service::{Counters, ShowdownConfig, ShowdownService};
use crate::taxi::Route;

// ANCHOR: drive
/// Publishes the taxi's position every `1/rate` seconds until `stop` is set
/// or the loop stops. Ticks are scheduled from the start time, so a late tick
/// does not push every later one back.
pub fn drive(route: &Route, rate: f64, publisher: &Publisher, stop: &AtomicBool) {
    let period = Duration::from_secs_f64(1.0 / rate.clamp(0.01, 10_000.0));
    let start = Instant::now();
    let mut tick: u32 = 0;
    while !stop.load(Ordering::Relaxed) {
        let at = start + period * tick;
        if let Some(wait) = at.checked_duration_since(Instant::now()) {
            thread::sleep(wait);
        }
        let data = events::position(route.position(start.elapsed()), events::now_ms());
        if publisher.publish(data).is_err() {
            return; // the loop has stopped
        }
        tick = tick.wrapping_add(1);
    }
}
// ANCHOR_END: drive

/// A showdown server running on its own thread, maybe with the taxi driving.
pub struct Server {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Publish through the loop from any thread.
    pub publisher: Publisher,
    /// What the server did so far.
    pub counters: Arc<Counters>,
    /// The loop thread's id (for its CPU time in `/proc`), if known.
    pub loop_tid: Option<u64>,
    handle: LoopHandle<FeedMsg>,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl Server {
    /// Binds `addr`, starts the loop on a thread, and the taxi publishing
    /// `rate` positions a second (none with `None`).
    pub fn start(
        addr: SocketAddr,
        options: ShowdownConfig,
        config: Config,
        rate: Option<f64>,
    ) -> io::Result<Server> {
        Server::start_with(options, rate, |svc| EventLoop::bind(addr, svc, config))
    }

    /// As [`Server::start`], on a loop that `build` makes around the service:
    /// chapter 14 builds one whose connections run over TLS
    /// ([`EventLoop::with_transport`]), and serves this same showdown
    /// unchanged; chapter 15 wraps the service in one that also speaks
    /// HTTP/2 (any service that takes the feed's messages will do).
    pub fn start_with<S, T>(
        options: ShowdownConfig,
        rate: Option<f64>,
        build: impl FnOnce(ShowdownService) -> io::Result<EventLoop<S, T>>,
    ) -> io::Result<Server>
    where
        S: Service<Msg = FeedMsg> + Send + 'static,
        S::Conn: Send,
        T: Transport + Send + 'static,
    {
        let route = options.route.clone();
        let svc = ShowdownService::new(options);
        let counters = svc.counters();
        let lp = build(svc)?;
        let addr = lp.local_addr()?;
        let handle = lp.handle();
        let (tid_tx, tid_rx) = std::sync::mpsc::channel();
        let mut threads =
            vec![
                thread::Builder::new()
                    .name("showdown loop".into())
                    .spawn(move || {
                        let _ = tid_tx.send(cpu::current_tid());
                        if let Err(e) = lp.run() {
                            eprintln!("ch13: the event loop failed: {e}");
                        }
                    })?,
            ];
        let loop_tid = tid_rx.recv().ok().flatten();
        let publisher = Publisher::new(handle.clone());
        let stop = Arc::new(AtomicBool::new(false));
        if let Some(rate) = rate {
            let (p, s) = (publisher.clone(), stop.clone());
            threads.push(
                thread::Builder::new()
                    .name("taxi".into())
                    .spawn(move || drive(&route, rate, &p, &s))?,
            );
        }
        Ok(Server {
            addr,
            publisher,
            counters,
            loop_tid,
            handle,
            stop,
            threads,
        })
    }

    /// Waits until the loop stops (for the binary: forever, normally).
    pub fn wait(mut self) {
        if let Some(t) = self.threads.drain(..1).next() {
            let _ = t.join();
        }
    }

    /// Stops the taxi and the loop and waits for both.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.handle.stop();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

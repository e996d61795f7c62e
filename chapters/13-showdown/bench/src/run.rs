//! One measured run: a fresh server in this process, N clients of one
//! transport on a mio loop in this thread, a publisher thread at a fixed rate.
//!
//! ```text
//!  publisher thread ──Publisher──▶ server loop thread ──sockets──▶ N clients (this thread)
//!   ts = now, 20/s                   (its CPU time read            arrival − ts = latency;
//!                                     from /proc before/after)     bytes counted both ways
//! ```

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use ch07_bench::load::connect_from;
use ch07_event_loop::Config;
use mio::{Events, Interest, Poll, Token};

use ch13_showdown::cpu;
use ch13_showdown::driver::Server;
use ch13_showdown::events;
use ch13_showdown::percentile::Summary;
use ch13_showdown::service::{Counters, ShowdownConfig};
use ch13_showdown::taxi::Route;

use crate::clients::{Client, Transport};

/// What to run.
#[derive(Debug, Clone, Copy)]
pub struct RunConfig {
    /// Which transport.
    pub transport: Transport,
    /// How many clients.
    pub clients: usize,
    /// Events published per second.
    pub rate: f64,
    /// How long the publisher runs.
    pub duration: Duration,
    /// Short polling: the interval between polls of one client.
    pub poll_interval: Duration,
}

/// What one run measured.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// What was run.
    pub config: RunConfig,
    /// Events published.
    pub published: u64,
    /// Messages that brought a new event (or, for short polling, a newer
    /// position), summed over clients.
    pub delivered: u64,
    /// Ids a push client never received (should be 0), summed.
    pub missed: u64,
    /// Delivery latency in ms: for every event a client got (or, short
    /// polling, skipped over to a newer one), its publication to the arrival
    /// of the message that brought it or something newer.
    pub latency_ms: Summary,
    /// Bytes the clients received, in total.
    pub bytes_in: u64,
    /// Bytes the clients sent, in total.
    pub bytes_out: u64,
    /// CPU time of the server's loop thread during the run.
    pub server_cpu: Duration,
    /// HTTP requests the server answered during the run.
    pub requests: u64,
    /// The measured window (publishing plus the grace period).
    pub window: Duration,
    /// Clients that failed (a protocol error, a reset), with the first reason.
    pub failures: (usize, Option<String>),
}

impl RunResult {
    /// Bytes on the wire (both directions) per delivered event.
    pub fn bytes_per_event(&self) -> (f64, f64) {
        let d = self.delivered.max(1) as f64;
        (self.bytes_in as f64 / d, self.bytes_out as f64 / d)
    }

    /// Server CPU per delivered event, in microseconds.
    pub fn cpu_us_per_event(&self) -> f64 {
        self.server_cpu.as_secs_f64() * 1e6 / self.delivered.max(1) as f64
    }

    /// Requests the server answered per second.
    pub fn requests_per_sec(&self) -> f64 {
        self.requests as f64 / self.window.as_secs_f64().max(1e-9)
    }
}

/// Runs one configuration. Bounded: setup waits at most 20 s, the run lasts
/// `duration` plus a grace period.
pub fn run(cfg: RunConfig) -> io::Result<RunResult> {
    let options = ShowdownConfig {
        history: 100_000,
        ..ShowdownConfig::default()
    };
    let config = Config {
        max_conns: 20_000,
        ..Config::default()
    };
    let server = Server::start(SocketAddr::from(([127, 0, 0, 1], 0)), options, config, None)?;
    let host = server.addr.to_string();
    let mut poll = Poll::new()?;
    let mut events = Events::with_capacity(1024);
    let mut clients = Vec::with_capacity(cfg.clients);
    let start = Instant::now();
    for i in 0..cfg.clients {
        // Spread the polls evenly over one interval: no thundering herd.
        let first = start
            + cfg.poll_interval.mul_f64(i as f64 / cfg.clients as f64)
            + Duration::from_millis(200);
        let std_sock = connect_from(i, server.addr)?;
        std_sock.set_nonblocking(true)?;
        let mut sock = mio::net::TcpStream::from_std(std_sock);
        poll.registry()
            .register(&mut sock, Token(i), Interest::READABLE | Interest::WRITABLE)?;
        let c = Client::new(sock, cfg.transport, &host, first, cfg.poll_interval)
            .map_err(|e| io::Error::other(e.0))?;
        clients.push(Some(c));
    }
    let mut buf = vec![0u8; 64 * 1024];
    let mut failures: (usize, Option<String>) = (0, None);
    let mut fail = |clients: &mut Vec<Option<Client>>, i: usize, why: String| {
        clients[i] = None;
        failures.0 += 1;
        failures.1.get_or_insert(why);
    };

    // Phase 1: every client connected and its stream open (bounded).
    let setup_deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let pending = clients.iter().flatten().filter(|c| !c.ready).count();
        if pending == 0 || Instant::now() > setup_deadline {
            break;
        }
        poll.poll(&mut events, Some(Duration::from_millis(10)))?;
        for ev in events.iter() {
            let i = ev.token().0;
            if let Some(c) = clients[i].as_mut() {
                let r = c
                    .flush()
                    .map_err(|e| e.to_string())
                    .and_then(|_| c.read(&mut buf).map_err(|e| e.0));
                if let Err(why) = r {
                    fail(&mut clients, i, why);
                }
            }
        }
    }

    // Phase 2: publish at `rate` for `duration`; clients read all the while.
    let cpu0 = server.loop_tid.and_then(cpu::thread_cpu);
    let req0 = Counters::get(&server.counters.requests);
    let published = (cfg.rate * cfg.duration.as_secs_f64()).round().max(1.0) as u64;
    let publisher = server.publisher.clone();
    let rate = cfg.rate;
    // The publish time of event k+1 (ids start at 1 on a fresh server).
    let stamps = Arc::new(Mutex::new(Vec::with_capacity(published as usize)));
    let stamped = stamps.clone();
    let window_start = Instant::now();
    let pub_thread = thread::spawn(move || {
        let route = Route::city();
        let period = Duration::from_secs_f64(1.0 / rate);
        let t0 = Instant::now();
        for k in 0..published {
            if let Some(w) = (t0 + period.mul_f64(k as f64)).checked_duration_since(Instant::now())
            {
                thread::sleep(w);
            }
            let ts = events::now_ms();
            stamped.lock().unwrap_or_else(|e| e.into_inner()).push(ts);
            let data = events::position(route.position(t0.elapsed()), ts);
            if publisher.publish(data).is_err() {
                break;
            }
        }
    });
    // Grace: in-flight events arrive; a short poller gets its last sample.
    let grace = Duration::from_millis(300)
        + match cfg.transport {
            Transport::ShortPoll => cfg.poll_interval.min(Duration::from_secs(2)),
            _ => Duration::ZERO,
        };
    let end = window_start + cfg.duration + grace;
    while Instant::now() < end {
        let now = Instant::now();
        let wait = clients
            .iter()
            .flatten()
            .filter_map(|c| c.next_poll)
            .min()
            .map_or(Duration::from_millis(20), |at| {
                at.saturating_duration_since(now)
            })
            .min(Duration::from_millis(20));
        poll.poll(&mut events, Some(wait))?;
        for ev in events.iter() {
            let i = ev.token().0;
            if let Some(c) = clients[i].as_mut() {
                let r = c
                    .flush()
                    .map_err(|e| e.to_string())
                    .and_then(|_| c.read(&mut buf).map_err(|e| e.0));
                match r {
                    Ok(true) => {}
                    Ok(false) => fail(&mut clients, i, "the server closed the connection".into()),
                    Err(why) => fail(&mut clients, i, why),
                }
            }
        }
        let now = Instant::now();
        for i in 0..clients.len() {
            if let Some(c) = clients[i].as_mut()
                && let Err(e) = c.tick(now)
            {
                fail(&mut clients, i, e.to_string());
            }
        }
    }
    let window = window_start.elapsed();
    let _ = pub_thread.join();
    let cpu1 = server.loop_tid.and_then(cpu::thread_cpu);
    let requests = Counters::get(&server.counters.requests) - req0;

    let stamps = stamps.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let mut latencies = Vec::new();
    let (mut delivered, mut missed, mut bytes_in, mut bytes_out) = (0, 0, 0, 0);
    for c in clients.iter().flatten() {
        delivered += c.arrivals.len() as u64;
        latencies.extend(latencies_of(&c.arrivals, &stamps));
        missed += c.missed;
        bytes_in += c.bytes_in;
        bytes_out += c.bytes_out;
    }
    drop(clients);
    server.stop();
    Ok(RunResult {
        config: cfg,
        published,
        delivered,
        missed,
        latency_ms: Summary::of(latencies),
        bytes_in,
        bytes_out,
        server_cpu: match (cpu0, cpu1) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => Duration::ZERO,
        },
        requests,
        window,
        failures,
    })
}

// ANCHOR: latencies
/// Latencies of one client's events, in ms. `arrivals` holds each new id the
/// client received and when; `stamps[k]` is when event `k + 1` was published.
/// Every event up to an arrived id counts as delivered by that arrival: for
/// push transports that is exactly the event itself; for short polling it
/// also covers the positions the poll skipped, which the client learned
/// about (or saw superseded) only then.
pub fn latencies_of(arrivals: &[(u64, f64)], stamps: &[f64]) -> Vec<f64> {
    let mut out = Vec::new();
    let mut covered = 0u64;
    for &(id, at) in arrivals {
        for k in covered + 1..=id {
            if let Some(ts) = stamps.get(k as usize - 1) {
                out.push(at - ts);
            }
        }
        covered = covered.max(id);
    }
    out
}
// ANCHOR_END: latencies

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipped_events_count_from_their_own_publication() {
        let stamps = [0.0, 50.0, 100.0, 150.0];
        // A push client: every id, 1 ms after each publication.
        assert_eq!(
            latencies_of(&[(1, 1.0), (2, 51.0), (3, 101.0)], &stamps),
            [1.0, 1.0, 1.0]
        );
        // A poller that saw id 3 at 120 ms and id 4 at 1000 ms.
        assert_eq!(
            latencies_of(&[(3, 120.0), (4, 1000.0)], &stamps),
            [120.0, 70.0, 20.0, 850.0]
        );
        assert!(latencies_of(&[], &stamps).is_empty());
    }
}

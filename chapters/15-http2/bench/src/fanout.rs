//! SSE fan-out: N EventSource-like streams of `GET /events` on one HTTP/2
//! connection, or N HTTP/1.1 connections of one stream each (chapter 13's
//! bench client), reading the same feed while a publisher sends events at a
//! fixed rate. One run, on a fresh server:
//!
//! ```text
//!  1. open one stream (and its connection), wait 200 ms, read the server's RSS
//!  2. open the other N-1, wait 500 ms, read the RSS again: memory per stream
//!  3. publish `rate` events a second for `secs`; the subscribers read all the
//!     while; the server's CPU time is read before and after
//!  4. a grace period for the last events, then count what arrived
//! ```
//!
//! Octets are counted at the client sockets; every event must arrive on
//! every stream, in order (a gap is counted as missed).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use ch07_bench::load::connect_from;
use ch07_bench::{procfs, syscalls};
use ch12_sse::parser::{Item, Parser as SseParser};
use ch13_bench::clients::{BROWSER_HEADERS, Client, Transport};
use ch13_bench::run::latencies_of;
use ch13_showdown::percentile::Summary;
use ch15_http2::frame::StreamId;
use mio::{Events, Interest, Poll, Token};

use crate::h2client::{DEFAULT_TABLE, Got, H2Client, browser_get};

/// What to run.
#[derive(Debug, Clone, Copy)]
pub struct FanoutConfig {
    /// Streams (EventSources).
    pub streams: usize,
    /// Events published per second.
    pub rate: f64,
    /// How long the publisher runs.
    pub secs: f64,
    /// Count the server's system calls while publishing (`perf stat`),
    /// which costs it a little CPU: for a run of its own.
    pub syscalls: bool,
}

/// Which connections carry the streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Over {
    /// All streams on one HTTP/2 connection (h2c).
    Http2,
    /// One HTTP/1.1 connection per stream.
    Http1,
}

impl Over {
    /// Its name in tables.
    pub fn name(self) -> &'static str {
        match self {
            Over::Http2 => "HTTP/2, one connection",
            Over::Http1 => "HTTP/1.1, a connection each",
        }
    }
}

/// What a run measured.
#[derive(Debug, Clone)]
pub struct Fanout {
    /// What was run.
    pub config: FanoutConfig,
    /// TCP connections the streams used.
    pub connections: usize,
    /// Events published.
    pub published: u64,
    /// Events that arrived, summed over streams.
    pub delivered: u64,
    /// Events that never arrived (ids skipped), summed over streams.
    pub missed: u64,
    /// Streams that failed, and the first reason.
    pub failures: (usize, Option<String>),
    /// The server's CPU time during publishing and the grace period.
    pub server_cpu_ns: u64,
    /// The server's system calls while publishing, if they were counted.
    pub server_syscalls: Option<u64>,
    /// Octets the subscribers read, and wrote, in that time.
    pub bytes_in: u64,
    /// See `bytes_in`.
    pub bytes_out: u64,
    /// Memory with one stream open, and with all of them.
    pub idle: Idle,
    /// Publication to arrival, ms, every delivery.
    pub latency_ms: Summary,
    /// From the first publication to the last arrival.
    pub window: Duration,
}

impl Fanout {
    /// Deliveries per second, from the first publication to the last arrival.
    pub fn events_per_sec(&self) -> f64 {
        self.delivered as f64 / self.window.as_secs_f64().max(1e-9)
    }

    /// Server CPU per delivered event, µs.
    pub fn cpu_us_per_event(&self) -> f64 {
        self.server_cpu_ns as f64 / 1000.0 / self.delivered.max(1) as f64
    }

    /// Octets read per delivered event.
    pub fn bytes_per_event(&self) -> f64 {
        self.bytes_in as f64 / self.delivered.max(1) as f64
    }

    /// Server system calls per published event, if counted.
    pub fn syscalls_per_publish(&self) -> Option<f64> {
        self.server_syscalls
            .map(|n| n as f64 / self.published.max(1) as f64)
    }
}

/// One side's subscribers.
trait Subscribers {
    /// Opens streams `from..to` and returns once each has its response head.
    fn open(&mut self, from: usize, to: usize) -> anyhow::Result<()>;
    /// Reads for at most `wait`.
    fn pump(&mut self, wait: Duration) -> anyhow::Result<()>;
    /// Octets read and written so far.
    fn bytes(&self) -> (u64, u64);
    /// Each stream's arrivals `(id, ms since the epoch)`, and its missed count.
    fn streams(&self) -> Vec<(&[(u64, f64)], u64)>;
    /// Failed streams, and the first reason.
    fn failures(&self) -> (usize, Option<String>);
}

/// The bound on opening the streams.
const SETUP_LIMIT: Duration = Duration::from_secs(20);

/// The whole run: see the module's documentation.
fn measure(
    subs: &mut dyn Subscribers,
    pid: u32,
    addr: SocketAddr,
    config: FanoutConfig,
    connections: usize,
) -> anyhow::Result<Fanout> {
    let idle = open_streams(subs, pid, config.streams)?;
    subs.pump(Duration::from_millis(10))?;

    let (in0, out0) = subs.bytes();
    let cpu0 = procfs::cpu_ns(pid)?;
    let published = (config.rate * config.secs).round().max(1.0) as u64;
    let publish = |subs: &mut dyn Subscribers| -> anyhow::Result<Vec<f64>> {
        let start = Instant::now();
        let publisher = crate::publisher::at_rate(addr, config.rate, published);
        let end = start + Duration::from_secs_f64(config.secs);
        while Instant::now() < end || !publisher.is_finished() {
            subs.pump(Duration::from_millis(20))?;
            if Instant::now() > end + SETUP_LIMIT {
                bail!("the publisher did not finish");
            }
        }
        let stamps = publisher
            .join()
            .map_err(|_| anyhow::anyhow!("the publisher panicked"))?
            .context("publishing")?;
        let grace = Instant::now() + Duration::from_millis(300);
        while Instant::now() < grace {
            subs.pump(Duration::from_millis(20))?;
        }
        Ok(stamps)
    };
    let (stamps, syscalls) = if config.syscalls {
        let (stamps, n) = syscalls::count(&[pid], || publish(&mut *subs))?;
        (stamps, Some(n))
    } else {
        (publish(&mut *subs)?, None)
    };
    let cpu1 = procfs::cpu_ns(pid)?;
    let (in1, out1) = subs.bytes();

    let mut latencies = Vec::new();
    let (mut delivered, mut missed, mut last) = (0, 0, 0.0f64);
    for (arrivals, gaps) in subs.streams() {
        delivered += arrivals.len() as u64;
        missed += gaps;
        latencies.extend(latencies_of(arrivals, &stamps));
        last = arrivals.iter().map(|a| a.1).fold(last, f64::max);
    }
    let first = stamps.first().copied().unwrap_or(last);
    Ok(Fanout {
        config,
        connections,
        published,
        delivered,
        missed,
        failures: subs.failures(),
        server_cpu_ns: cpu1.saturating_sub(cpu0),
        server_syscalls: syscalls,
        bytes_in: in1 - in0,
        bytes_out: out1 - out0,
        idle,
        latency_ms: Summary::of(latencies),
        window: Duration::from_secs_f64((last - first).max(0.0) / 1000.0),
    })
}

/// Runs `config` over `over` against the showdown server `pid` (a fresh
/// `ch15-server`: event ids from 1) listening on `addr`.
pub fn run(over: Over, pid: u32, addr: SocketAddr, config: FanoutConfig) -> anyhow::Result<Fanout> {
    let connections = match over {
        Over::Http2 => 1,
        Over::Http1 => config.streams,
    };
    measure(
        &mut *subscribers(over, addr)?,
        pid,
        addr,
        config,
        connections,
    )
}

/// What `streams` silent event streams cost, read as [`idle`] opens them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Idle {
    /// The server's VmRSS with one stream open, and with all, KiB.
    pub rss_kib: (u64, u64),
    /// The kernel's slab memory (`Slab` in `/proc/meminfo`, the whole
    /// machine's: both ends' sockets, among whatever else runs), KiB.
    pub slab_kib: (u64, u64),
}

/// The machine's `Slab:` from `/proc/meminfo`, KiB: where the kernel keeps
/// sockets, open files and epoll entries.
fn slab_kib() -> anyhow::Result<u64> {
    let text = std::fs::read_to_string("/proc/meminfo")?;
    text.lines()
        .find_map(|l| l.strip_prefix("Slab:"))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .context("no Slab: in /proc/meminfo")
}

/// Memory alone: one stream open, then `streams` (publishing nothing). For
/// HTTP/2 the server must allow that many on a connection (`--max-streams`).
pub fn idle(over: Over, pid: u32, addr: SocketAddr, streams: usize) -> anyhow::Result<Idle> {
    open_streams(&mut *subscribers(over, addr)?, pid, streams)
}

/// Streams opened at once. A few dozen, as a page opens them; a thousand
/// requests in one burst would leave the server's allocator holding the
/// burst's peak (its queued responses), which RSS would count as if each
/// stream held it.
const BATCH: usize = 50;

/// Opens one stream, waits, reads the memory; opens the rest, [`BATCH`] at
/// a time, waits, reads it again.
fn open_streams(subs: &mut dyn Subscribers, pid: u32, streams: usize) -> anyhow::Result<Idle> {
    subs.open(0, 1).context("the first stream")?;
    std::thread::sleep(Duration::from_millis(200));
    let (rss0, slab0) = (procfs::sample(pid)?.rss_kib, slab_kib()?);
    for from in (1..streams).step_by(BATCH) {
        subs.open(from, (from + BATCH).min(streams))
            .with_context(|| format!("streams {from} and on"))?;
    }
    std::thread::sleep(Duration::from_millis(500));
    let (rss1, slab1) = (procfs::sample(pid)?.rss_kib, slab_kib()?);
    let failed = subs.failures();
    if failed.0 > 0 {
        bail!("{} streams failed: {:?}", failed.0, failed.1);
    }
    Ok(Idle {
        rss_kib: (rss0, rss1),
        slab_kib: (slab0, slab1),
    })
}

fn subscribers(over: Over, addr: SocketAddr) -> anyhow::Result<Box<dyn Subscribers>> {
    Ok(match over {
        Over::Http2 => Box::new(H2Subscribers {
            client: H2Client::connect(addr, DEFAULT_TABLE)?,
            host: addr.to_string(),
            streams: HashMap::new(),
            failures: (0, None),
        }),
        Over::Http1 => Box::new(H1Subscribers {
            poll: Poll::new()?,
            events: Events::with_capacity(1024),
            clients: Vec::new(),
            addr,
            buf: vec![0; 64 * 1024],
            failures: (0, None),
        }),
    })
}

/// One event stream's progress.
#[derive(Default)]
struct Progress {
    /// The response head arrived.
    open: bool,
    last_id: u64,
    missed: u64,
    arrivals: Vec<(u64, f64)>,
}

impl Progress {
    /// An event with id `id` arrived now (as chapter 13's client counts it).
    fn deliver(&mut self, id: u64) {
        if id <= self.last_id {
            return;
        }
        self.missed += id - self.last_id - 1;
        self.last_id = id;
        self.arrivals.push((id, ch13_showdown::events::now_ms()));
    }
}

struct H2Subscribers {
    client: H2Client,
    host: String,
    streams: HashMap<StreamId, (SseParser, Progress)>,
    failures: (usize, Option<String>),
}

impl Subscribers for H2Subscribers {
    fn open(&mut self, from: usize, to: usize) -> anyhow::Result<()> {
        // The same request as chapter 13's SSE client sends over HTTP/1.1.
        let headers = format!("{BROWSER_HEADERS}Accept: text/event-stream\r\n");
        for _ in from..to {
            let fields = browser_get(&self.host, "/events?after=0", &headers);
            let id = self.client.get(&fields)?;
            self.streams
                .insert(id, (SseParser::new(), Progress::default()));
        }
        let deadline = Instant::now() + SETUP_LIMIT;
        while self.streams.values().filter(|(_, p)| !p.open).count() > self.failures.0 {
            if Instant::now() > deadline {
                bail!("streams not open after {SETUP_LIMIT:?}");
            }
            self.pump(Duration::from_millis(20))?;
        }
        Ok(())
    }

    fn pump(&mut self, wait: Duration) -> anyhow::Result<()> {
        for got in self.client.read(wait)? {
            match got {
                Got::Headers { stream, fields, .. } => {
                    if let Some((_, p)) = self.streams.get_mut(&stream) {
                        if fields.get(":status") == Some(b"200") {
                            p.open = true;
                        } else {
                            fail(&mut self.failures, format!("{:?}", fields.get(":status")));
                        }
                    }
                }
                Got::Data { stream, data, .. } => {
                    if let Some((parser, p)) = self.streams.get_mut(&stream) {
                        let mut items = Vec::new();
                        if let Err(e) = parser.feed(&data, &mut items) {
                            fail(&mut self.failures, format!("event stream: {e}"));
                        }
                        for item in items {
                            if let Item::Event(e) = item
                                && e.event_type == "message"
                                && let Ok(id) = e.last_event_id.parse()
                            {
                                p.deliver(id);
                            }
                        }
                    }
                }
                Got::Reset { stream, code } => fail(
                    &mut self.failures,
                    format!("stream {stream} reset: {code:?}"),
                ),
                Got::GoAway { code } => bail!("GOAWAY {code:?}"),
                Got::SettingsAck => {}
            }
        }
        Ok(())
    }

    fn bytes(&self) -> (u64, u64) {
        (self.client.counts.bytes_in, self.client.counts.bytes_out)
    }

    fn streams(&self) -> Vec<(&[(u64, f64)], u64)> {
        self.streams
            .values()
            .map(|(_, p)| (&p.arrivals[..], p.missed))
            .collect()
    }

    fn failures(&self) -> (usize, Option<String>) {
        self.failures.clone()
    }
}

fn fail(failures: &mut (usize, Option<String>), why: String) {
    failures.0 += 1;
    failures.1.get_or_insert(why);
}

struct H1Subscribers {
    poll: Poll,
    events: Events,
    clients: Vec<Option<Client>>,
    addr: SocketAddr,
    buf: Vec<u8>,
    failures: (usize, Option<String>),
}

impl Subscribers for H1Subscribers {
    fn open(&mut self, from: usize, to: usize) -> anyhow::Result<()> {
        let host = self.addr.to_string();
        for i in from..to {
            let std_sock = connect_from(i, self.addr)?;
            std_sock.set_nonblocking(true)?;
            let mut sock = mio::net::TcpStream::from_std(std_sock);
            self.poll.registry().register(
                &mut sock,
                Token(i),
                Interest::READABLE | Interest::WRITABLE,
            )?;
            let c = Client::new(
                sock,
                Transport::Sse,
                &host,
                Instant::now(),
                Duration::from_secs(1),
            )
            .map_err(|e| anyhow::anyhow!("{}", e.0))?;
            self.clients.push(Some(c));
        }
        let deadline = Instant::now() + SETUP_LIMIT;
        while self.clients.iter().flatten().any(|c| !c.ready) {
            if Instant::now() > deadline {
                bail!("streams not open after {SETUP_LIMIT:?}");
            }
            self.pump(Duration::from_millis(20))?;
        }
        Ok(())
    }

    fn pump(&mut self, wait: Duration) -> anyhow::Result<()> {
        self.poll.poll(&mut self.events, Some(wait))?;
        for ev in self.events.iter() {
            let i = ev.token().0;
            let Some(c) = self.clients.get_mut(i).and_then(Option::as_mut) else {
                continue;
            };
            let r = c
                .flush()
                .map_err(|e| e.to_string())
                .and_then(|_| c.read(&mut self.buf).map_err(|e| e.0));
            let why = match r {
                Ok(true) => continue,
                Ok(false) => "the server closed the connection".to_string(),
                Err(why) => why,
            };
            self.clients[i] = None;
            fail(&mut self.failures, why);
        }
        Ok(())
    }

    fn bytes(&self) -> (u64, u64) {
        self.clients
            .iter()
            .flatten()
            .fold((0, 0), |(i, o), c| (i + c.bytes_in, o + c.bytes_out))
    }

    fn streams(&self) -> Vec<(&[(u64, f64)], u64)> {
        self.clients
            .iter()
            .flatten()
            .map(|c| (&c.arrivals[..], c.missed))
            .collect()
    }

    fn failures(&self) -> (usize, Option<String>) {
        self.failures.clone()
    }
}

/// The server's CPU time per `POST /publish` with nobody subscribed: the
/// part of every fan-out run's CPU that is the publisher's, µs per event.
pub fn publishing_alone(pid: u32, addr: SocketAddr, rate: f64, secs: f64) -> anyhow::Result<f64> {
    let count = (rate * secs).round().max(1.0) as u64;
    let cpu0 = procfs::cpu_ns(pid)?;
    crate::publisher::at_rate(addr, rate, count)
        .join()
        .map_err(|_| anyhow::anyhow!("the publisher panicked"))?
        .context("publishing")?;
    let cpu1 = procfs::cpu_ns(pid)?;
    Ok(cpu1.saturating_sub(cpu0) as f64 / 1000.0 / count as f64)
}

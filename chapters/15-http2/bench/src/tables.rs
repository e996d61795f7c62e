//! Each measurement, run and made into its table (chapter 14's bench's
//! [`Table`]: text for the terminal, Markdown for the book). `main.rs`
//! starts the servers and calls these in order.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use ch07_bench::server::ServerProc;
use ch14_bench::report::Table;

use crate::fanout::{self, FanoutConfig, Over};
use crate::poll_cycle::{self, Cycle, Wire};
use crate::requests::{self, Cell, Target, VARIANTS};
use crate::site::{FILES, Site};

/// What to measure, and how much: the command line's options.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The servers' CPUs, as `taskset -c` takes them.
    pub cpu: String,
    /// Rounds of each h2load cell.
    pub rounds: usize,
    /// Requests per h2load run.
    pub requests: usize,
    /// Long-poll cycles back to back, and then each in a new second.
    pub cycles: usize,
    /// See `cycles`.
    pub slow_cycles: usize,
    /// Streams in the fan-out.
    pub streams: usize,
    /// Publish rates of the fan-out, events a second.
    pub rates: Vec<f64>,
    /// Seconds of publishing per fan-out run.
    pub secs: f64,
    /// Streams for the memory reading alone (0: none).
    pub memory: usize,
    /// Count the server's system calls in one more fan-out run per side.
    pub syscalls: bool,
    /// Where `h2.md` goes.
    pub out: PathBuf,
    /// The machine, for the note under the tables.
    pub machine: String,
}

/// Where `ch15-server` is: beside this binary.
pub fn server_bin() -> anyhow::Result<PathBuf> {
    let me = std::env::current_exe().context("finding this binary")?;
    let bin = me.with_file_name("ch15-server");
    if !bin.exists() {
        anyhow::bail!(
            "{} is missing: cargo build --release -p ch15-http2 -p ch15-bench",
            bin.display()
        );
    }
    Ok(bin)
}

/// A fresh `ch15-server --plain`, no taxi, pinned to the servers' CPUs.
pub fn fresh_server(o: &Plan, extra: &[&str]) -> anyhow::Result<ServerProc> {
    let args = [&["--plain", "--rate", "0"][..], extra].concat();
    ServerProc::start(&server_bin()?, &args, Some(&o.cpu))
}

/// h2load against every target, every file and variant, `rounds` times
/// (alternating targets), medians.
pub fn requests_table(
    o: &Plan,
    h2load: &str,
    site: &Site,
    targets: &[Target],
) -> anyhow::Result<Table> {
    let mut table = Table::new(
        "h2load: the same file from ch15-server and nginx",
        &[
            "file",
            "protocol",
            "connections × in flight",
            "server",
            "requests/s",
            "server CPU µs/req",
            "response head B/req",
            "HPACK savings",
            "received B/req",
        ],
        &format!(
            "h2load (one thread, on the client CPU) sends {} GETs per run; requests/s and server CPU are \
             the medians of {} rounds, alternating servers. Server CPU from /proc/PID/task/*/schedstat \
             over the run, connections included. \"In flight\": HTTP/2 streams per connection, or for \
             HTTP/1.1 requests pipelined. Octets are what h2load received: the response heads (HPACK \
             blocks over HTTP/2, text over HTTP/1.1; savings: HPACK against the fields' size) and \
             everything, HTTP/2's frame headers included (h2load counts above TLS).",
            o.requests, o.rounds
        ),
    );
    let mut cells: Vec<Vec<requests::Sample>> = Vec::new();
    let mut keys = Vec::new();
    for path in FILES {
        for variant in &VARIANTS {
            for target in targets {
                keys.push((path, *variant, target.clone()));
                cells.push(Vec::new());
            }
        }
    }
    for round in 1..=o.rounds {
        println!("h2load round {round} of {}", o.rounds);
        for (key, samples) in keys.iter().zip(cells.iter_mut()) {
            let (path, variant, target) = key;
            let s = requests::once(h2load, target, variant, path, o.requests)
                .with_context(|| format!("{} {} {path}", target.name, variant.label))?;
            println!(
                "  {:<12} {:<20} {:<12} {:>9.0} req/s  {:>6.2} µs/req",
                path,
                variant.label,
                target.name,
                s.run.req_per_sec,
                s.server_cpu_ns as f64 / 1000.0 / s.run.succeeded.max(1) as f64
            );
            samples.push(s);
        }
    }
    for ((path, variant, target), samples) in keys.iter().zip(&cells) {
        let c = Cell::of(samples);
        table.row(vec![
            format!("`{path}` ({} B)", site.size(path)),
            variant.label.to_string(),
            format!("{} × {}", variant.conns, variant.in_flight),
            target.name.to_string(),
            format!("{:.0}", c.req_per_sec),
            format!("{:.2}", c.cpu_us_per_req),
            format!("{:.1}", c.last.header_bytes_per_req()),
            format!("{:.1} %", c.last.savings_pct),
            format!("{:.1}", c.last.bytes_per_req()),
        ]);
    }
    Ok(table)
}

/// Long-poll cycles over HTTP/1.1 and HTTP/2, with and without HPACK's
/// dynamic table, against the server at `addr`.
pub fn poll_table(o: &Plan, addr: SocketAddr) -> anyhow::Result<Table> {
    let (fast, slow) = (o.cycles, o.slow_cycles);
    println!("\nlong-poll cycles: {fast} back to back, then {slow} each in a new second");
    let h1 = poll_cycle::run(addr, Wire::Http1, fast, slow)?;
    let bare = poll_cycle::run(addr, Wire::Http2 { table: 0 }, fast, slow)?;
    let hpack = poll_cycle::run(addr, Wire::Http2 { table: 4096 }, fast, slow)?;
    // Warm requests as big as half the first: the table had lost the fields.
    let first_head = hpack.cycles.first().map_or(0, |c| c.request_head);
    let warm = &hpack.cycles[1.min(hpack.cycles.len())..fast.min(hpack.cycles.len())];
    let resent = warm
        .iter()
        .filter(|c| c.request_head > first_head / 2)
        .count();
    let warm_requests = warm.len();
    let largest = warm.iter().map(|c| c.request_head).max().unwrap_or(0);
    let mut table = Table::new(
        "One long-poll cycle (`GET /poll?after=N`, answered by one event), octets on the wire",
        &[
            "connection",
            "cycles",
            "request",
            "of it head",
            "response",
            "of it head",
            "of it body",
            "cycle total",
        ],
        &format!(
            "Counted at the client's socket; means over the cycles named. Requests carry chapter 13's \
             browser header fields (`ch13_bench::clients::BROWSER_HEADERS`; over HTTP/2 without \
             `Connection`). Heads: HTTP/1.1's text, or the HPACK block (HTTP/2 adds a 9-octet frame \
             header to each HEADERS and DATA frame). \"Back to back\": cycles 2 to {fast}, most in the \
             same second as the one before; \"a new second\": {slow} cycles each begun after the clock's \
             second changed, so the response's `date` is new, as when events are seconds apart. \
             The HTTP/2 connection's setup, once: {} octets out and {} in (preface, SETTINGS, \
             WINDOW_UPDATE, ACKs); without the dynamic table the client announces \
             SETTINGS_HEADER_TABLE_SIZE 0, so neither side indexes a field. With it, {} of the \
             {} back-to-back requests sent the browser's fields in full again ({} octets of head \
             at most): each new `:path` is indexed, and those entries push the older ones out of \
             the 4,096-octet table.",
            hpack.setup.0, hpack.setup.1, resent, warm_requests, largest,
        ),
    );
    let fast_warm = |c: &[Cycle]| c[1.min(c.len())..fast.min(c.len())].to_vec();
    let slow_part = |c: &[Cycle]| c[fast.min(c.len())..].to_vec();
    let rows: [(&str, String, Vec<Cycle>); 6] = [
        (
            "HTTP/1.1, keep-alive",
            "back to back".into(),
            fast_warm(&h1.cycles),
        ),
        (
            "HTTP/1.1, keep-alive",
            "a new second".into(),
            slow_part(&h1.cycles),
        ),
        (
            "HTTP/2, HPACK without its dynamic table",
            "back to back".into(),
            fast_warm(&bare.cycles),
        ),
        (
            "HTTP/2, HPACK",
            "the first".into(),
            hpack.cycles[..1.min(hpack.cycles.len())].to_vec(),
        ),
        (
            "HTTP/2, HPACK",
            "back to back".into(),
            fast_warm(&hpack.cycles),
        ),
        (
            "HTTP/2, HPACK",
            "a new second".into(),
            slow_part(&hpack.cycles),
        ),
    ];
    for (name, which, cycles) in rows {
        let Some(m) = poll_cycle::means(&cycles) else {
            continue;
        };
        table.row(vec![
            name.to_string(),
            which,
            format!("{:.1}", m[0]),
            format!("{:.1}", m[1]),
            format!("{:.1}", m[2]),
            format!("{:.1}", m[3]),
            format!("{:.1}", m[4]),
            format!("**{:.1}**", m[0] + m[2]),
        ]);
    }
    Ok(table)
}

/// The fan-out at each rate over both, fresh servers; the memory per stream.
pub fn fanout_tables(o: &Plan) -> anyhow::Result<(Table, Table)> {
    let n = o.streams;
    let mut fan = Table::new(
        &format!("SSE fan-out: {n} streams on one HTTP/2 connection, or {n} HTTP/1.1 connections"),
        &[
            "streams over",
            "published/s",
            "delivered",
            "missed",
            "events/s delivered",
            "server CPU µs/event",
            "without the publishing",
            "B/event in",
            "B/event out",
            "latency p50 ms",
            "p99 ms",
            "server syscalls/publish",
        ],
        "",
    );
    let mut memory = Table::new(
        "Server memory per open event stream",
        &[
            "streams over",
            "streams",
            "RSS with one",
            "RSS with all",
            "RSS per stream",
            "kernel slab per stream",
        ],
        "A fresh ch15-server each time; one stream (and its connection) opened first and a pause, so \
         one-time allocations land in \"with one\"; then the others, each with its response head \
         received, then silent. Per stream: the growth over the streams after the first. RSS: VmRSS \
         from /proc/PID/status, the server's own memory. The kernel's memory for sockets, open files \
         and epoll entries is not in it: slab is the growth of `Slab` in /proc/meminfo, the whole \
         machine's, both ends of each connection (client and server run here), give or take what \
         else ran meanwhile (too much to see a hundred streams in).",
    );
    let mut publish_cost = Vec::new();
    for &rate in &o.rates {
        let alone = {
            let server = fresh_server(o, &[])?;
            fanout::publishing_alone(server.pid(), server.addr, rate, o.secs)?
        };
        println!("publishing alone at {rate}/s: {alone:.1} µs of server CPU per event");
        publish_cost.push(format!("{alone:.1} µs at {rate}/s"));
        for over in [Over::Http2, Over::Http1] {
            let runs = if o.syscalls { 2 } else { 1 };
            let mut syscalls = None;
            let mut kept = None;
            for i in 0..runs {
                let server = fresh_server(o, &[])?;
                let config = FanoutConfig {
                    streams: n,
                    rate,
                    secs: o.secs,
                    syscalls: i == 1,
                };
                let r = fanout::run(over, server.pid(), server.addr, config)?;
                println!(
                    "fan-out {:<28} {rate:>6}/s: {} of {} delivered, {} missed, {:.0} events/s, \
                     {:.2} µs/event, {:.1} B/event, p50 {:.2} ms{}",
                    over.name(),
                    r.delivered,
                    r.published * n as u64,
                    r.missed,
                    r.events_per_sec(),
                    r.cpu_us_per_event(),
                    r.bytes_per_event(),
                    r.latency_ms.p50,
                    r.syscalls_per_publish()
                        .map_or(String::new(), |s| format!(", {s:.1} syscalls/publish"))
                );
                if r.failures.0 > 0 {
                    anyhow::bail!("{} streams failed: {:?}", r.failures.0, r.failures.1);
                }
                if i == 1 {
                    syscalls = r.syscalls_per_publish();
                } else {
                    kept = Some(r);
                }
            }
            let r = kept.context("a run")?;
            if rate == o.rates[0] {
                // The machine's slab moves by more than a hundred sockets
                // by itself: read only with the many streams of `memory`.
                let mut row = memory_row(over, n, r.idle);
                row[5] = "–".to_string();
                memory.row(row);
            }
            fan.row(vec![
                over.name().to_string(),
                format!("{:.0}", r.published as f64 / o.secs),
                format!("{} of {}", r.delivered, r.published * n as u64),
                r.missed.to_string(),
                format!("{:.0}", r.events_per_sec()),
                format!("{:.2}", r.cpu_us_per_event()),
                format!(
                    "{:.2}",
                    (r.server_cpu_ns as f64 / 1000.0 - alone * r.published as f64).max(0.0)
                        / r.delivered.max(1) as f64
                ),
                format!("{:.1}", r.bytes_per_event()),
                format!("{:.2}", r.bytes_out as f64 / r.delivered.max(1) as f64),
                format!("{:.2}", r.latency_ms.p50),
                format!("{:.2}", r.latency_ms.p99),
                syscalls.map_or("–".to_string(), |s| format!("{s:.1}")),
            ]);
        }
    }
    fan.note = format!(
        "A fresh ch15-server per run; the publisher sends `POST /publish` over a keep-alive \
         connection of its own at the rate shown for {} s (it falls behind when the server cannot \
         keep up). Delivered: events that arrived, over all streams; events/s from the first \
         publication to the last arrival. Server CPU from /proc over the publishing, divided by \
         the events delivered; it includes the publishes themselves, which cost the server {} \
         with nobody subscribed (a fresh server, the same rate and time): \"without the \
         publishing\" subtracts that for each event published. Octets counted at the subscribers' sockets (out: HTTP/2's \
         WINDOW_UPDATEs). Latency: publication to arrival. Syscalls: one more run under `perf stat \
         -e raw_syscalls:sys_enter`, per published event.",
        o.secs,
        publish_cost.join(", ")
    );
    if o.memory > 0 {
        let m = o.memory;
        let cap = (m + 1).to_string();
        for over in [Over::Http2, Over::Http1] {
            let server = fresh_server(o, &["--max-streams", &cap])?;
            let idle = fanout::idle(over, server.pid(), server.addr, m)?;
            println!(
                "memory {:<28} {m} streams: {} → {} KiB, {:.0} B/stream; kernel slab {:+.0} B/stream",
                over.name(),
                idle.rss_kib.0,
                idle.rss_kib.1,
                per_stream(idle.rss_kib, m),
                per_stream(idle.slab_kib, m),
            );
            memory.row(memory_row(over, m, idle));
        }
    }
    Ok((fan, memory))
}

/// Growth per stream after the first, bytes, of a reading in KiB.
fn per_stream((with_one, with_all): (u64, u64), streams: usize) -> f64 {
    (with_all as f64 - with_one as f64) * 1024.0 / (streams.max(2) - 1) as f64
}

fn memory_row(over: Over, streams: usize, idle: fanout::Idle) -> Vec<String> {
    vec![
        over.name().to_string(),
        streams.to_string(),
        format!("{} KiB", idle.rss_kib.0),
        format!("{} KiB", idle.rss_kib.1),
        format!("{:.0} bytes", per_stream(idle.rss_kib, streams)),
        format!("{:.0} bytes", per_stream(idle.slab_kib, streams)),
    ]
}

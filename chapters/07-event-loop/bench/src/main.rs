//! `ch07-bench`: chapter 6's threads against chapter 7's event loop, measured.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use ch01_tcp::cli::Args;
use ch07_bench::load::{GET_TIME, closed_loop, hold_idle};
use ch07_bench::procfs::{self, TICKS_PER_SEC};
use ch07_bench::server::ServerProc;
use ch07_event_loop::summary::median;

const USAGE: &str = "\
ch07-bench: ch06-server (a thread per connection) vs ch07-server (one event loop)

USAGE:
    taskset -c 1 target/release/ch07-bench [--server-cpu 0] [--rounds 5] [--secs 2]
                 [--idle 1000,5000,10000] [--clients 1,10,100] [--idle-rounds 3]
                 [--quickack] [--no-idle]

Build first: cargo build --release -p ch06-http-server -p ch07-event-loop -p ch07-bench
The servers are started from the directory of this binary, pinned with
`taskset -c SERVER_CPU`; pin this process (the load client) to another CPU.

Measures, alternating the two servers round by round:
  idle:  N keep-alive connections that made one request each: the server's
         resident memory per connection (VmRSS after - before) and its threads
         (ch06-server refuses more than 1000 connections, so it runs at N <= 1000);
  load:  C clients sending GET /time back to back: requests/s, server CPU per
         request (utime+stime), p50/p99 latency; median over rounds, and the
         median of the per-round ratios ch07/ch06; ch07 runs twice, reading
         until WouldBlock and with --short-reads.

OPTIONS:
    --server-cpu LIST   CPUs for the servers, as taskset -c takes them (default 0)
    --rounds N          load rounds per server and client count (default 5)
    --secs S            seconds per load round (default 2)
    --idle LIST         idle connection counts (default 1000,5000,10000)
    --idle-rounds N     rounds per idle count (default 3)
    --clients LIST      concurrent clients for the load test (default 1,10,100)
    --quickack          the load client ACKs every segment at once (TCP_QUICKACK),
                        which removes the 40 ms Nagle/delayed-ACK stall a server
                        suffers if it writes a response in two pieces without
                        TCP_NODELAY (chapter 3)
    --no-idle           skip the idle-connection measurement
    --help              this text";

/// ch06-server caps its connections (server::MAX_CONNECTIONS).
const CH06_MAX: usize = ch06_http_server::server::MAX_CONNECTIONS;

fn list(s: &str) -> anyhow::Result<Vec<usize>> {
    s.split(',')
        .map(|n| {
            n.trim()
                .parse()
                .with_context(|| format!("not a number: {n:?}"))
        })
        .collect()
}

struct Bins {
    ch06: PathBuf,
    ch07: PathBuf,
}

fn bins() -> anyhow::Result<Bins> {
    let me = std::env::current_exe().context("finding this binary")?;
    let dir = me.parent().unwrap_or(Path::new("."));
    let bins = Bins {
        ch06: dir.join("ch06-server"),
        ch07: dir.join("ch07-server"),
    };
    for b in [&bins.ch06, &bins.ch07] {
        if !b.exists() {
            bail!(
                "{} is missing: cargo build --release -p ch06-http-server -p ch07-event-loop -p ch07-bench",
                b.display()
            );
        }
    }
    Ok(bins)
}

/// Arguments both servers get: no idle timeout during the measurement.
const SERVER_ARGS: &[&str] = &["--read-timeout", "3600"];

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let cpu: String = args.parsed_or("--server-cpu", "0".to_string())?;
    let rounds: usize = args.parsed_or("--rounds", 5)?;
    let secs: f64 = args.parsed_or("--secs", 2.0)?;
    let idle = list(&args.parsed_or("--idle", "1000,5000,10000".to_string())?)?;
    let idle_rounds: usize = args.parsed_or("--idle-rounds", 3)?;
    let clients = list(&args.parsed_or("--clients", "1,10,100".to_string())?)?;
    let quickack = args.flag("--quickack");
    let skip_idle = args.flag("--no-idle");
    args.finish()?;
    if rounds == 0 || idle_rounds == 0 || secs.is_nan() || secs <= 0.0 {
        bail!("--rounds, --idle-rounds and --secs must be positive");
    }
    let bins = bins()?;
    println!(
        "servers pinned to CPU {cpu}; this load client may run on CPU {}",
        procfs::own_cpus().unwrap_or_else(|| "?".into())
    );
    if !skip_idle {
        idle_table(&bins, &cpu, &idle, idle_rounds)?;
    }
    let secs = Duration::from_secs_f64(secs);
    load_table(&bins, &cpu, &clients, rounds, secs, quickack)?;
    Ok(())
}

/// One idle measurement: (KiB per connection, threads).
fn idle_once(bin: &Path, cpu: &str, n: usize) -> anyhow::Result<(f64, u64)> {
    let server = ServerProc::start(bin, SERVER_ARGS, Some(cpu))?;
    std::thread::sleep(Duration::from_millis(200));
    let before = procfs::sample(server.pid())?;
    let conns = hold_idle(server.addr, n, GET_TIME)
        .with_context(|| format!("holding {n} connections to {}", bin.display()))?;
    std::thread::sleep(Duration::from_millis(500)); // let every thread settle
    let after = procfs::sample(server.pid())?;
    drop(conns);
    let per_conn = (after.rss_kib as f64 - before.rss_kib as f64) / n as f64;
    Ok((per_conn, after.threads))
}

// ANCHOR: idle_table
fn idle_table(bins: &Bins, cpu: &str, sizes: &[usize], rounds: usize) -> anyhow::Result<()> {
    println!("\nidle keep-alive connections (median of {rounds} rounds)\n");
    println!("| connections | server | RSS per connection | threads |");
    println!("|---:|---|---:|---:|");
    for &n in sizes {
        let (mut r06, mut r07, mut t06, mut t07) = (vec![], vec![], 0, 0);
        for _ in 0..rounds {
            if n <= CH06_MAX {
                let (kib, threads) = idle_once(&bins.ch06, cpu, n)?;
                r06.push(kib);
                t06 = threads;
            }
            let (kib, threads) = idle_once(&bins.ch07, cpu, n)?;
            r07.push(kib);
            t07 = threads;
        }
        match median(&r06) {
            Some(kib) => println!("| {n} | ch06 (threads) | {kib:.1} KiB | {t06} |"),
            None => println!("| {n} | ch06 (threads) | refuses > {CH06_MAX} connections | – |"),
        }
        let kib = median(&r07).unwrap_or(0.0);
        println!("| {n} | ch07 (loop) | {:.0} bytes | {t07} |", kib * 1024.0);
    }
    Ok(())
}
// ANCHOR_END: idle_table

/// Fewer CPU ticks than this (10 ms each) are too coarse to divide by requests.
const MIN_TICKS: u64 = 10;

/// One load round: (requests/s, server CPU µs per request or NaN when the
/// server used fewer than MIN_TICKS, p50 µs, p99 µs).
fn load_once(
    server: &ServerProc,
    clients: usize,
    secs: Duration,
    quickack: bool,
) -> anyhow::Result<(f64, f64, u32, u32)> {
    let before = procfs::sample(server.pid())?;
    let result = closed_loop(server.addr, clients, secs, GET_TIME, quickack)?;
    let after = procfs::sample(server.pid())?;
    let ticks = after.cpu_ticks - before.cpu_ticks;
    let cpu_us = ticks as f64 * 1e6 / TICKS_PER_SEC as f64;
    let per_request = if ticks < MIN_TICKS {
        f64::NAN
    } else {
        cpu_us / result.requests.max(1) as f64
    };
    Ok((
        result.per_sec(),
        per_request,
        result.latency_us(50.0),
        result.latency_us(99.0),
    ))
}

// ANCHOR: load_table
fn load_table(
    bins: &Bins,
    cpu: &str,
    clients: &[usize],
    rounds: usize,
    secs: Duration,
    quickack: bool,
) -> anyhow::Result<()> {
    println!(
        "\nkeep-alive clients sending GET /time back to back{} \
         ({rounds} rounds of {secs:?} per server, alternated; medians)\n",
        if quickack { ", ACKing at once" } else { "" }
    );
    println!(
        "| clients | server | requests/s | server CPU per request | p50 | p99 | ch07/ch06 requests/s |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|");
    let ch06 = ServerProc::start(&bins.ch06, SERVER_ARGS, Some(cpu))?;
    let ch07 = ServerProc::start(&bins.ch07, SERVER_ARGS, Some(cpu))?;
    let mut short_args = SERVER_ARGS.to_vec();
    short_args.push("--short-reads");
    let short = ServerProc::start(&bins.ch07, &short_args, Some(cpu))?;
    let servers = [&ch06, &ch07, &short];
    let names = ["ch06 (threads)", "ch07 (loop)", "ch07 --short-reads"];
    for &c in clients {
        let mut runs: [Vec<(f64, f64, u32, u32)>; 3] = Default::default();
        let mut ratios: [Vec<f64>; 3] = Default::default();
        for round in 0..rounds {
            // Rotate which goes first, so drift (caches, frequency, neighbours)
            // hits all of them alike.
            let mut this_round = [(0.0, 0.0, 0, 0); 3];
            for k in 0..3 {
                let s = (round + k) % 3;
                this_round[s] = load_once(servers[s], c, secs, quickack)?;
            }
            for s in 0..3 {
                ratios[s].push(this_round[s].0 / this_round[0].0);
                runs[s].push(this_round[s]);
            }
        }
        for ((name, runs), ratios) in names.iter().zip(&runs).zip(&ratios) {
            let rps = median(&runs.iter().map(|r| r.0).collect::<Vec<_>>()).unwrap_or(0.0);
            let cpus: Vec<f64> = runs.iter().map(|r| r.1).filter(|c| !c.is_nan()).collect();
            let cpu = match median(&cpus) {
                Some(us) => format!("{us:.1} µs"),
                None => format!("< {MIN_TICKS} ticks"),
            };
            let p50 = median(&runs.iter().map(|r| r.2).collect::<Vec<_>>()).unwrap_or(0);
            let p99 = median(&runs.iter().map(|r| r.3).collect::<Vec<_>>()).unwrap_or(0);
            let ratio = if name.starts_with("ch07") {
                format!("{:.2}×", median(ratios).unwrap_or(0.0))
            } else {
                String::new()
            };
            println!("| {c} | {name} | {rps:.0} | {cpu} | {p50} µs | {p99} µs | {ratio} |");
        }
    }
    Ok(())
}
// ANCHOR_END: load_table

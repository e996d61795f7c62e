//! `ch04-idle-cost`: what idle connections cost a thread-per-connection server.
//!
//! Starts the chat server in this process (on 127.0.0.1, a free port), opens idle
//! connections to it from this same process, and reads `/proc/self/status` before
//! and after: threads, resident memory (RSS) and virtual memory (VmSize). An idle
//! connection here is one that connected and said nothing: its reader thread is
//! blocked in `read`, its writer thread waits on its outbox's condition variable.
//! Our client sockets add no threads and next to no user memory (a descriptor
//! each; socket buffers are kernel memory, not counted in RSS).

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use ch01_tcp::cli::Args;
use ch04_threads::hub::Hub;
use ch04_threads::proc_status::{self, Status};
use ch04_threads::server::{self, Config};

const USAGE: &str = "\
ch04-idle-cost: measure the threads and memory that idle chat connections cost

USAGE:
    ch04-idle-cost [--sizes N,N,...] [--stack-kib KIB]

OPTIONS:
    --sizes N,N,...   connection counts to measure, increasing (default 100,1000)
    --stack-kib KIB   stack size of the server's per-connection threads
                      (default: Rust's 2 MiB)

Runs the server and the clients in this one process: each connection is three
descriptors here (the client's, the server's, and its dup for the writer thread),
so the largest N must stay under a third of the open-file limit. Prints a table;
run it in a release build: cargo run --release -p ch04-threads --bin ch04-idle-cost";

/// How long to wait for the server to have started every thread.
const SETTLE: Duration = Duration::from_secs(60);

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let sizes = args
        .value("--sizes")?
        .unwrap_or_else(|| "100,1000".to_string());
    let sizes: Vec<usize> = sizes
        .split(',')
        .map(|s| {
            s.trim()
                .parse()
                .with_context(|| format!("--sizes: {s:?} is not a count"))
        })
        .collect::<anyhow::Result<_>>()?;
    let stack_kib: Option<usize> = args
        .value("--stack-kib")?
        .map(|v| {
            v.parse()
                .with_context(|| format!("--stack-kib: cannot understand {v:?}"))
        })
        .transpose()?;
    args.finish()?;
    if sizes.windows(2).any(|w| w[0] >= w[1]) {
        bail!("--sizes must increase (each size adds connections to the last)");
    }
    let largest = sizes.last().copied().unwrap_or(0) as u64;
    if let Some(limit) = proc_status::open_files_limit()
        && 3 * largest + 64 > limit
    {
        bail!(
            "{largest} connections need {} descriptors here; the limit is {limit}",
            3 * largest
        );
    }

    // The server, in this process, on a free port.
    let listener = TcpListener::bind("127.0.0.1:0").context("binding 127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let hub = Arc::new(Hub::new(server::DEFAULT_QUEUE));
    let config = Config {
        stack_size: stack_kib.map(|k| k * 1024),
        ..Config::default()
    };
    let server_hub = hub.clone();
    thread::spawn(move || server::serve(listener, server_hub, config));

    // One connection first, dropped again, so the first-use costs (allocator
    // arenas, thread-local setup) are in the baseline, not charged to N.
    let threads_before = proc_status::read("self")?.threads;
    {
        let mut warm = TcpStream::connect(addr)?;
        let mut buf = [0u8; 64];
        let _ = warm.read(&mut buf);
    }
    wait_for(&hub, 0)?;
    // Its two threads end a moment after it leaves the hub: wait for them.
    let start = Instant::now();
    while proc_status::read("self")?.threads > threads_before {
        if start.elapsed() > SETTLE {
            bail!("the warm-up connection's threads did not end");
        }
        thread::sleep(Duration::from_millis(10));
    }
    thread::sleep(Duration::from_millis(200));
    let base = proc_status::read("self")?;

    let stack = match stack_kib {
        Some(k) => format!("{k} KiB (--stack-kib)"),
        None => "2 MiB (Rust's default for spawned threads)".to_string(),
    };
    println!("ch04-chat idle connections: 2 threads each (reader + writer); thread stack {stack}");
    if let Some(limit) = proc_status::main_stack_limit() {
        println!("main thread stack limit (ulimit -s): {}", kib(limit / 1024));
    }
    println!(
        "baseline: {} threads, RSS {}, virtual {}",
        base.threads,
        kib(base.rss_kib),
        kib(base.vm_kib)
    );
    println!();
    println!(
        "{:>6} {:>8} {:>11} {:>10} {:>13} {:>14}",
        "N", "threads", "RSS total", "RSS/conn", "virtual", "virtual/thread"
    );

    let mut clients = Vec::new();
    for &n in &sizes {
        while clients.len() < n {
            clients.push(
                TcpStream::connect(addr)
                    .with_context(|| format!("connection {} to {addr}", clients.len() + 1))?,
            );
        }
        wait_for(&hub, n)?;
        let now = settle(base, n)?;
        let new_threads = now.threads.saturating_sub(base.threads).max(1);
        println!(
            "{:>6} {:>8} {:>11} {:>10} {:>13} {:>14}",
            n,
            now.threads,
            kib(now.rss_kib),
            kib(now.rss_kib.saturating_sub(base.rss_kib) / n.max(1) as u64),
            kib(now.vm_kib),
            kib(now.vm_kib.saturating_sub(base.vm_kib) / new_threads),
        );
    }
    println!();
    println!("RSS/conn and virtual/thread are the growth over the baseline, divided by N");
    println!("and by the threads added. Kernel socket buffers are not in RSS.");
    Ok(())
}

/// Waits until the hub knows exactly `n` connections.
fn wait_for(hub: &Hub, n: usize) -> anyhow::Result<()> {
    let start = Instant::now();
    while hub.connections() != n {
        if start.elapsed() > SETTLE {
            bail!(
                "the server has {} connections, expected {n}",
                hub.connections()
            );
        }
        thread::sleep(Duration::from_millis(10));
    }
    Ok(())
}

/// Waits until both threads of each of the `n` connections exist (the writer is
/// started by the reader, a moment after `connect` returns), then a little longer
/// so they have all reached their blocking call.
fn settle(base: Status, n: usize) -> anyhow::Result<Status> {
    let start = Instant::now();
    loop {
        let now = proc_status::read("self")?;
        if now.threads >= base.threads + 2 * n as u64 {
            thread::sleep(Duration::from_millis(200));
            return Ok(proc_status::read("self")?);
        }
        if start.elapsed() > SETTLE {
            bail!(
                "{} threads after {SETTLE:?}, expected {}",
                now.threads,
                base.threads + 2 * n as u64
            );
        }
        thread::sleep(Duration::from_millis(10));
    }
}

/// 1536 → "1.5 MiB", 700 → "700 KiB".
fn kib(k: u64) -> String {
    if k >= 10 * 1024 * 1024 {
        format!("{:.1} GiB", k as f64 / (1024.0 * 1024.0))
    } else if k >= 1024 {
        format!("{:.1} MiB", k as f64 / 1024.0)
    } else {
        format!("{k} KiB")
    }
}

//! `ch10-bench`: ch10-server's `/echo` against two crates.io WebSocket servers.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use ch01_tcp::cli::Args;
use ch07_bench::procfs::{self, TICKS_PER_SEC};
use ch07_bench::server::ServerProc;
use ch07_bench::syscalls;
use ch07_event_loop::summary::median;
use ch10_bench::echo_load::{self, EchoLoad, EchoResult};
use ch10_bench::idle;

const USAGE: &str = "\
ch10-bench: WebSocket echo, ch10-server vs fastwebsockets vs tokio-tungstenite

USAGE:
    taskset -c 1 target/release/ch10-bench [--server-cpu 0] [--rounds 5] [--secs 1]
                 [--sizes 16,1024,65536] [--conns 1,10,100] [--in-flight 8] [--idle 10000]

Build first:
    cargo build --release -p ch10-ws-server -p ch10-bench
    cargo build --release --manifest-path chapters/10-ws-server/bench/Cargo.toml
The servers (ch10-server, ch10-peer-fastwebsockets, ch10-peer-tungstenite) are
started from this binary's directory, or else (the peers, a workspace of their own)
from chapters/10-ws-server/bench/target/release; each is pinned with
`taskset -c SERVER_CPU`, one thread; pin this process (the load client, one thread
on mio) to another CPU.

Measures, alternating the servers round by round:
  echo:  N connections, K binary messages in flight on each (frames masked once,
         every echo checked): messages/s, server CPU per message (utime+stime
         from /proc), p50/p99 round trip; medians over rounds, and the median of
         the per-round ratios ch10-server / other (above 1: ours is faster);
  idle:  N upgraded, silent WebSockets: each server's resident memory per
         connection (VmRSS after - before), before any load has grown its heap.

OPTIONS:
    --server-cpu LIST   CPUs for the servers, as taskset -c takes them (default 0)
    --rounds N          rounds per server and load shape (default 5)
    --secs S            seconds per round (default 1)
    --sizes LIST        payload bytes (default 16,1024,65536)
    --conns LIST        connections (default 1,10,100)
    --in-flight K       messages in flight per connection (default 8)
    --idle N            idle WebSockets for the memory figure; 0 skips it (default 10000)
    --servers LIST      which to run, of ours,fastwebsockets,tungstenite (default all)
    --syscalls          one more round per server and shape under
                        `perf stat -e raw_syscalls:sys_enter -p PID`: syscalls per message
    --help              this text";

fn list(s: &str) -> anyhow::Result<Vec<usize>> {
    s.split(',')
        .map(|n| {
            n.trim()
                .parse()
                .with_context(|| format!("not a number: {n:?}"))
        })
        .collect()
}

/// A server under test: its name, binary, and the path its echo answers on.
struct Peer {
    name: &'static str,
    bin: PathBuf,
    path: &'static str,
}

/// Where the servers' binaries may be: this binary's directory (ch10-server, and
/// the peers too when they were built with the same `CARGO_TARGET_DIR`), then the
/// peers' own workspace's target directory, where
/// `cargo build --release --manifest-path chapters/10-ws-server/bench/Cargo.toml`
/// puts them by default.
fn bin_dirs() -> anyhow::Result<Vec<PathBuf>> {
    let me = std::env::current_exe().context("finding this binary")?;
    let own = me.parent().unwrap_or(Path::new(".")).to_path_buf();
    let peers = Path::new(PEERS_TARGET).join("release");
    Ok(vec![own, peers])
}

/// The peers' workspace's default target directory, as seen from this crate.
const PEERS_TARGET: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../bench/target");

fn peers(which: &[String]) -> anyhow::Result<Vec<Peer>> {
    let dirs = bin_dirs()?;
    let all = [
        ("ours", "ch10-server"),
        ("fastwebsockets", "ch10-peer-fastwebsockets"),
        ("tungstenite", "ch10-peer-tungstenite"),
    ];
    let mut out = Vec::new();
    for (name, bin) in all {
        if !which.iter().any(|w| w == name) {
            continue;
        }
        let Some(bin) = dirs.iter().map(|d| d.join(bin)).find(|p| p.exists()) else {
            bail!(
                "{bin} is missing (looked in {}): cargo build --release -p ch10-ws-server -p ch10-bench, and \
                 for the other servers \
                 cargo build --release --manifest-path chapters/10-ws-server/bench/Cargo.toml",
                dirs.iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        };
        out.push(Peer {
            name,
            bin,
            path: "/echo",
        });
    }
    if out.is_empty() {
        bail!("--servers names none of ours,fastwebsockets,tungstenite");
    }
    Ok(out)
}

fn size_name(size: usize) -> String {
    if size >= 1024 && size.is_multiple_of(1024) {
        format!("{} KiB", size / 1024)
    } else {
        format!("{size} B")
    }
}

/// One round's figures for one server.
struct Round {
    per_sec: f64,
    cpu_us_per_msg: f64,
    p50_us: u32,
    p99_us: u32,
}

fn measure(server: &ServerProc, path: &str, load: &EchoLoad) -> anyhow::Result<Round> {
    let before = procfs::sample(server.pid())?;
    let r: EchoResult = echo_load::run(server.addr, path, load)?;
    let after = procfs::sample(server.pid())?;
    let cpu_us = (after.cpu_ticks - before.cpu_ticks) as f64 * 1e6 / TICKS_PER_SEC as f64;
    Ok(Round {
        per_sec: r.per_sec(),
        cpu_us_per_msg: cpu_us / r.messages.max(1) as f64,
        p50_us: r.latency_us(50.0),
        p99_us: r.latency_us(99.0),
    })
}

/// Runs one round with `perf stat` counting the server's system calls
/// (chapter 7's bench, [`ch07_bench::syscalls`]); returns syscalls per message.
fn syscalls_per_msg(server: &ServerProc, path: &str, load: &EchoLoad) -> anyhow::Result<f64> {
    let (r, count) = syscalls::count(&[server.pid()], || {
        Ok(echo_load::run(server.addr, path, load)?)
    })?;
    Ok(count as f64 / r.messages.max(1) as f64)
}

fn idle_memory(peers: &[Peer], cpu: &str, n: usize) -> anyhow::Result<()> {
    println!("\nidle: {n} upgraded, silent WebSockets per server (fresh servers)");
    println!(
        "{:16} {:>12} {:>12} {:>14}",
        "server", "RSS before", "RSS after", "bytes per conn"
    );
    for p in peers {
        // Ours holds at most chapter 7's default of 10,000 connections and
        // leaves the rest in the kernel's backlog, where a handshake waits
        // unanswered: lift the cap above n (the other two have none).
        let cap = (n + 1000).to_string();
        let args: &[&str] = if p.name == "ours" {
            &["--max-conns", &cap]
        } else {
            &[]
        };
        let server = ServerProc::start(&p.bin, args, Some(cpu))?;
        // One connection and a pause first, so that one-time allocations (the
        // runtime's, the first read buffer's) land in "before"; then n - 1 more.
        let warm = idle::hold(server.addr, p.path, 1)?;
        std::thread::sleep(Duration::from_millis(200));
        let before = procfs::sample(server.pid())?;
        let more = n.saturating_sub(1).max(1);
        let conns = idle::hold(server.addr, p.path, more)
            .with_context(|| format!("opening {n} WebSockets to {}", p.name))?;
        std::thread::sleep(Duration::from_millis(500));
        let after = procfs::sample(server.pid())?;
        let per = (after.rss_kib.saturating_sub(before.rss_kib)) as f64 * 1024.0 / more as f64;
        println!(
            "{:16} {:>9} KiB {:>9} KiB {:>14.0}",
            p.name, before.rss_kib, after.rss_kib, per
        );
        drop(conns);
        drop(warm);
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let cpu = args
        .value("--server-cpu")?
        .unwrap_or_else(|| "0".to_string());
    let rounds: usize = args.parsed_or("--rounds", 5)?;
    let secs: f64 = args.parsed_or("--secs", 1.0)?;
    let sizes = list(&args.parsed_or("--sizes", "16,1024,65536".to_string())?)?;
    let conns = list(&args.parsed_or("--conns", "1,10,100".to_string())?)?;
    let in_flight: usize = args.parsed_or("--in-flight", 8)?;
    let idle_n: usize = args.parsed_or("--idle", 10_000)?;
    let syscalls = args.flag("--syscalls");
    let which: Vec<String> = args
        .parsed_or("--servers", "ours,fastwebsockets,tungstenite".to_string())?
        .split(',')
        .map(|s| s.trim().to_string())
        .collect();
    args.finish()?;
    if rounds == 0 || in_flight == 0 || !(secs > 0.0 && secs < 3600.0) {
        bail!("--rounds and --in-flight must be at least 1, --secs between 0 and 3600");
    }
    let peers = peers(&which)?;
    println!(
        "load client on CPUs {}, servers on CPUs {cpu}; {rounds} rounds of {secs} s, {in_flight} in flight per connection",
        procfs::own_cpus().unwrap_or_else(|| "?".into())
    );
    if idle_n > 0 {
        idle_memory(&peers, &cpu, idle_n)?;
    }
    let servers: Vec<ServerProc> = peers
        .iter()
        .map(|p| ServerProc::start(&p.bin, &[], Some(&cpu)))
        .collect::<anyhow::Result<_>>()?;
    for &size in &sizes {
        for &n in &conns {
            let load = EchoLoad {
                conns: n,
                in_flight,
                size,
                duration: Duration::from_secs_f64(secs),
            };
            // results[server][round]
            let mut results: Vec<Vec<Round>> = peers.iter().map(|_| Vec::new()).collect();
            for round in 0..rounds {
                for k in 0..peers.len() {
                    let s = (k + round) % peers.len(); // alternate who goes first
                    let r = measure(&servers[s], peers[s].path, &load).with_context(|| {
                        format!("{} with {} × {n}", peers[s].name, size_name(size))
                    })?;
                    results[s].push(r);
                }
            }
            let mut sys = Vec::new();
            if syscalls {
                for (s, p) in peers.iter().enumerate() {
                    sys.push(syscalls_per_msg(&servers[s], p.path, &load)?);
                }
            }
            println!(
                "\n{} × {n} connections ({in_flight} in flight each): medians of {rounds} rounds",
                size_name(size)
            );
            println!(
                "{:16} {:>11} {:>12} {:>9} {:>9} {:>15}{}",
                "server",
                "msgs/s",
                "CPU µs/msg",
                "p50 µs",
                "p99 µs",
                "ours ÷ it msgs/s",
                if syscalls { "  syscalls/msg" } else { "" }
            );
            for (s, p) in peers.iter().enumerate() {
                let rs = &results[s];
                let col = |f: &dyn Fn(&Round) -> f64| {
                    median(&rs.iter().map(f).collect::<Vec<_>>()).unwrap_or(0.0)
                };
                let ratio = if p.name != "ours" && peers[0].name == "ours" {
                    let per_round: Vec<f64> = results[0]
                        .iter()
                        .zip(rs)
                        .map(|(o, t)| o.per_sec / t.per_sec)
                        .collect();
                    format!("{:.2}×", median(&per_round).unwrap_or(0.0))
                } else {
                    String::new()
                };
                let sys = sys.get(s).map_or(String::new(), |v| format!(" {v:>13.2}"));
                println!(
                    "{:16} {:>11.0} {:>12.2} {:>9.0} {:>9.0} {:>15}{sys}",
                    p.name,
                    col(&|r| r.per_sec),
                    col(&|r| r.cpu_us_per_msg),
                    col(&|r| r.p50_us as f64),
                    col(&|r| r.p99_us as f64),
                    ratio,
                );
            }
        }
    }
    Ok(())
}

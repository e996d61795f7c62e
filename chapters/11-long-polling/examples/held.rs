//! Measures what a held poll costs a running `ch11-server`: its memory (RSS,
//! from /proc) with N polls held, and how long one publish takes to answer them all.
//!
//! ```text
//! cargo build --release -p ch11-long-polling --bins --examples
//! target/release/ch11-server --addr 127.0.0.1:7011 &
//! target/release/examples/held 127.0.0.1:7011 --pid $! --polls 10000
//! ```

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use ch01_tcp::cli::Args;
use ch06_http_server::client::Connection;

const USAGE: &str = "\
held: holds N long polls on a ch11-server, prints its memory, publishes once, times the answers

USAGE:
    held ADDR --pid PID [--polls N]

ADDR is the server's IP:PORT, PID its process id (for /proc/PID/status). N defaults to 1000.";

/// The server's resident memory in KiB.
fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading /proc/{pid}/status"))?;
    let line = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .context("no VmRSS line")?;
    Ok(line
        .split_whitespace()
        .nth(1)
        .context("VmRSS value")?
        .parse()?)
}

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let pid: u32 = args.value("--pid")?.context("--pid is required")?.parse()?;
    let n: usize = args.parsed_or("--polls", 1000)?;
    let addr = args.positional().context("give the server's IP:PORT")?;
    args.finish()?;
    let patience = Duration::from_secs(30);
    let mut publisher = Connection::connect(&addr, patience, patience)?;
    let (r, _) = publisher.exchange(b"GET /poll?timeout=0 HTTP/1.1\r\nHost: b\r\n\r\n")?;
    let cursor: u64 = r
        .header("feed-last-id")
        .context("no Feed-Last-Id")?
        .parse()?;

    let before = rss_kib(pid)?;
    let request = format!("GET /poll?after={cursor}&timeout=120 HTTP/1.1\r\nHost: b\r\n\r\n");
    let mut polls = Vec::with_capacity(n);
    for _ in 0..n {
        let mut c = Connection::connect(&addr, patience, patience)?;
        c.send(request.as_bytes())?;
        polls.push(c);
    }
    // Give the server a moment to read them all (it answers nothing until the publish).
    std::thread::sleep(Duration::from_millis(500));
    let held = rss_kib(pid)?;
    println!("server RSS: {before} KiB idle, {held} KiB with {n} polls held");
    println!(
        "  = {:.0} bytes per held poll (socket buffers live in the kernel, not in RSS)",
        (held.saturating_sub(before) * 1024) as f64 / n as f64
    );

    let body = "one event for everyone";
    let publish = format!(
        "POST /publish HTTP/1.1\r\nHost: b\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    // A new connection: the first one has idled past the server's keep-alive timeout.
    let mut publisher = Connection::connect(&addr, patience, patience)?;
    let started = Instant::now();
    let (r, _) = publisher.exchange(publish.as_bytes())?;
    if r.status() != 200 {
        bail!("publish answered {}", r.status());
    }
    for c in &mut polls {
        let (r, _) = c.receive()?;
        if r.status() != 200 {
            bail!("a held poll was answered {}", r.status());
        }
    }
    println!(
        "one publish answered all {n} held polls in {:.1} ms (read by one client thread)",
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}

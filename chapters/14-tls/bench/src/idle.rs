//! Idle connections: a server's resident memory (VmRSS) before and after N
//! WebSockets that finished their handshakes (TLS and the upgrade) and then
//! said nothing.

use std::time::Duration;

use anyhow::Context;
use ch07_bench::procfs;

/// What N idle connections cost one server process.
#[derive(Debug, Clone, Copy)]
pub struct Idle {
    /// Connections opened after the first (the one that warms the server up).
    pub conns: usize,
    /// VmRSS with one connection, and with all of them, KiB.
    pub before_kib: u64,
    /// See `before_kib`.
    pub after_kib: u64,
}

impl Idle {
    /// Bytes of RSS per connection.
    pub fn per_conn(&self) -> f64 {
        (self.after_kib.saturating_sub(self.before_kib)) as f64 * 1024.0 / self.conns as f64
    }
}

/// Opens one connection with `connect` and waits, so that one-time
/// allocations land in "before"; reads the RSS of `pid`, opens `n` more,
/// waits and reads it again. The connections are closed on return.
pub fn measure<C>(
    pid: u32,
    n: usize,
    mut connect: impl FnMut(usize) -> std::io::Result<C>,
) -> anyhow::Result<Idle> {
    let warm = connect(0).context("the first connection")?;
    std::thread::sleep(Duration::from_millis(200));
    let before = procfs::sample(pid)?;
    let mut held = Vec::with_capacity(n);
    for i in 1..=n {
        held.push(connect(i).with_context(|| format!("connection {i} of {n}"))?);
    }
    std::thread::sleep(Duration::from_millis(500));
    let after = procfs::sample(pid)?;
    drop(held);
    drop(warm);
    Ok(Idle {
        conns: n,
        before_kib: before.rss_kib,
        after_kib: after.rss_kib,
    })
}

/// The soft and hard limits on this process's open files (`/proc/self/limits`).
fn open_files_limit() -> Option<(u64, u64)> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    let mut nums = line
        .split_whitespace()
        .filter_map(|w| w.parse::<u64>().ok());
    Some((nums.next()?, nums.next()?))
}

/// Makes sure this process (and the servers it starts after, which inherit
/// it) may open `needed` files: raises the soft limit to the hard one with
/// util-linux's `prlimit`, as `ulimit -n` would in a shell, if it is lower.
pub fn allow_open_files(needed: u64) -> anyhow::Result<()> {
    let (soft, hard) = open_files_limit().context("reading /proc/self/limits")?;
    if soft >= needed {
        return Ok(());
    }
    if hard < needed {
        anyhow::bail!(
            "{needed} open files needed, but the hard limit is {hard}: use a smaller --idle"
        );
    }
    let pid = std::process::id().to_string();
    let status = std::process::Command::new("prlimit")
        .args(["--pid", &pid, &format!("--nofile={hard}:{hard}")])
        .status()
        .context("running prlimit to raise the open-files limit (or: ulimit -n)")?;
    let (soft, _) = open_files_limit().context("reading /proc/self/limits")?;
    if !status.success() || soft < needed {
        anyhow::bail!(
            "could not raise the open-files limit to {needed}: run `ulimit -n {hard}` first"
        );
    }
    Ok(())
}

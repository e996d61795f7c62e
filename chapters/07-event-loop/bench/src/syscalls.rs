//! How many system calls processes make while something runs, counted by
//! `perf stat` on the `raw_syscalls:sys_enter` tracepoint (a software event:
//! it works where hardware counters do not, as on these VMs).

use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::Context;

/// Runs `run` while `perf stat -e raw_syscalls:sys_enter -p PIDS` counts the
/// system calls of `pids` (together); returns `run`'s result and the count.
pub fn count<T>(pids: &[u32], run: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<(T, u64)> {
    let list: Vec<String> = pids.iter().map(u32::to_string).collect();
    let perf = Command::new("perf")
        .args(["stat", "-x,", "-e", "raw_syscalls:sys_enter", "-p"])
        .arg(list.join(","))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting perf (apt-get install linux-perf)")?;
    std::thread::sleep(Duration::from_millis(300)); // let it attach
    let result = run();
    // perf stat prints its count when interrupted.
    let _ = Command::new("kill")
        .args(["-INT", &perf.id().to_string()])
        .status();
    let out = perf.wait_with_output().context("waiting for perf")?;
    let result = result?;
    let text = String::from_utf8_lossy(&out.stderr);
    let count = text
        .lines()
        .find(|l| l.contains("raw_syscalls:sys_enter"))
        .and_then(|l| l.split(',').next()?.trim().parse().ok())
        .with_context(|| format!("no count in perf's output: {text}"))?;
    Ok((result, count))
}

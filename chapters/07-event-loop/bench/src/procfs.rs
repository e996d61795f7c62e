//! What `/proc/PID/status` and `/proc/PID/stat` say about a process (Linux).

use std::io;

/// Clock ticks per second in `/proc/PID/stat` times: USER_HZ, which the Linux
/// ABI fixes at 100 on the architectures we run on (`getconf CLK_TCK`).
pub const TICKS_PER_SEC: u64 = 100;

/// One reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    /// Resident memory (`VmRSS`), KiB.
    pub rss_kib: u64,
    /// Threads (`Threads`).
    pub threads: u64,
    /// CPU time used, user + system, in ticks of 1/[`TICKS_PER_SEC`] s.
    pub cpu_ticks: u64,
}

/// Reads process `pid`.
pub fn sample(pid: u32) -> io::Result<Sample> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let field = |name: &str| -> io::Result<u64> {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| io::Error::other(format!("no {name} in /proc/{pid}/status")))
    };
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    Ok(Sample {
        rss_kib: field("VmRSS:")?,
        threads: field("Threads:")?,
        cpu_ticks: cpu_ticks(&stat)
            .ok_or_else(|| io::Error::other(format!("cannot parse /proc/{pid}/stat")))?,
    })
}

/// utime + stime: fields 14 and 15 of `/proc/PID/stat`. The command name
/// (field 2) is in parentheses and may hold spaces, so count after the last `)`.
fn cpu_ticks(stat: &str) -> Option<u64> {
    let after = &stat[stat.rfind(')')? + 1..];
    let mut fields = after.split_whitespace().skip(11); // fields 3..=13
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(utime + stime)
}

/// CPU time used so far by every thread of process `pid`, in nanoseconds: the
/// scheduler's own account, the first field of `/proc/PID/task/TID/schedstat`
/// (the kernel's `sched-stats.rst`), summed over the threads. It is exact where
/// `utime + stime` counts in ticks of 10 ms, too coarse to divide by a few
/// thousand TLS handshakes. Threads that already exited are not counted, so
/// read it across a run in which the process starts and ends none.
pub fn cpu_ns(pid: u32) -> io::Result<u64> {
    let mut total = 0;
    for task in std::fs::read_dir(format!("/proc/{pid}/task"))? {
        let path = task?.path().join("schedstat");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            // The thread ended since the directory was listed.
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        total += text
            .split_whitespace()
            .next()
            .and_then(|ns| ns.parse::<u64>().ok())
            .ok_or_else(|| io::Error::other(format!("cannot parse {}", path.display())))?;
    }
    Ok(total)
}

/// The CPUs this process may run on (`Cpus_allowed_list`), e.g. `1` or `0-1`.
pub fn own_cpus() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
        .map(|s| s.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_this_process() {
        let s = sample(std::process::id()).unwrap();
        assert!(s.rss_kib > 0 && s.threads >= 1);
        let line = "42 (a b) c) S 1 2 3 4 5 6 7 8 9 10 111 222 0 0";
        assert_eq!(cpu_ticks(line), Some(333));
        // Spinning a few milliseconds shows up in the scheduler's account.
        let before = cpu_ns(std::process::id()).unwrap();
        let until = std::time::Instant::now() + std::time::Duration::from_millis(20);
        while std::time::Instant::now() < until {
            std::hint::spin_loop();
        }
        assert!(cpu_ns(std::process::id()).unwrap() > before);
    }
}

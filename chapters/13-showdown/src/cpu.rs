//! CPU time of one thread, read from `/proc` (Linux).
//!
//! `/proc/self/task/TID/stat` holds a thread's `utime` and `stime` (fields 14
//! and 15, in clock ticks, see proc(5)): the time it ran in user space and in
//! the kernel on its behalf (system calls: every `read`, `write`, `epoll_wait`).
//! Their sum, before and after a run, is the server's CPU cost of the run.
//!
//! Those count in ticks of 10 ms, too coarse for a short run; the scheduler's
//! own account, `/proc/self/task/TID/schedstat` (first field: nanoseconds spent
//! running on a CPU, see the kernel's `sched-stats.rst`), is exact. We read it
//! when the kernel has it (CONFIG_SCHED_INFO) and fall back to `stat`.

use std::fs;
use std::time::Duration;

/// Clock ticks per second. Linux reports `/proc` times in USER_HZ, which is
/// 100 on every mainstream architecture (sysconf(_SC_CLK_TCK)).
pub const TICKS_PER_SEC: f64 = 100.0;

/// The calling thread's id, from the `/proc/thread-self` link (`PID/task/TID`).
pub fn current_tid() -> Option<u64> {
    let link = fs::read_link("/proc/thread-self").ok()?;
    link.file_name()?.to_str()?.parse().ok()
}

/// CPU time used so far by thread `tid` of this process.
pub fn thread_cpu(tid: u64) -> Option<Duration> {
    if let Ok(s) = fs::read_to_string(format!("/proc/self/task/{tid}/schedstat"))
        && let Some(ns) = s.split_whitespace().next().and_then(|f| f.parse().ok())
    {
        return Some(Duration::from_nanos(ns));
    }
    let stat = fs::read_to_string(format!("/proc/self/task/{tid}/stat")).ok()?;
    parse_stat_cpu(&stat)
}

/// User + system time from the text of a `stat` file.
pub fn parse_stat_cpu(stat: &str) -> Option<Duration> {
    // Field 2, the command name, is in parentheses and may hold spaces and
    // parentheses itself: split after the LAST ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // `rest` starts at field 3 (state), so utime (14) is index 11, stime (15) is 12.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_secs_f64(
        (utime + stime) as f64 / TICKS_PER_SEC,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields() {
        let line = "4242 (event loop (x)) S 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0 1 0";
        assert_eq!(parse_stat_cpu(line), Some(Duration::from_secs(3)));
        assert_eq!(parse_stat_cpu("garbage"), None);
    }

    #[test]
    fn this_thread_is_found() {
        let tid = current_tid().expect("Linux /proc");
        assert!(thread_cpu(tid).is_some());
    }
}

//! Threads and memory of a process, read from Linux's `/proc/PID/status`.
//!
//! The fields we use (see `man 5 proc`, "/proc/pid/status"):
//! - `Threads`: how many threads the process has now.
//! - `VmRSS`: resident memory, the pages really in RAM, in KiB.
//! - `VmSize`: virtual memory, everything reserved (mapped), touched or not, in KiB.
//!   Every thread's stack is reserved in full when the thread starts, so this
//!   grows by about one stack per thread even though few of those pages are used.

use std::fmt;
use std::io;

/// The figures we read from one `/proc/PID/status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    /// Number of threads.
    pub threads: u64,
    /// Resident memory in KiB.
    pub rss_kib: u64,
    /// Virtual memory in KiB.
    pub vm_kib: u64,
}

/// Why the status could not be read.
#[derive(Debug)]
pub enum StatusError {
    /// The file could not be read (not Linux, or the process is gone).
    Read(io::Error),
    /// A field we need was missing or not a number.
    Field(&'static str),
}

impl fmt::Display for StatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatusError::Read(e) => write!(f, "reading /proc status: {e}"),
            StatusError::Field(name) => write!(f, "/proc status has no usable {name} line"),
        }
    }
}

impl std::error::Error for StatusError {}

/// Reads `/proc/self/status` (pass `"self"`) or `/proc/PID/status`.
pub fn read(pid: &str) -> Result<Status, StatusError> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).map_err(StatusError::Read)?;
    parse(&text)
}

/// Parses the text of a status file.
pub fn parse(text: &str) -> Result<Status, StatusError> {
    Ok(Status {
        threads: field(text, "Threads")?,
        rss_kib: field(text, "VmRSS")?,
        vm_kib: field(text, "VmSize")?,
    })
}

/// `VmRSS:    2048 kB` → 2048.
fn field(text: &str, name: &'static str) -> Result<u64, StatusError> {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .ok_or(StatusError::Field(name))
}

/// The soft limit on the main thread's stack, from `/proc/self/limits`
/// ("Max stack size"), in bytes; `None` if unlimited or unreadable.
pub fn main_stack_limit() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = text.lines().find(|l| l.starts_with("Max stack size"))?;
    line["Max stack size".len()..]
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The soft limit on open files, from `/proc/self/limits` ("Max open files").
pub fn open_files_limit() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = text.lines().find(|l| l.starts_with("Max open files"))?;
    line["Max open files".len()..]
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_fields() {
        let s = parse("Name:\tx\nVmSize:\t  10240 kB\nVmRSS:\t    2048 kB\nThreads:\t3\n").unwrap();
        assert_eq!(
            s,
            Status {
                threads: 3,
                rss_kib: 2048,
                vm_kib: 10240
            }
        );
        assert!(matches!(
            parse("Threads: 1\n"),
            Err(StatusError::Field("VmRSS"))
        ));
    }

    #[test]
    fn reads_our_own_status() {
        let s = read("self").unwrap();
        assert!(s.threads >= 1 && s.rss_kib > 0 && s.vm_kib >= s.rss_kib);
    }
}

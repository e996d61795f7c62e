//! How a chat server behaves: the settings the binary fills from its flags,
//! and the one helper both the accept loop and each connection need (threads
//! with the configured stack).

use std::thread;
use std::time::Duration;

use ch01_tcp::trace::Trace;

/// The longest line a client may send, in bytes, by default (`--max-line`).
pub const DEFAULT_MAX_LINE: usize = 1024;

/// How many messages wait for a slow client before the oldest are dropped,
/// by default (`--queue`).
pub const DEFAULT_QUEUE: usize = 256;

/// How a server behaves; the binary fills it from its flags.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// The longest line accepted, in bytes (see [`crate::line`]).
    pub max_line: usize,
    /// Each client's outbox capacity, in messages (see [`crate::outbox`]).
    pub queue: usize,
    /// Stack size for the per-connection threads; `None` means Rust's default
    /// (2 MiB, or `RUST_MIN_STACK`).
    pub stack_size: Option<usize>,
    /// How long a leaving client's writer may take to deliver what is queued
    /// before we close the socket under it.
    pub linger: Duration,
    /// `--trace`: print every byte to stderr.
    pub trace: Trace,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            max_line: DEFAULT_MAX_LINE,
            queue: DEFAULT_QUEUE,
            stack_size: None,
            linger: Duration::from_secs(5),
            trace: Trace::new(false),
        }
    }
}

/// A thread builder with the configured stack size.
pub(crate) fn thread_builder(config: &Config, name: String) -> thread::Builder {
    let builder = thread::Builder::new().name(name);
    match config.stack_size {
        Some(size) => builder.stack_size(size),
        None => builder,
    }
}

//! The loop's limits and switches, with defaults that fit real use.

use std::time::Duration;

use ch01_tcp::trace::Trace;

// ANCHOR: read_mode
/// How the loop decides that a socket has nothing more to read for now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadMode {
    /// Read until `read` returns `WouldBlock`. Always right, on every OS: with
    /// edge-triggered readiness, stopping early would leave bytes no event announces.
    UntilWouldBlock,
    /// Linux: a read that returns fewer bytes than the buffer holds means the
    /// socket is drained for now, so skip the extra `read` that would say
    /// `WouldBlock` (one syscall saved per message). Relies on epoll reporting a
    /// new edge for bytes that arrive later, which Linux does; not portable.
    ShortReadMeansDrained,
}
// ANCHOR_END: read_mode

/// Everything the loop lets you tune. `Config::default()` is what the servers use.
#[derive(Debug, Clone)]
pub struct Config {
    /// Connections held at once; beyond it, new ones wait in the kernel's accept backlog.
    pub max_conns: usize,
    /// The one read buffer the loop shares between all connections.
    pub read_buf: usize,
    /// Unconsumed input a connection may leave waiting (a message not yet complete);
    /// beyond it the connection is closed. Protocols set their own, smaller limits
    /// (HTTP's 8 KiB head); this is the loop's safety net.
    pub max_partial: usize,
    /// Backpressure: when a connection's write queue grows past this, the loop stops
    /// reading from it until the queue drains below half; [`crate::LoopCx::send_to`]
    /// refuses to queue past it.
    pub max_write_queue: usize,
    /// After `close()`: how long the loop waits for the queue to flush and the peer
    /// to close its side before it drops the connection anyway.
    pub close_timeout: Duration,
    /// Reads per readiness event before other connections get their turn.
    pub reads_per_turn: usize,
    /// How a read decides the socket is drained.
    pub read_mode: ReadMode,
    /// Events taken from the kernel per `poll`.
    pub events: usize,
    /// Messages other threads may have in flight to the loop before `send` waits.
    pub max_messages: usize,
    /// Disable Nagle's algorithm on accepted sockets (we coalesce writes ourselves).
    pub nodelay: bool,
    /// Where `--trace` output goes.
    pub trace: Trace,
    /// Trace raw bytes read and written. A service that prints its own decoded
    /// view (WebSocket frames) turns this off and traces through `Cx::trace`.
    pub trace_bytes: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            max_conns: 10_000,
            read_buf: 64 * 1024,
            max_partial: 64 * 1024,
            max_write_queue: 256 * 1024,
            close_timeout: Duration::from_secs(5),
            reads_per_turn: 16,
            read_mode: ReadMode::UntilWouldBlock,
            events: 1024,
            max_messages: 1024,
            nodelay: true,
            trace: Trace::new(false),
            trace_bytes: true,
        }
    }
}

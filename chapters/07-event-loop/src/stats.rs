//! Counters the loop keeps, readable from any thread while it runs.
//!
//! Tests use them to see what happened inside (did backpressure pause reading?
//! how big did a queue get?); benchmarks print them. Only the loop's thread
//! writes, so plain loads and stores suffice: no read-modify-write instructions.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

macro_rules! stats {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// A snapshot of the counters.
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        pub struct Stats {
            $($(#[$doc])* pub $name: u64,)*
        }

        /// The live counters, shared with [`crate::LoopHandle`]s.
        #[derive(Debug, Default)]
        pub struct StatsCell {
            $($name: AtomicU64,)*
        }

        impl StatsCell {
            /// Reads every counter.
            pub fn snapshot(&self) -> Stats {
                Stats { $($name: self.$name.load(Relaxed),)* }
            }
        }

        /// Adds to a counter (the loop's thread is the only writer).
        #[derive(Debug, Clone, Copy)]
        #[allow(non_camel_case_types, missing_docs)]
        pub(crate) enum Counter { $($name,)* }

        impl StatsCell {
            fn cell(&self, c: Counter) -> &AtomicU64 {
                match c { $(Counter::$name => &self.$name,)* }
            }
        }
    };
}

stats! {
    /// Connections accepted.
    accepted,
    /// Connections closed (for any reason).
    closed,
    /// Connections open now.
    open,
    /// Connections that ended with an error (a reset, a broken pipe).
    errors,
    /// `read` calls that returned data or EOF.
    reads,
    /// `read` calls that returned `WouldBlock`.
    reads_would_block,
    /// `write` calls (counted per flush).
    flushes,
    /// Bytes read.
    bytes_in,
    /// Bytes written.
    bytes_out,
    /// Times reading from a connection was paused because its write queue was full.
    backpressure_pauses,
    /// The biggest write queue seen, in bytes.
    max_write_queue,
    /// Pushes from `send_to` refused because the target's queue was full.
    sends_refused,
    /// Connection timers that fired.
    timers_fired,
    /// Events for a stale token or id (a connection already gone), dropped.
    stale,
    /// Messages received through the waker.
    messages,
    /// Times `poll` returned.
    polls,
}

impl StatsCell {
    /// Adds `n` to counter `c`.
    pub(crate) fn add(&self, c: Counter, n: u64) {
        let cell = self.cell(c);
        cell.store(cell.load(Relaxed) + n, Relaxed);
    }

    /// Sets counter `c`.
    pub(crate) fn set(&self, c: Counter, v: u64) {
        self.cell(c).store(v, Relaxed);
    }

    /// Raises counter `c` to at least `v`.
    pub(crate) fn max(&self, c: Counter, v: u64) {
        let cell = self.cell(c);
        if v > cell.load(Relaxed) {
            cell.store(v, Relaxed);
        }
    }
}

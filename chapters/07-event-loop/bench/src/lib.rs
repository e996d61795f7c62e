//! Bench-only: measuring servers from the outside, the code behind `ch07-bench`,
//! in a library so that chapter 10's and chapter 13's benchmarks can call it too.
//!
//! It is a crate of its own, not a module of `ch07-event-loop`, so that what only
//! the measurement needs (httparse to check responses, socket2 to bind source
//! addresses) is no runtime dependency of the event loop's library.
//!
//! - [`server`]: start a server binary as a child process, pinned to a CPU with
//!   `taskset`, and learn its PID and address from its ready line;
//! - [`procfs`]: read a process's resident memory, threads and CPU time from `/proc`;
//! - [`load`]: a load client on mio: hold N idle keep-alive connections, or run
//!   C clients that each send a request as soon as the last answer arrived;
//! - [`syscalls`]: count a server's system calls during a run (`perf stat`).
//!
//! Medians and percentiles come from chapter 7's [`ch07_event_loop::summary`].
//!
//! Nothing here asserts on speed: it prints figures.

pub mod load;
pub mod procfs;
pub mod server;
pub mod syscalls;

//! Measuring servers from the outside: the code behind `ch07-bench`, kept in the
//! library so chapter 13's benchmark can call it too.
//!
//! - [`server`]: start a server binary as a child process, pinned to a CPU with
//!   `taskset`, and learn its PID and address from its ready line;
//! - [`procfs`]: read a process's resident memory, threads and CPU time from `/proc`;
//! - [`load`]: a load client on mio: hold N idle keep-alive connections, or run
//!   C clients that each send a request as soon as the last answer arrived;
//! - [`summary`]: medians and percentiles.
//!
//! Nothing here asserts on speed: it prints figures.

pub mod load;
pub mod procfs;
pub mod server;
pub mod summary;

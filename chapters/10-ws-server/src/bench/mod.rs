//! Measuring WebSocket echo servers from the outside: the code behind
//! `ch10-bench`, kept in the library so chapter 13's benchmark can call it too.
//!
//! - [`echo_load`]: a load client on mio: N connections, K messages in flight on
//!   each, frames masked once in advance, every echo checked byte for byte;
//! - [`idle`]: hold N upgraded, silent WebSockets (a server's memory per idle peer).
//!
//! Starting servers pinned to a CPU, reading `/proc`, and medians come from
//! chapter 7's [`ch07_event_loop::bench`]. Nothing here asserts on speed: it
//! returns figures for a binary to print.

pub mod echo_load;
pub mod idle;

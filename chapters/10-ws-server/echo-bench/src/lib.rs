//! Bench-only: measuring WebSocket echo servers from the outside, the code
//! behind `ch10-bench`.
//!
//! It is a crate of its own, not a module of `ch10-ws-server`, so that the load
//! client's dependencies (mio, chapter 7's bench crate with socket2 and
//! httparse) are not the WebSocket server's. Chapter 13's `--all` runs the
//! `ch10-bench` binary.
//!
//! - [`echo_load`]: a load client on mio: N connections, K messages in flight on
//!   each, frames masked once in advance, every echo checked byte for byte;
//! - [`idle`]: hold N upgraded, silent WebSockets (a server's memory per idle peer).
//!
//! Starting servers pinned to a CPU and reading `/proc` come from chapter 7's
//! bench crate ([`ch07_bench`]), medians and percentiles from
//! [`ch07_event_loop::summary`]. Nothing here asserts on speed: it returns
//! figures for a binary to print.

pub mod echo_load;
pub mod idle;

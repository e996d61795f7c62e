//! Chapter 13 exercises: three pieces of the bench. Edit the files below until
//! `cargo test -p ex13-showdown` passes; `cargo run -p progress` shows how far
//! you are and the hint for the next one.

pub mod latencies;
pub mod log_axis;
pub mod percentile;

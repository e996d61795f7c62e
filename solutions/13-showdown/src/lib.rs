//! Chapter 13 exercises, solved: three pieces of the bench, with comments
//! saying why. `cargo test -p sol13-showdown` runs the same checks as the
//! exercises.

pub mod latencies;
pub mod log_axis;
pub mod percentile;

//! Chapter 10 exercises, solved. `cargo test -p sol10-ws-server` runs the same
//! checks as the exercises (exercises/10-ws-server/checks.rs).

pub mod backoff;
pub mod echo_step;
pub mod heartbeat;

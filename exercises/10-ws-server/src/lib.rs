//! Chapter 10 exercises. Edit the files below until `cargo test -p ex10-ws-server`
//! passes; `cargo run -p progress` shows how far you are and the hint for the next one.

pub mod backoff;
pub mod echo_step;
pub mod heartbeat;

//! Chapter 3 exercises. Edit the files below until `cargo test -p ex03-socket2` passes;
//! `cargo run -p progress` shows how far you are and the hint for the next one.

pub mod accept_ready;
pub mod build_listener;

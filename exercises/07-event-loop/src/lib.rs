//! Chapter 7 exercises. Edit the files below until `cargo test -p ex07-event-loop` passes;
//! `cargo run -p progress` shows how far you are and the hint for the next one.

pub mod conn_table;
pub mod timers;
pub mod write_queue;

//! Chapter 1 exercises. Edit the files below until `cargo test -p ex01-tcp` passes;
//! `cargo run -p progress` shows how far you are and the hint for the next one.

pub mod read_frame;
pub mod read_full;
pub mod write_all;

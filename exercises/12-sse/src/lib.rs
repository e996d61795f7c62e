//! Chapter 12 exercises. Edit the files below until `cargo test -p ex12-sse` passes;
//! `cargo run -p progress` shows how far you are and the hint for the next one.

pub mod parse;
pub mod resume;
pub mod serialize;

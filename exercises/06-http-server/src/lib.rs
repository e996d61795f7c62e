//! Chapter 6 exercises. Edit the files below until `cargo test -p ex06-http-server` passes;
//! `cargo run -p progress` shows how far you are and the hint for the next one.

pub mod chunked_writer;
pub mod response_head;
pub mod safe_path;

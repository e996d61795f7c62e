//! Chapter 9 exercises. Edit the files below until `cargo test -p ex09-ws-frames`
//! passes; `cargo run -p progress` shows how far you are and the hint for the next one.

pub mod assembler;
pub mod close_code;
pub mod header;
pub mod unmask;
pub mod utf8;

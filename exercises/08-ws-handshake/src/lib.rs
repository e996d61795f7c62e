//! Chapter 8 exercises. Edit the files below until `cargo test -p ex08-ws-handshake`
//! passes; `cargo run -p progress` shows how far you are and the hint for the next one.

pub mod accept_key;
pub mod origin_allowed;
pub mod token_list;

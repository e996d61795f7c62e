//! Runs chapter 8's checks against your exercises: `cargo test -p ex08-ws-handshake`.
use ex08_ws_handshake as answer;
#[path = "../checks.rs"]
mod checks;

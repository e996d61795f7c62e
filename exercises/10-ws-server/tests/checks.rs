//! Runs chapter 10's checks against your exercises: `cargo test -p ex10-ws-server`.
use ex10_ws_server as answer;
#[path = "../checks.rs"]
mod checks;

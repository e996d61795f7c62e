//! Runs chapter 9's checks against your exercises: `cargo test -p ex09-ws-frames`.
use ex09_ws_frames as answer;
#[path = "../checks.rs"]
mod checks;

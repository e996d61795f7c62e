//! Runs chapter 3's checks against your exercises: `cargo test -p ex03-socket2`.
use ex03_socket2 as answer;
#[path = "../checks.rs"]
mod checks;

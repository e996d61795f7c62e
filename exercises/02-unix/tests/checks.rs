//! Runs chapter 2's checks against your exercises: `cargo test -p ex02-unix`.
use ex02_unix as answer;
#[path = "../checks.rs"]
mod checks;

//! Runs chapter 1's checks against your exercises: `cargo test -p ex01-tcp`.
use ex01_tcp as answer;
#[path = "../checks.rs"]
mod checks;

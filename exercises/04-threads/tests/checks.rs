//! Runs chapter 4's checks against your exercises: `cargo test -p ex04-threads`.
use ex04_threads as answer;
#[path = "../checks.rs"]
mod checks;

//! Runs chapter 12's checks against your exercises: `cargo test -p ex12-sse`.
use ex12_sse as answer;
#[path = "../checks.rs"]
mod checks;

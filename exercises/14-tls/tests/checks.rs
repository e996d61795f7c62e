//! Runs chapter 14's checks against your exercises: `cargo test -p ex14-tls`.
use ex14_tls as answer;
#[path = "../checks.rs"]
mod checks;

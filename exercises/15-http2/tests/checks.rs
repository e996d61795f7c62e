//! Runs chapter 15's checks against your exercises: `cargo test -p ex15-http2`.
use ex15_http2 as answer;
#[path = "../checks.rs"]
mod checks;

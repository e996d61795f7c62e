//! Runs chapter 5's checks against your exercises: `cargo test -p ex05-http-parser`.
use ex05_http_parser as answer;
#[path = "../checks.rs"]
mod checks;

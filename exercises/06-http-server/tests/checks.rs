//! Runs chapter 6's checks against your exercises: `cargo test -p ex06-http-server`.
use ex06_http_server as answer;
#[path = "../checks.rs"]
mod checks;

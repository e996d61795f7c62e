//! Runs chapter 15's checks (written once, in exercises/15-http2/checks.rs) against the solutions.
use sol15_http2 as answer;
#[path = "../../../exercises/15-http2/checks.rs"]
mod checks;

//! Runs chapter 5's checks (written once, in exercises/05-http-parser/checks.rs) against the solutions.
use sol05_http_parser as answer;
#[path = "../../../exercises/05-http-parser/checks.rs"]
mod checks;

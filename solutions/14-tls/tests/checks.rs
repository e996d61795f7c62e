//! Runs chapter 14's checks (written once, in exercises/14-tls/checks.rs) against the solutions.
use sol14_tls as answer;
#[path = "../../../exercises/14-tls/checks.rs"]
mod checks;

//! Runs chapter 2's checks (written once, in exercises/02-unix/checks.rs) against the solutions.
use sol02_unix as answer;
#[path = "../../../exercises/02-unix/checks.rs"]
mod checks;

//! Runs chapter 12's checks (written once, in exercises/12-sse/checks.rs) against the solutions.
use sol12_sse as answer;
#[path = "../../../exercises/12-sse/checks.rs"]
mod checks;

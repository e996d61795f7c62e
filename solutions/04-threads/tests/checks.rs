//! Runs chapter 4's checks (written once, in exercises/04-threads/checks.rs) against the solutions.
use sol04_threads as answer;
#[path = "../../../exercises/04-threads/checks.rs"]
mod checks;

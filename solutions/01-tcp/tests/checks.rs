//! Runs chapter 1's checks (written once, in exercises/01-tcp/checks.rs) against the solutions.
use sol01_tcp as answer;
#[path = "../../../exercises/01-tcp/checks.rs"]
mod checks;

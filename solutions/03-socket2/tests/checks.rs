//! Runs chapter 3's checks (written once, in exercises/03-socket2/checks.rs) against the solutions.
use sol03_socket2 as answer;
#[path = "../../../exercises/03-socket2/checks.rs"]
mod checks;

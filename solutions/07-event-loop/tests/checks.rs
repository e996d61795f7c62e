//! Runs chapter 7's checks (written once, in exercises/07-event-loop/checks.rs) against the solutions.
use sol07_event_loop as answer;
#[path = "../../../exercises/07-event-loop/checks.rs"]
mod checks;

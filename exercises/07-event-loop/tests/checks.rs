//! Runs chapter 7's checks against your exercises: `cargo test -p ex07-event-loop`.
use ex07_event_loop as answer;
#[path = "../checks.rs"]
mod checks;

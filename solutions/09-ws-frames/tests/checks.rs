//! Runs chapter 9's checks (written once, in exercises/09-ws-frames/checks.rs) against the solutions.
use sol09_ws_frames as answer;
#[path = "../../../exercises/09-ws-frames/checks.rs"]
mod checks;

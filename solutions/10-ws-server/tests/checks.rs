//! Runs chapter 10's checks (written once, in exercises/10-ws-server/checks.rs) against the solutions.
use sol10_ws_server as answer;
#[path = "../../../exercises/10-ws-server/checks.rs"]
mod checks;

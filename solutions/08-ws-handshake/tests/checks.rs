//! Runs chapter 8's checks (written once, in exercises/08-ws-handshake/checks.rs) against the solutions.
use sol08_ws_handshake as answer;
#[path = "../../../exercises/08-ws-handshake/checks.rs"]
mod checks;

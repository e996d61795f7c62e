//! Runs chapter 13's checks (written once, in exercises/13-showdown/checks.rs) against the solutions.
use sol13_showdown as answer;
#[path = "../../../exercises/13-showdown/checks.rs"]
mod checks;

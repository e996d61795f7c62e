//! Runs chapter 13's checks against your exercises: `cargo test -p ex13-showdown`.
use ex13_showdown as answer;
#[path = "../checks.rs"]
mod checks;

//! Runs chapter 11's checks (written once, in exercises/11-long-polling/checks.rs) against the solutions.
use sol11_long_polling as answer;
#[path = "../../../exercises/11-long-polling/checks.rs"]
mod checks;

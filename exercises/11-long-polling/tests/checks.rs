//! Runs chapter 11's checks against your exercises: `cargo test -p ex11-long-polling`.
use ex11_long_polling as answer;
#[path = "../checks.rs"]
mod checks;

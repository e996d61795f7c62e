//! Runs chapter 6's checks (written once, in exercises/06-http-server/checks.rs) against the solutions.
use sol06_http_server as answer;
#[path = "../../../exercises/06-http-server/checks.rs"]
mod checks;

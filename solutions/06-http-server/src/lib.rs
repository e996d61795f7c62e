//! Chapter 6 exercises, solved. The checks live in exercises/06-http-server/checks.rs;
//! `cargo test -p sol06-http-server` runs them against these answers.

pub mod chunked_writer;
pub mod response_head;
pub mod safe_path;

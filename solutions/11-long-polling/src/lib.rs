//! Chapter 11 exercises, solved. The checks are in exercises/11-long-polling/checks.rs.

pub mod history;
pub mod json_escape;
pub mod take_new;

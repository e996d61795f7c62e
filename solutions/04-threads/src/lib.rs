//! Chapter 4 exercises, solved. Compare with your own in `exercises/04-threads`.

pub mod hub;
pub mod line_reader;

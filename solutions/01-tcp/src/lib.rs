//! Chapter 1 exercises, solved. Compare with your own in `exercises/01-tcp`.

pub mod read_frame;
pub mod read_full;
pub mod write_all;

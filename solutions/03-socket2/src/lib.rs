//! Chapter 3 exercises, solved. Compare with your own in `exercises/03-socket2`.

pub mod accept_ready;
pub mod build_listener;

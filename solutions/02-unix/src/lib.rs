//! Chapter 2 exercises, solved. Compare with your own in `exercises/02-unix`.

pub mod percentiles;
pub mod stale_check;

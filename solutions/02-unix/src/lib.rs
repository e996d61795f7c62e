//! Chapter 2 exercises, solved. Compare with your own in `exercises/02-unix`.

#[cfg(target_os = "linux")]
pub mod abstract_name;
pub mod percentiles;
pub mod stale_check;

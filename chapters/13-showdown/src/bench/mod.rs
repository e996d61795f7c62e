//! `ch13-bench`: every transport measured on this machine.
//!
//! | file | job |
//! |---|---|
//! | [`floor`] | the raw TCP round trip: the floor under everything |
//! | [`cpu`] | a thread's CPU time from `/proc` |

pub mod cpu;
pub mod floor;

//! `ch13-bench`: every transport measured on this machine.
//!
//! | file | job |
//! |---|---|
//! | [`clients`] | one client state machine per transport, bytes counted at the socket |
//! | [`run`](mod@run) | one run: a fresh server, N clients, a publisher at a fixed rate |
//! | [`report`] | the table (text and Markdown) and the SVG plots |
//! | [`floor`] | the raw TCP round trip: the floor under everything |
//! | [`cpu`] | a thread's CPU time from `/proc` |

pub mod clients;
pub mod cpu;
pub mod floor;
pub mod others;
pub mod report;
pub mod run;

pub use clients::Transport;
pub use run::{RunConfig, RunResult, run};

//! Bench-only: `ch13-bench`, every transport of chapter 13 measured on this
//! machine, and with `--all` every other comparison in the book.
//!
//! It is a crate of its own, not a module of `ch13-showdown`, so that what only
//! the measurement needs (a client per transport on mio, random masking keys,
//! the other chapters' bench crates) is no runtime dependency of the showdown
//! server. The pieces the measurement shares with the lesson stay there:
//! [`ch13_showdown::cpu`] (a thread's CPU time), [`ch13_showdown::percentile`]
//! (p50/p99) and [`ch13_showdown::svg`] (the plots).
//!
//! | file | job |
//! |---|---|
//! | [`clients`] | one client state machine per transport, bytes counted at the socket |
//! | [`run`](mod@run) | one run: a fresh server, N clients, a publisher at a fixed rate |
//! | [`report`] | the table (text and Markdown) and the SVG plots |
//! | [`floor`] | the raw TCP round trip: the floor under everything |
//! | [`others`] | `--all`: the other chapters' comparisons, through their own code |

pub mod clients;
pub mod floor;
pub mod others;
pub mod report;
pub mod run;

pub use clients::Transport;
pub use run::{RunConfig, RunResult, run};

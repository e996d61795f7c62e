//! Chapter 7: one thread, many connections — a readiness event loop on mio.
//!
//! Chapter 4 gave every connection a thread; this chapter gives every
//! connection a few hundred bytes in a table and serves them all from one
//! thread that asks the kernel "which sockets are ready?". It is the engine the
//! later chapters run on: WebSocket (10), long polling (11), SSE (12) and the
//! showdown (13) plug in through two traits, [`Service`] and [`Connection`],
//! without copying the loop.
//!
//! Where each idea lives:
//!
//! | idea | file |
//! |---|---|
//! | `Poll`, events, the turn | [`event_loop`] (and, one job each: `accept.rs`, `read.rs`, `write.rs`, `settle.rs`, `fire.rs`, `later.rs`) |
//! | generation-checked tokens | [`token`], [`table`] |
//! | partial writes, write queue | [`write_queue`] |
//! | backpressure, limits | [`config`], `write.rs`, `settle.rs` |
//! | the one seam for a connection's bytes (TLS in chapter 14) | [`transport`] |
//! | timers in a min-heap | [`timers`] |
//! | other threads → the loop (`Waker`) | [`handle`] |
//! | what an application implements / may do | [`service`], [`cx`] |
//! | the smallest application | [`echo`] |
//! | chapter 6's HTTP server as an application | [`http`], [`http_side`], [`http_send`] |
//! | medians and percentiles of measured figures | [`summary`] |
//!
//! Measuring servers from outside (`ch07-bench`) is the bench-only crate
//! `ch07-bench` (`chapters/07-event-loop/bench`), so that its load client's
//! dependencies (httparse, socket2) are not this library's.
//!
//! ```no_run
//! use ch07_event_loop::{Config, EventLoop, echo::EchoService};
//! use std::time::Duration;
//! let lp = EventLoop::bind("127.0.0.1:0".parse().unwrap(), EchoService { idle: Duration::from_secs(30) }, Config::default())?;
//! println!("echo on {}", lp.local_addr()?);
//! lp.run()?;
//! # Ok::<(), std::io::Error>(())
//! ```

mod accept;
pub mod config;
pub mod cx;
pub mod echo;
mod entry;
pub mod event_loop;
mod fire;
pub mod handle;
pub mod http;
pub mod http_send;
pub mod http_side;
mod later;
mod read;
pub mod service;
mod settle;
pub mod stats;
pub mod summary;
pub mod table;
pub mod timers;
pub mod token;
pub mod transport;
mod work;
mod write;
pub mod write_queue;

pub use config::{Config, ReadMode};
pub use cx::{Cx, LoopCx, PushError};
pub use event_loop::{EventLoop, Running, spawn};
pub use handle::{LoopHandle, SendError};
pub use service::{Connection, Service};
pub use stats::Stats;
pub use token::ConnId;
pub use transport::{Plain, Transport};

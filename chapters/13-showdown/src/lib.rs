//! Chapter 13: the showdown — one live feed, four ways to the browser, measured.
//!
//! A simulated taxi drives around a few city blocks and publishes its position
//! ten times a second into chapter 11's feed. One chapter 7 event loop serves
//! that feed four ways at once, and a page draws the taxi four times side by
//! side, with what each way costs:
//!
//! | transport | route | built from |
//! |---|---|---|
//! | short polling | `GET /state` | ch06 responses |
//! | long polling | `GET /poll?after=N` | ch11 feed and rules |
//! | Server-Sent Events | `GET /events` | ch12 format |
//! | WebSocket | `GET /ws?after=N` | ch08 handshake, ch09 frames |
//!
//! | idea | file |
//! |---|---|
//! | the taxi: a closed route, interpolated positions | [`taxi`] |
//! | the events' JSON and timestamps | [`events`] |
//! | one feed, waiters, `POST /cut` | [`service`] |
//! | what each request asks for, for HTTP/1.1 and HTTP/2 alike | [`routes`] |
//! | a connection that starts as HTTP and becomes a push transport | [`conn`] |
//! | each transport | [`short_poll`], `long_poll.rs`, `sse.rs`, [`ws`] |
//! | the taxi thread publishing through the loop's Waker | [`driver`] |
//! | a thread's CPU time from `/proc` (the loop's cost per event) | [`cpu`] |
//! | p50/p99 | [`percentile`] |
//! | SVG bar charts by hand | [`svg`] |
//!
//! Measuring every transport (`ch13-bench`) is the bench-only crate `ch13-bench`
//! (`chapters/13-showdown/bench`), so that its clients' dependencies are not
//! this library's; it uses [`cpu`], [`percentile`] and [`svg`] from here.
#![warn(missing_docs)]

pub mod conn;
pub mod cpu;
pub mod driver;
pub mod events;
mod long_poll;
pub mod percentile;
pub mod routes;
pub mod service;
pub mod short_poll;
mod sse;
pub mod svg;
pub mod taxi;
pub mod ws;

pub use service::{Counters, ShowdownConfig, ShowdownService};

//! One HTTP/2 connection, server side (RFC 9113 §3–§6, §8), with no I/O in it.
//!
//! [`H2Conn`] sits between a transport (chapter 7's loop, over TCP for h2c
//! or chapter 14's TLS for h2) and an application (routes), and talks to
//! each in its own terms:
//!
//! ```text
//!   transport                        H2Conn                         application
//!   ─────────                        ──────                         ───────────
//!   on_data(bytes) ───── feed(bytes, now) ──▶ frames, streams ──▶ next_event(): Request,
//!                                            flow control,         Data, Trailers, Reset,
//!                                            HPACK, limits         SendReady, GoAway
//!                                                               ◀── send_headers, send_data,
//!                                                                   data_consumed, reset, goaway
//!   cx.write(…) ◀── pending_output(room) ◀── control frames now,
//!   on_drained  ──▶ consumed_output(n)       DATA when there is room (round robin)
//!   on_timer    ──▶ on_timer(now)            SETTINGS ACK timeout, graceful GOAWAY
//! ```
//!
//! One job per file:
//!
//! - [`config`]: what we announce and allow ([`H2Config`]); [`flood`]: the rates.
//! - [`connection`]: the state, `feed`, and the connection's own frames.
//! - [`receive`]: HEADERS, DATA, RST_STREAM, WINDOW_UPDATE on streams.
//! - [`send`]: the application's calls; [`schedule`]: DATA frames, round robin.
//! - [`shutdown`]: GOAWAY, graceful and not, and the timers.
//! - [`stream`] and [`streams`]: one stream's state (§5.1), and the table.
//! - [`window`]: flow-control windows; [`send_queue`]: a stream's unsent body.
//! - [`output`]: produced octets the transport has not taken.
//! - [`settings`]: the SETTINGS exchange; [`event`], [`error`]: what comes out.
//! - [`respond`](mod@respond): chapter 6's `Response` sent on a stream, its body pumped as
//!   the stream drains; [`collect`]: a request and its body gathered into
//!   chapter 6's `Request`.

pub mod collect;
pub mod config;
pub mod connection;
pub mod error;
pub mod event;
pub mod flood;
pub mod output;
pub mod receive;
pub mod respond;
pub mod schedule;
pub mod send;
pub mod send_queue;
pub mod settings;
pub mod shutdown;
pub mod stream;
pub mod streams;
pub mod window;

pub use collect::{Collected, RequestCollector};
pub use config::{H2Config, Rate};
pub use connection::H2Conn;
pub use error::{ConnError, SendError, StreamFault};
pub use event::{Event, ResetBy};
pub use flood::Flood;
pub use respond::{BodyPump, Pumped, respond};

//! Chapter 13's showdown served over HTTP/2 on chapter 7's loop, beside
//! HTTP/1.1 on the same port: the same routes (chapter 13's
//! [`decide`](ch13_showdown::routes::decide)), the same feed and push
//! (chapters 11 and 12), many requests at once on one connection.
//!
//! ```text
//!   accept ─▶ Undecided ──first bytes are the h2 preface──▶ H2: H2Conn + a task per stream
//!                  └──────anything else (GET / …)─────────▶ H1: chapter 13's ShowdownConn
//! ```
//!
//! Over TLS the client chose with ALPN (`h2` or `http/1.1`, chapter 14);
//! in the clear (h2c) a client with "prior knowledge" simply starts with the
//! preface (RFC 9113 §3.3). Either way the first 24 bytes tell, so the
//! connection decides by looking at them and needs no word from the transport.
//!
//! | idea | file |
//! |---|---|
//! | the loop's service: the showdown, wrapped | [`service`] |
//! | one connection: undecided, HTTP/1.1 or HTTP/2 | [`conn`] |
//! | the HTTP/2 side: requests to routes, a task per stream, output to the loop | [`h2`] |
//! | a pushed stream's bytes into one HTTP/2 stream | [`outlet`] |
//! | a WebSocket's carrier: one HTTP/2 stream (RFC 8441) | [`link`] |
//! | `--trace`: frames both ways, headers decoded | [`trace`] |
//! | starting it, over TLS or in the clear | [`start`] |

pub mod conn;
pub mod h2;
pub mod link;
pub mod outlet;
pub mod service;
pub mod start;
pub mod trace;

pub use service::Http2Service;

//! Chapter 10: a WebSocket server on the chapter 7 event loop, and a client.
//!
//! Everything protocol-shaped comes from earlier chapters: chapter 6 reads the
//! HTTP request and serves the page, chapter 8 checks the upgrade and builds the
//! 101, chapter 9 decodes and encodes frames. This chapter is the *connection*:
//! what happens, in order, from the first byte of HTTP to the last TCP FIN.
//!
//! ```text
//!  accept ─▶ HTTP ──GET /echo, Upgrade: websocket──▶ 101 ─▶ frames ⇄ frames ─▶ Close ⇄ Close ─▶ FIN
//!             │  GET / → the chat page (chapter 6)                ▲ ping/pong heartbeats
//!             └─ bad handshake → 400 / 403 / 426, then FIN        └ violations → Close 1002/1007/1009
//! ```
//!
//! Where each idea lives:
//!
//! | idea | file |
//! |---|---|
//! | the server's settings and their defaults | [`config`] |
//! | the command line: every option, checked once (shared with chapter 14) | [`cli`] |
//! | the service the loop runs: shared state, accept, leave | [`server`] |
//! | one connection: HTTP first, then WebSocket | [`conn`] |
//! | the HTTP phase: static files or the upgrade | [`upgrade`] |
//! | one WebSocket connection: pings, close handshake, heartbeat, violations (shared with chapter 13) | [`websocket`] |
//! | this chapter's endpoints: what echo and chat do with a message | [`ws`] |
//! | what a WebSocket needs from its carrier: a TCP connection, or an HTTP/2 stream (chapter 15) | [`link`] |
//! | frames out: header + payload into the write queue | [`send`] |
//! | ping timer and pong timeout | [`heartbeat`] |
//! | the chat room, nicknames, slow consumers | [`chat`] |
//! | exponential backoff with jitter (the client's reconnect) | [`backoff`] |
//! | the blocking client: handshake, frames, reconnect, Autobahn | [`client`] |
//!
//! Measuring echo servers from outside (`ch10-bench`) is the bench-only crate
//! `ch10-bench` (`chapters/10-ws-server/echo-bench`), so that its load client's
//! dependencies are not this library's; the servers it measures ours against
//! are in `chapters/10-ws-server/bench`, a workspace of their own.

pub mod backoff;
pub mod chat;
pub mod cli;
pub mod client;
pub mod config;
pub mod conn;
pub mod heartbeat;
pub mod link;
pub mod send;
pub mod server;
pub mod upgrade;
pub mod websocket;
pub mod ws;

pub use config::WsConfig;
pub use server::WsService;

//! Chapter 12: Server-Sent Events — one long HTTP response that carries a feed.
//!
//! An `EventSource` in the browser sends one ordinary GET; the server answers
//! `200 text/event-stream` and never finishes the body: every event it
//! publishes is a few more lines of it. When the connection breaks, the browser
//! reconnects by itself and sends `Last-Event-ID`, and the server resumes right
//! after it — chapter 11's feed makes that lossless.
//!
//! Where each idea lives:
//!
//! | idea | file |
//! |---|---|
//! | the wire format, writing: `id:`, `event:`, `data:` lines, comments | [`format`](mod@format) |
//! | the wire format, reading: the spec's parser, incremental, with limits | [`parser`] |
//! | an `EventSource` on the command line: reconnect, `Last-Event-ID`, 204 | [`client`], [`output`] |
//! | one stream's pieces: head, where to start, reset, framing | [`stream`] |
//! | one open stream on the loop: chapter 11's push written as SSE (shared with chapter 13) | [`push`] |
//! | the server: routes, publish, test hooks | [`server`] |
//! | one connection: HTTP until `GET /events`, then a stream | [`conn`] |
//!
//! ```
//! use ch12_sse::format::{Event, write_event};
//! use ch12_sse::parser::{Item, parse_all};
//!
//! let mut wire = Vec::new();
//! write_event(&Event { id: Some("1"), data: "two\nlines", ..Event::default() }, &mut wire)?;
//! assert_eq!(wire, b"id: 1\ndata: two\ndata: lines\n\n");
//! let (items, _) = parse_all(&wire);
//! let Item::Event(e) = &items[0] else { panic!() };
//! assert_eq!((e.data.as_str(), e.last_event_id.as_str()), ("two\nlines", "1"));
//! # Ok::<(), ch12_sse::format::FieldError>(())
//! ```

#![warn(missing_docs)]

pub mod client;
pub mod conn;
pub mod format;
pub mod output;
pub mod parser;
pub mod push;
pub mod server;
pub mod stream;

pub use server::{SseConfig, SseService};

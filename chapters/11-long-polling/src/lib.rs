//! Chapter 11: long polling over an event feed that never loses or repeats an event.
//!
//! Before WebSockets, servers pushed by *not answering*: the client asks "anything
//! after event 41?" and the server holds the request until event 42 exists (or a
//! timeout says "nothing yet", 204). The client asks again at once, from the last
//! id it received, so a reconnect loses nothing and repeats nothing.
//!
//! | idea | file |
//! |---|---|
//! | numbered events, bounded history, cursors, [`feed::Gone`] | [`feed`] |
//! | JSON strings escaped right for any UTF-8 | [`json`] |
//! | reading the feed's JSON back (the client) | [`json_read`] |
//! | parked connections woken on publish | [`waiters`] |
//! | publishing from other threads through the loop's Waker | [`publisher`] |
//! | `/poll`: answer now (200/410) or hold, 204 on timeout | [`poll`] |
//! | held requests on the loop, `POST /publish`, routes | [`server`] |
//! | the client: cursor, retries with backoff, gap reports (its HTTP is chapter 6's client) | [`client`] |
//! | a TCP proxy that cuts connections at random (tests) | [`chaos`] |
//!
//! The feed, JSON and publisher are shared with chapters 12 (SSE) and 13.
#![warn(missing_docs)]

pub mod chaos;
pub mod client;
pub mod feed;
pub mod json;
pub mod json_read;
pub mod poll;
pub mod publisher;
pub mod push;
pub mod server;
pub mod waiters;

pub use feed::{Event, Feed, Gone};
pub use publisher::{FeedMsg, Publisher};
pub use waiters::Waiters;

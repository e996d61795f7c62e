//! A WebSocket client, blocking and small: std::net, one thread reading
//! frames and one writing them.
//!
//! ```text
//!   stdin ──lines──▶ main thread ──masked Text──▶ socket ──▶ server
//!                       ▲ Ended                     │
//!                       └─── reader thread ◀────────┘ frames: print, answer Pings,
//!                                                    answer a Close, wait for FIN;
//!                                                    Ping when quiet, drop when silent
//! ```
//!
//! Every frame a client sends is masked with a fresh random key (RFC 6455
//! §5.3): [`frames::FrameWriter`]. Frames from the server must not be masked,
//! which chapter 9's receiver checks in [`Role::Client`](ch09_ws_frames::Role).
//!
//! | file | job |
//! |---|---|
//! | [`connect`] | TCP connect, the opening handshake, checking the 101 |
//! | [`frames`] | reading events, writing masked frames, the close |
//! | [`liveness`] | noticing a dead server: the heartbeat's settings, keepalive, `TCP_USER_TIMEOUT` |
//! | [`session`] | the CLI: stdin → messages, output, reconnect with backoff |
//! | [`autobahn`] | Autobahn|Testsuite's client flow: run every case in echo mode |

pub mod autobahn;
pub mod connect;
pub mod frames;
pub mod liveness;
pub mod session;

pub use connect::{connect, connect_with};
pub use frames::{FrameReader, FrameWriter, Incoming, ReadError};
pub use liveness::Liveness;

//! The server's settings: limits a peer cannot push past, timers, and the
//! handshake policy. `WsConfig::default()` is what `ch10-server` runs with.

use std::path::PathBuf;
use std::time::Duration;

use ch01_tcp::trace::Trace;
use ch06_http_server::connection::Config as HttpConfig;
use ch08_ws_handshake::ServerConfig;
use ch09_ws_frames::Limits;

/// Everything a WebSocket connection on this server shares.
#[derive(Debug, Clone)]
pub struct WsConfig {
    /// Message size and fragment count limits (chapter 9; over them: Close 1009).
    /// The defaults allow Autobahn's 16 MiB messages and 65,536-fragment messages.
    pub limits: Limits,
    /// Ping a peer we have not heard from for this long.
    pub ping_interval: Duration,
    /// Close a peer that does not answer a ping (with any pong) within this long.
    pub pong_timeout: Duration,
    /// After we send a Close, how long we wait for the peer's Close before we
    /// close TCP anyway (RFC 6455 §7.1.1 leaves the wait to us).
    pub close_wait: Duration,
    /// Chat: a member with more than this many bytes unsent is a slow consumer
    /// and is disconnected with Close 1008 (see [`crate::chat`]).
    pub chat_queue_limit: usize,
    /// The upgrade's rules: Origin policy, subprotocols (chapter 8).
    pub handshake: ServerConfig,
    /// The HTTP phase: head limits, how long the request may take (chapter 6).
    pub http: HttpConfig,
    /// Where `/` and other pages come from.
    pub root: PathBuf,
    /// `--trace`: HTTP heads as text, every frame decoded.
    pub trace: Trace,
}

/// The size of the loop's one read buffer in `ch10-server` (chapter 7's default
/// is 64 KiB). 128 KiB lets a 64 KiB message and its header arrive in one read:
/// one `read` instead of two, and the receiver hands the message out borrowed
/// instead of assembling it in a buffer of its own. It is one buffer per loop,
/// so it costs nothing per connection.
pub const READ_BUF: usize = 128 * 1024;

/// This chapter's `www/` directory, found at compile time so that
/// `cargo run -p ch10-ws-server` serves the chat page from anywhere.
pub fn default_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/www"))
}

impl Default for WsConfig {
    fn default() -> WsConfig {
        WsConfig {
            limits: Limits::default(),
            ping_interval: Duration::from_secs(30),
            pong_timeout: Duration::from_secs(10),
            close_wait: Duration::from_secs(5),
            chat_queue_limit: 2 * READ_BUF,
            handshake: ServerConfig::default(),
            http: HttpConfig::default(),
            root: default_root(),
            trace: Trace::new(false),
        }
    }
}

//! The server's settings: limits a peer cannot push past, timers, and the
//! handshake policy. `WsConfig::default()` is what `ch10-server` runs with.

use ch06_http_server::connection::HttpConfig;
use ch08_ws_handshake::HandshakeConfig;
use std::path::PathBuf;

use crate::websocket::WsSettings;

/// Everything a WebSocket connection on this server shares.
#[derive(Debug, Clone)]
pub struct WsConfig {
    /// Every WebSocket connection's limits and timers (message size and
    /// fragments, ping interval, pong timeout, close wait) and `--trace`.
    /// The defaults allow Autobahn's 16 MiB messages and 65,536-fragment messages.
    pub ws: WsSettings,
    /// Chat: a member with more than this many bytes unsent is a slow consumer
    /// and is disconnected with Close 1008 (see [`crate::chat`]).
    pub chat_queue_limit: usize,
    /// The upgrade's rules: Origin policy, subprotocols (chapter 8).
    pub handshake: HandshakeConfig,
    /// The HTTP phase: head limits, how long the request may take (chapter 6).
    pub http: HttpConfig,
    /// Where `/` and other pages come from.
    pub root: PathBuf,
}

/// The size of the loop's one read buffer in `ch10-server` (chapter 7's default
/// is 64 KiB). 128 KiB lets a 64 KiB message and its header arrive in one read:
/// one `read` instead of two, and the receiver hands the message out borrowed
/// instead of assembling it in a buffer of its own. It is one buffer per loop,
/// so it costs nothing per connection.
pub const READ_BUF: usize = 128 * 1024;

/// This chapter's `www/` directory (the chat page), wherever `cargo run` starts.
pub fn default_root() -> PathBuf {
    ch06_http_server::www_dir!()
}

impl Default for WsConfig {
    fn default() -> WsConfig {
        WsConfig {
            ws: WsSettings::default(),
            chat_queue_limit: 2 * READ_BUF,
            handshake: HandshakeConfig::default(),
            http: HttpConfig::default(),
            root: default_root(),
        }
    }
}

//! The server's command line, shared by `ch10-server` and chapter 14's
//! `ch14-ws-server` (the same server over TLS): every option below becomes a
//! field of [`WsConfig`] or of the loop's [`Config`], checked here once.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::bail;
use ch01_tcp::cli::Args;
use ch01_tcp::trace::Trace;
use ch06_http_server::connection::HttpConfig;
use ch07_event_loop::{Config, ReadMode};
use ch08_ws_handshake::{HandshakeConfig, OriginPolicy};
use ch09_ws_frames::Limits;

use crate::config::{READ_BUF, WsConfig, default_root};
use crate::websocket::WsSettings;

/// The options [`parse`] reads, for a binary's `--help` (after its own
/// `--addr` line, whose default is the binary's).
pub const OPTIONS: &str = "    \
    --root DIR              the web root (default: chapter 10's www/)
    --ping-interval SECS    ping a peer silent this long (default 30)
    --pong-timeout SECS     close a peer that has not answered a ping by then (default 10)
    --close-timeout SECS    wait this long for the peer's Close, then for its FIN (default 5)
    --max-message BYTES     largest message, Close 1009 beyond (default 33554432)
    --max-fragments N       most frames in one message, Close 1009 beyond (default 131072)
    --max-write-queue BYTES stop reading from a peer with this much unsent (default 262144)
    --max-conns N           connections held at once; more wait in the backlog (default 10000)
    --chat-queue BYTES      drop a chat member with this much unsent: Close 1008
                            (default 262144; at least twice --read-buffer)
    --read-buffer BYTES     the loop's one read buffer, shared by every connection
                            (default 131072: a 64 KiB message fits in one read)
    --allow-origin ORIGINS  comma-separated origins to accept besides this machine's pages
    --only-origins          accept only --allow-origin origins (and clients without Origin)
    --read-until-wouldblock always read until WouldBlock (default on Linux: a short
                            read means the socket is drained, one syscall less)
    --trace                 print the HTTP upgrade and every frame, decoded, to stderr";

/// What the command line asked for: where to listen, the WebSocket server's
/// settings and the loop's.
pub struct ServerOptions {
    /// `--addr`, or the binary's default.
    pub addr: SocketAddr,
    /// The server's settings (limits, heartbeats, origins, web root, trace).
    pub ws: WsConfig,
    /// The loop's settings (write queue, connections, read buffer, trace).
    pub config: Config,
}

fn secs(args: &mut Args, name: &str, default: f64) -> anyhow::Result<Duration> {
    let v: f64 = args.parsed_or(name, default)?;
    if !(v > 0.0 && v < 86_400.0) {
        bail!("{name} must be between 0 and 86400 seconds, not {v}");
    }
    Ok(Duration::from_secs_f64(v))
}

/// Reads `--addr` (default `default_addr`) and every option in [`OPTIONS`]
/// from `args`, and checks them. The caller reads its own options, then calls
/// `args.finish()`.
pub fn parse(args: &mut Args, default_addr: SocketAddr) -> anyhow::Result<ServerOptions> {
    let trace = Trace::new(args.flag("--trace"));
    let until_wouldblock = args.flag("--read-until-wouldblock");
    let only_origins = args.flag("--only-origins");
    let addr: SocketAddr = args.parsed_or("--addr", default_addr)?;
    let root: PathBuf = args.parsed_or("--root", default_root())?;
    let ping_interval = secs(args, "--ping-interval", 30.0)?;
    let pong_timeout = secs(args, "--pong-timeout", 10.0)?;
    let close_timeout = secs(args, "--close-timeout", 5.0)?;
    let defaults = WsConfig::default();
    let limits = Limits {
        max_message: args.parsed_or("--max-message", defaults.ws.limits.max_message)?,
        max_fragments: args.parsed_or("--max-fragments", defaults.ws.limits.max_fragments)?,
    };
    let loop_defaults = Config::default();
    let max_write_queue: usize =
        args.parsed_or("--max-write-queue", loop_defaults.max_write_queue)?;
    let max_conns: usize = args.parsed_or("--max-conns", loop_defaults.max_conns)?;
    let chat_queue_limit: usize = args.parsed_or("--chat-queue", defaults.chat_queue_limit)?;
    let read_buf: usize = args.parsed_or("--read-buffer", READ_BUF)?;
    let allowed = args.value("--allow-origin")?;
    if !root.is_dir() {
        bail!("--root {}: not a directory", root.display());
    }
    if max_write_queue == 0 || chat_queue_limit == 0 || limits.max_fragments == 0 || max_conns == 0
    {
        bail!(
            "--max-write-queue, --chat-queue, --max-fragments and --max-conns must be at least 1"
        );
    }
    if read_buf < 4096 {
        bail!("--read-buffer must be at least 4096 bytes");
    }
    // One read of a fast sender's lines is queued before any is written: a
    // smaller limit would drop fast members too (see ch10's chat.rs).
    let min_chat_queue = 2 * read_buf;
    if chat_queue_limit < min_chat_queue {
        bail!("--chat-queue must be at least {min_chat_queue} bytes (twice the read buffer)");
    }
    let allowed: Vec<String> = allowed
        .iter()
        .flat_map(|list| list.split(','))
        .map(|o| o.trim().trim_end_matches('/').to_string())
        .filter(|o| !o.is_empty())
        .collect();
    let origin = if only_origins {
        OriginPolicy::only(&allowed.iter().map(String::as_str).collect::<Vec<_>>())
    } else {
        OriginPolicy {
            allowed,
            ..OriginPolicy::default()
        }
    };
    let ws = WsConfig {
        ws: WsSettings {
            limits,
            ping_interval,
            pong_timeout,
            close_wait: close_timeout,
            trace,
        },
        chat_queue_limit,
        handshake: HandshakeConfig {
            origin,
            ..defaults.handshake
        },
        http: HttpConfig {
            trace,
            ..defaults.http
        },
        root,
    };
    let config = Config {
        max_write_queue,
        max_conns,
        close_timeout,
        read_mode: if until_wouldblock || !cfg!(target_os = "linux") {
            ReadMode::UntilWouldBlock
        } else {
            ReadMode::ShortReadMeansDrained
        },
        trace,
        // We print decoded frames and HTTP heads ourselves, not raw bytes.
        trace_bytes: false,
        read_buf,
        ..loop_defaults
    };
    Ok(ServerOptions { addr, ws, config })
}

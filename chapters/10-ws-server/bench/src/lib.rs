//! Echo servers on two crates.io WebSocket libraries, for `ch10-bench` to compare
//! `ch10-server`'s `/echo` with. Each binary takes `--addr`, prints the project's
//! ready line, and echoes every message back with its opcode, on any path.
//!
//! Both run on a single-threaded tokio runtime: `ch10-server` is one thread on
//! one event loop, so every server gets one core and one thread.

use std::net::SocketAddr;

use anyhow::Context;
use ch01_tcp::cli::{Args, announce};

/// Parses `--addr` (default `127.0.0.1:0`) and `--help` with `usage`.
pub fn addr_from_args(usage: &str) -> anyhow::Result<SocketAddr> {
    let mut args = Args::from_env(usage);
    let addr = args.parsed_or("--addr", SocketAddr::from(([127, 0, 0, 1], 0)))?;
    args.finish()?;
    Ok(addr)
}

/// Binds `addr`, prints `listening on ws://ADDR`, and returns the listener.
pub async fn listen(addr: SocketAddr) -> anyhow::Result<tokio::net::TcpListener> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    let local = listener.local_addr().context("reading the bound address")?;
    announce(&format!("ws://{local}"));
    Ok(listener)
}

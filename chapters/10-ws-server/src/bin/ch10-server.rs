//! `ch10-server`: WebSocket echo and chat on the chapter 7 event loop, with the
//! chat page at `/`. Its options are read by the library's `cli` module, which
//! chapter 14's `ch14-ws-server` (the same server over TLS) shares.

use std::net::SocketAddr;

use anyhow::Context;
use ch01_tcp::cli::{Args, announce};
use ch07_event_loop::EventLoop;
use ch10_ws_server::WsService;
use ch10_ws_server::cli::{self, ServerOptions};

const USAGE_HEAD: &str = "\
ch10-server: a WebSocket server (RFC 6455) on the chapter 7 event loop

USAGE:
    ch10-server [--addr IP:PORT] [OPTIONS]

ENDPOINTS:
    ws://HOST:PORT/echo              every message back, same opcode
    ws://HOST:PORT/chat?nick=NAME    everyone's messages (no ?nick: the first message is it)
    http://HOST:PORT/                the chat page (files from --root)
";
const ADDR: &str = "    --addr IP:PORT          where to listen (default 127.0.0.1:7010; port 0 picks a free port)";
const HELP: &str = "    --help                  this text";

fn main() -> anyhow::Result<()> {
    let usage = format!("{USAGE_HEAD}\nOPTIONS:\n{ADDR}\n{}\n{HELP}", cli::OPTIONS);
    let mut args = Args::from_env(&usage);
    let ServerOptions { addr, ws, config } =
        cli::parse(&mut args, SocketAddr::from(([127, 0, 0, 1], 7010)))?;
    args.finish()?;
    let lp = EventLoop::bind(addr, WsService::new(ws), config)
        .with_context(|| format!("binding {addr}"))?;
    let local = lp.local_addr().context("reading the bound address")?;
    announce(&format!("http://{local}"));
    lp.run().context("running the event loop")?;
    Ok(())
}

//! `ch14-ws-server`: chapter 10's WebSocket server (`/echo`, `/chat`, the chat
//! page) over TLS: `wss://`. The same options as `ch10-server`, read by the
//! same code, plus the certificate and key. It exists so that one echo can be
//! measured over ws and wss with nothing else different, and so that the
//! Autobahn gate can run against our TLS transport.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, bail};
use ch01_tcp::cli::{Args, announce};
use ch10_ws_server::cli::{self, ServerOptions};

const USAGE_HEAD: &str = "\
ch14-ws-server: chapter 10's WebSocket server (echo and chat) over TLS: wss://

USAGE:
    ch14-ws-server --cert PEM --key PEM [--addr IP:PORT] [OPTIONS]

ENDPOINTS:
    wss://HOST:PORT/echo             every message back, same opcode
    wss://HOST:PORT/chat?nick=NAME   everyone's messages
    https://HOST:PORT/               the chat page
";
const OWN: &str = "    \
    --cert PEM              the server's certificate chain, PEM (its own certificate first)
    --key PEM               its private key, PEM (PKCS#8, PKCS#1 or SEC1)
    --addr IP:PORT          where to listen (default 127.0.0.1:7114; port 0 picks a free port)";
const HELP: &str = "    --help                  this text";

fn main() -> anyhow::Result<()> {
    let usage = format!("{USAGE_HEAD}\nOPTIONS:\n{OWN}\n{}\n{HELP}", cli::OPTIONS);
    let mut args = Args::from_env(&usage);
    let cert: Option<PathBuf> = args.value("--cert")?.map(PathBuf::from);
    let key: Option<PathBuf> = args.value("--key")?.map(PathBuf::from);
    let ServerOptions { addr, ws, config } =
        cli::parse(&mut args, SocketAddr::from(([127, 0, 0, 1], 7114)))?;
    args.finish()?;
    let (Some(cert), Some(key)) = (cert, key) else {
        bail!("--cert and --key are required (PEM files; see --help)");
    };
    let tls = ch14_tls::server_config(&cert, &key).context("loading the certificate and key")?;
    let lp = ch14_tls::server::ws_server(addr, tls, ws, config)
        .with_context(|| format!("binding {addr}"))?;
    let local = lp.local_addr().context("reading the bound address")?;
    announce(&format!("https://{local}"));
    lp.run().context("running the event loop")?;
    Ok(())
}

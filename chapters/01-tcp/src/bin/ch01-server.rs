//! `ch01-server`: a TCP echo server on std::net.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use ch01_tcp::cli::{Args, announce};
use ch01_tcp::server::{self, Config, DEFAULT_ADDR, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CLIENTS};
use ch01_tcp::trace::Trace;

const USAGE: &str = "\
ch01-server: a TCP echo server (chapter 1). Every byte a client sends comes
back to it; when the client shuts down its write half, the server closes.

USAGE:
    ch01-server [--addr IP:PORT] [--max-clients N] [--idle-timeout SECS] [--trace]

OPTIONS:
    --addr IP:PORT     where to listen (default 127.0.0.1:7001; port 0 = any free
                       port; IPv6 as [::1]:7001). Ports below 1024 need root.
    --max-clients N    clients served at once, one thread each (default 64)
    --idle-timeout S   close a client silent (or not reading) for S seconds (300)
    --trace            print every byte received and sent to stderr
    -h, --help         this text

Prints `listening on tcp://IP:PORT` when ready. Try it with
`cargo run -p ch01-tcp --bin ch01-client` or `nc 127.0.0.1 7001`.";

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let trace = Trace::new(args.flag("--trace"));
    let default: SocketAddr = DEFAULT_ADDR.parse().expect("the default address parses");
    let addr: SocketAddr = args.parsed_or("--addr", default)?;
    let max_clients: usize = args.parsed_or("--max-clients", DEFAULT_MAX_CLIENTS)?;
    let idle_secs: u64 = args.parsed_or("--idle-timeout", DEFAULT_IDLE_TIMEOUT.as_secs())?;
    args.finish()?;
    anyhow::ensure!(max_clients > 0, "--max-clients must be at least 1");
    // A zero timeout is an error for set_read_timeout: "never" is not offered.
    anyhow::ensure!(idle_secs > 0, "--idle-timeout must be at least 1 second");
    let idle_timeout = Duration::from_secs(idle_secs);

    // ANCHOR: main
    let listener = server::listen(addr)?;
    // With port 0 the kernel picked the port: ask the socket which one.
    let local = listener
        .local_addr()
        .context("asking the listening socket for its address")?;
    announce(&format!("tcp://{local}"));
    let config = Config {
        trace,
        max_clients,
        idle_timeout,
    };
    server::serve(listener, config)
    // ANCHOR_END: main
}

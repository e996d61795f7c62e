//! `ch01-client`: sends stdin to an echo server and prints what comes back.

use std::io;
use std::net::TcpStream;

use anyhow::Context;
use ch01_tcp::cli::Args;
use ch01_tcp::client::exchange;
use ch01_tcp::server::DEFAULT_ADDR;
use ch01_tcp::trace::Trace;

const USAGE: &str = "\
ch01-client: a TCP echo client (chapter 1). Connects, sends all of stdin, shuts
down its write half, and prints everything the server sends back until it closes.

USAGE:
    ch01-client [--addr HOST:PORT] [--trace]

OPTIONS:
    --addr HOST:PORT   the server (default 127.0.0.1:7001; IPv6 as [::1]:7001)
    --trace            print every byte sent and received to stderr
    -h, --help         this text

The echo goes to stdout; the connection's two ends (our address with the
ephemeral port the kernel chose, and the server's) and a summary go to stderr.
Example: echo hello | ch01-client --addr 127.0.0.1:7001";

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let trace = Trace::new(args.flag("--trace"));
    let addr = args
        .value("--addr")?
        .unwrap_or_else(|| DEFAULT_ADDR.to_string());
    args.finish()?;

    // ANCHOR: connect
    // connect() does the three-way handshake; the kernel binds our end to an
    // ephemeral port as it does.
    let stream = TcpStream::connect(&addr).with_context(|| format!("connecting to {addr}"))?;
    let local = stream.local_addr().context("reading our own address")?;
    let peer = stream.peer_addr().context("reading the server's address")?;
    eprintln!("connected: local {local} (us, ephemeral port) -> peer {peer} (the server)");
    // ANCHOR_END: connect

    let totals = exchange(
        stream,
        &peer.to_string(),
        io::stdin(),
        &mut io::stdout().lock(),
        trace,
    )
    .with_context(|| format!("talking to {peer}"))?;
    eprintln!(
        "sent {} bytes, received {} bytes; the server closed the connection",
        totals.sent, totals.received
    );
    anyhow::ensure!(
        totals.sent == totals.received,
        "the server echoed {} of our {} bytes",
        totals.received,
        totals.sent
    );
    Ok(())
}

//! `ch02-client`: send stdin to a Unix-socket echo server and print the echo;
//! with `--bench`, measure round-trip latency over a Unix socket and over TCP.

use std::io::{self, ErrorKind};
use std::net::SocketAddr;
use std::os::unix::net::UnixStream;
use std::path::Path;

use anyhow::{Context, bail};
use ch01_tcp::cli::Args;
use ch01_tcp::trace::Trace;
use ch02_unix::bench::{self, DEFAULT_COUNT, SIZES};
use ch02_unix::server::{DEFAULT_PATH, describe};
use ch02_unix::socket_file::parse_addr;

const USAGE: &str = "\
ch02-client: talk to a Unix-socket echo server (ch02-server)

USAGE:
    ch02-client [--addr PATH] [--trace]            send stdin, print the echo
    ch02-client --bench [--addr PATH] [--count N] [--tcp HOST:PORT]

Without --bench: connects to the socket file, sends all of stdin, shuts down
its write half, and prints what comes back until the server closes.

With --bench: N round trips (write a message, read its echo) of 1 and of 64
bytes over the Unix socket, then the same over TCP on 127.0.0.1, and prints the
median and p99 of each and the TCP/Unix ratio. Use a release build:
    cargo run --release -p ch02-unix --bin ch02-client -- --bench

OPTIONS:
    --addr PATH        the server's socket file (default /tmp/ch02.sock; `unix:PATH` works too)
    --trace            print every byte sent and received to stderr
    --bench            measure round-trip latency, Unix socket vs TCP loopback
    --count N          round trips per measurement (default 10000)
    --tcp HOST:PORT    measure TCP against this echo server (e.g. a ch01-server)
                       instead of one started inside this process";

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let trace = Trace::new(args.flag("--trace"));
    let bench = args.flag("--bench");
    let path = parse_addr(&args.value("--addr")?.unwrap_or(DEFAULT_PATH.into()));
    let count = args.parsed_or("--count", DEFAULT_COUNT)?;
    let tcp = match args.value("--tcp")? {
        Some(a) => Some(a.parse::<SocketAddr>().context("--tcp")?),
        None => None,
    };
    args.finish()?;
    if bench {
        if trace.enabled() {
            bail!("--trace and --bench do not mix: printing the bytes is all we would measure");
        }
        if count == 0 {
            bail!("--count must be at least 1");
        }
        return run_bench(&path, count, tcp);
    }
    let stream = connect(&path)?;
    let local = stream.local_addr().map_or("?".into(), |a| describe(&a));
    let peer = stream.peer_addr().map_or("?".into(), |a| describe(&a));
    eprintln!("connected: local {local}, peer {peer}");
    exchange(stream, &peer, trace)
}

// ANCHOR: connect
/// Connects, turning the three usual failures into advice.
fn connect(path: &Path) -> anyhow::Result<UnixStream> {
    UnixStream::connect(path).map_err(|e| {
        let why = match e.kind() {
            ErrorKind::NotFound => "no such file: is ch02-server running?",
            // The file is there but no socket is bound to it any more.
            ErrorKind::ConnectionRefused => "nobody is listening: a stale socket file",
            // man 7 unix: connecting needs write permission on the socket file.
            ErrorKind::PermissionDenied => "no write permission on the socket file (see --mode)",
            _ => "connect failed",
        };
        anyhow::Error::new(e).context(format!("cannot connect to unix:{}: {why}", path.display()))
    })
}
// ANCHOR_END: connect

/// Chapter 1's exchange, over a Unix socket: send stdin on a second thread and
/// half-close, while copying the echo to stdout until the server closes.
fn exchange(stream: UnixStream, peer: &str, trace: Trace) -> anyhow::Result<()> {
    let totals =
        ch01_tcp::client::exchange(stream, peer, io::stdin(), &mut io::stdout().lock(), trace)
            .with_context(|| format!("talking to {peer}"))?;
    if totals.sent != totals.received {
        bail!(
            "sent {} bytes but {} came back",
            totals.sent,
            totals.received
        );
    }
    Ok(())
}

// ANCHOR: bench
/// `--bench`: the same round trips over the Unix socket and over TCP loopback.
fn run_bench(path: &Path, count: usize, tcp: Option<SocketAddr>) -> anyhow::Result<()> {
    let warmup = (count / 10).max(1);
    let mut unix = connect(path)?;
    unix.set_read_timeout(Some(bench::PATIENCE))?;
    unix.set_write_timeout(Some(bench::PATIENCE))?;
    let (tcp_addr, whose) = match tcp {
        Some(addr) => (addr, "given with --tcp"),
        None => (
            bench::tcp_echo_server().context("starting the TCP echo server")?,
            "in-process",
        ),
    };
    let mut tcp =
        bench::tcp_connect(tcp_addr).with_context(|| format!("connecting to {tcp_addr}"))?;
    println!(
        "{count} round trips per row after {warmup} warm-up, alternating blocks of {};",
        bench::BLOCK
    );
    println!("unix:{} vs tcp://{tcp_addr} ({whose})", path.display());
    let mut rows = Vec::new();
    for size in SIZES {
        let pair = bench::compare(&mut unix, &mut tcp, size, count, warmup);
        rows.extend(pair.context("round trips")?);
    }
    print!("{}", bench::report(&rows));
    Ok(())
}
// ANCHOR_END: bench

//! `ch03-nagle`: Nagle's algorithm meets delayed ACK, measured.

use std::net::SocketAddr;

use anyhow::Context;
use ch01_tcp::cli::Args;
use ch01_tcp::trace::Trace;
use ch03_socket2::nagle::{self, MAX_BODY, Mode, Summary, show};

const USAGE: &str = "\
ch03-nagle: measures request latency when a client writes a small header, then a
small body, and the server replies once both have arrived (chapter 3). Nagle's
algorithm holds the body until the header is ACKed; the server delays that ACK
(~40 ms on Linux). It prints median and p99 for three ways to send:
    write-read         header+body in one write (the baseline)
    write-write-read   two writes, Nagle on (the trap)
    write-write-read   two writes, TCP_NODELAY (the fix)

USAGE:
    ch03-nagle [--rounds N] [--body BYTES] [--addr IP:PORT] [--trace]

OPTIONS:
    --rounds N       requests per way of sending (default 40: about 2 s in all)
    --body BYTES     body size (default 100; at most 1 MiB)
    --addr IP:PORT   where the built-in responder listens (default 127.0.0.1:0)
    --trace          print every byte and each round's time to stderr
    -h, --help       this text

Run it in release mode for figures: cargo run --release -p ch03-socket2 --bin ch03-nagle";

/// A bound on the run, so a typo cannot start a run of hours (40 ms × rounds).
const MAX_ROUNDS: usize = 10_000;

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let trace = Trace::new(args.flag("--trace"));
    let rounds: usize = args.parsed_or("--rounds", 40)?;
    let body: usize = args.parsed_or("--body", 100)?;
    let default: SocketAddr = "127.0.0.1:0".parse().expect("the default address parses");
    let addr: SocketAddr = args.parsed_or("--addr", default)?;
    args.finish()?;
    anyhow::ensure!(
        (1..=MAX_ROUNDS).contains(&rounds),
        "--rounds must be 1 to {MAX_ROUNDS}"
    );
    anyhow::ensure!(body <= MAX_BODY, "--body must be at most {MAX_BODY}");

    let (server, responder) = nagle::spawn_responder(addr, Mode::ALL.len())
        .with_context(|| format!("starting the responder on {addr}"))?;
    println!(
        "{rounds} rounds each: 4-byte header + {body}-byte body, reply of the same size, responder on {server}"
    );
    println!(
        "{:<34} {:>10} {:>10}",
        "how the request is sent", "median", "p99"
    );
    for mode in Mode::ALL {
        let times = nagle::measure(server, mode, rounds, body, trace)
            .with_context(|| format!("measuring {}", mode.label()))?;
        let s = Summary::of(&times).context("no rounds were measured")?;
        println!(
            "{:<34} {:>10} {:>10}",
            mode.label(),
            show(s.median),
            show(s.p99)
        );
    }
    match responder.join() {
        Ok(result) => result.context("the responder failed"),
        Err(_) => anyhow::bail!("the responder panicked"),
    }
}

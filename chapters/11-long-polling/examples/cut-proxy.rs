//! The chaos proxy on the command line: forwards to a server and cuts every
//! connection after a random time (and byte count), to watch clients reconnect.
//!
//! ```text
//! cargo run -p ch11-long-polling --example cut-proxy -- 127.0.0.1:7011 --max-life-ms 1000
//! ```

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use ch01_tcp::cli::{Args, announce};
use ch11_long_polling::chaos::{Chaos, CutProxy};

const USAGE: &str = "\
cut-proxy: forwards TCP to UPSTREAM and cuts each connection at a random point

USAGE:
    cut-proxy UPSTREAM [--max-life-ms MS] [--max-bytes N] [--seed N]

Each connection lives a random time below --max-life-ms (default 1000) and carries a
random number of bytes up to --max-bytes (default 0: no byte limit), then both sides
are shut down. Prints the proxy's address, then a count of cuts every few seconds.";

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let life: u64 = args.parsed_or("--max-life-ms", 1000)?;
    let max_bytes: u64 = args.parsed_or("--max-bytes", 0)?;
    let seed: u64 = args.parsed_or("--seed", 11)?;
    let upstream: SocketAddr = args
        .positional()
        .context("give the upstream address, e.g. 127.0.0.1:7011")?
        .parse()
        .context("UPSTREAM must be IP:PORT")?;
    args.finish()?;
    let chaos = Chaos {
        max_bytes,
        max_life: Duration::from_millis(life),
        seed,
    };
    let proxy = CutProxy::start(upstream, chaos).context("starting the proxy")?;
    announce(&format!("tcp://{}", proxy.addr()));
    loop {
        std::thread::sleep(Duration::from_secs(5));
        eprintln!("{} connections, {} cut", proxy.connections(), proxy.cuts());
    }
}

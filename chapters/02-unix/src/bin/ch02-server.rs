//! `ch02-server`: the echo server of chapter 1 on a Unix domain socket.

use anyhow::Context;
use ch01_tcp::cli::{Args, announce};
use ch01_tcp::trace::Trace;
use ch02_unix::mode::Mode;
use ch02_unix::server::{self, Config, DEFAULT_MAX_CLIENTS, DEFAULT_PATH};
use ch02_unix::socket_file::{self, PathState, parse_addr};

const USAGE: &str = "\
ch02-server: an echo server on a Unix domain socket

USAGE:
    ch02-server [--addr PATH] [--mode OCTAL] [--trace]

Creates a socket file at PATH and echoes back every byte each client sends, a
thread per client. A stale socket file (left by a server that was killed) is
removed first; a path where a server is listening, or a path that is not a
socket, is refused and left alone. The file is removed on a normal exit; Ctrl-C
skips that, and the next start finds the stale file and removes it.
Try it:  nc -U /tmp/ch02.sock      or   ch02-client

OPTIONS:
    --addr PATH          the socket file (default /tmp/ch02.sock; `unix:PATH` works too)
    --mode OCTAL         permissions for the socket file, e.g. 0600 (only you) or 0666
                         (everyone); connecting needs write permission on the file.
                         Default: whatever the umask gives (0755 with umask 022).
    --trace              print every byte received and sent to stderr
    --max-clients N      clients served at once (default 64)
    --exit-after N       exit after serving N connections (demos and tests)";

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let trace = Trace::new(args.flag("--trace"));
    let path = parse_addr(&args.value("--addr")?.unwrap_or(DEFAULT_PATH.into()));
    let mode = match args.value("--mode")? {
        Some(m) => Some(m.parse::<Mode>().context("--mode")?),
        None => None,
    };
    let max_clients = args.parsed_or("--max-clients", DEFAULT_MAX_CLIENTS)?;
    let exit_after = match args.value("--exit-after")? {
        Some(n) => Some(n.parse::<u64>().context("--exit-after")?),
        None => None,
    };
    args.finish()?;

    // ANCHOR: main
    let bound = socket_file::bind(&path, mode).context("cannot start the server")?;
    if bound.found == PathState::Stale {
        eprintln!(
            "removed a stale socket file at {} (nobody was listening)",
            path.display()
        );
    }
    let now = Mode::of(&path).with_context(|| format!("stat {}", path.display()))?;
    eprintln!("socket file {}, mode {now}", path.display());
    announce(&format!("unix:{}", path.display()));
    let config = Config {
        trace,
        max_clients,
        exit_after,
    };
    server::serve(&bound.listener, config);
    // Only reached with --exit-after. Dropping `bound` here removes the socket
    // file; Ctrl-C never gets here (see the book: the next start cleans up).
    drop(bound);
    // ANCHOR_END: main
    Ok(())
}

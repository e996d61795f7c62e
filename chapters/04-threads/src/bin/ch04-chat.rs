//! `ch04-chat`: a line-based chat server, one thread per connection.

use std::net::TcpListener;
use std::sync::Arc;

use anyhow::Context;
use ch01_tcp::cli::{Args, announce};
use ch01_tcp::trace::Trace;
use ch04_threads::hub::Hub;
use ch04_threads::server::{self, Config, DEFAULT_MAX_LINE, DEFAULT_QUEUE};

const USAGE: &str = "\
ch04-chat: a chat room for nc and telnet, with a thread per connection

USAGE:
    ch04-chat [--addr IP:PORT] [--trace] [--max-line BYTES] [--queue MESSAGES]
              [--stack-kib KIB]

OPTIONS:
    --addr IP:PORT       where to listen (default 127.0.0.1:7004; port 0 = any free port)
    --trace              print every byte received and sent to stderr
    --max-line BYTES     longest line accepted (default 1024); longer lines are
                         dropped with an error line, the connection is kept
    --queue MESSAGES     messages queued for a slow reader (default 256); when full
                         the oldest is dropped and the reader told how many it missed
    --stack-kib KIB      stack size of the per-connection threads (default: Rust's 2 MiB)

Try it: `nc 127.0.0.1 7004` in two terminals. Type your nickname, then chat.
Commands: /who, /nick NAME, /quit, /help. Invalid UTF-8 and control bytes are
shown as U+FFFD.";

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let trace = Trace::new(args.flag("--trace"));
    let addr = args
        .value("--addr")?
        .unwrap_or_else(|| "127.0.0.1:7004".to_string());
    let max_line = args.parsed_or("--max-line", DEFAULT_MAX_LINE)?;
    let queue = args.parsed_or("--queue", DEFAULT_QUEUE)?;
    let stack_kib: Option<usize> = args
        .value("--stack-kib")?
        .map(|v| {
            v.parse()
                .with_context(|| format!("--stack-kib: cannot understand {v:?}"))
        })
        .transpose()?;
    args.finish()?;
    anyhow::ensure!(max_line > 0, "--max-line must be at least 1");
    anyhow::ensure!(queue > 0, "--queue must be at least 1");

    let listener = TcpListener::bind(&addr).with_context(|| format!("binding {addr}"))?;
    let local = listener.local_addr().context("reading the bound address")?;
    announce(&format!("tcp://{local}"));
    let config = Config {
        max_line,
        queue,
        stack_size: stack_kib.map(|k| k * 1024),
        trace,
        ..Config::default()
    };
    server::serve(listener, Arc::new(Hub::new(queue)), config).context("accept loop")
}

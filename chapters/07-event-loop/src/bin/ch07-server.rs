//! `ch07-server`: chapter 6's HTTP server (same routes, parser and responses)
//! on one thread with a mio event loop.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use ch01_tcp::cli::{Args, announce};
use ch01_tcp::trace::Trace;
use ch06_http_server::connection::HttpConfig;
use ch06_http_server::routes::{Site, default_root};
use ch07_event_loop::http::HttpService;
use ch07_event_loop::{Config, EventLoop, ReadMode};

const USAGE: &str = "\
ch07-server: chapter 6's HTTP/1.1 server on a single-threaded mio event loop (chapter 7)

USAGE:
    ch07-server [--addr IP:PORT] [--root DIR] [--read-timeout SECS] [--write-timeout SECS] [--max-body BYTES]
                [--max-conns N] [--max-write-queue BYTES] [--short-reads] [--trace]

Same routes as ch06-server: static files from --root, POST /echo, GET /time,
GET /stream?n=N. Open http://127.0.0.1:7007/ in a browser.

OPTIONS:
    --addr IP:PORT           where to listen (default 127.0.0.1:7007; port 0 picks a free port)
    --root DIR               the web root (default: chapter 6's www/ directory)
    --read-timeout SECS      time allowed for a whole request, and for an idle
                             connection (default 10; a decimal like 0.5 works)
    --write-timeout SECS     time an answer may wait with no byte taken (default 60)
    --max-body BYTES         largest request body accepted, 413 beyond (default 1048576)
    --max-conns N            connections held at once; more wait in the backlog (default 10000)
    --max-write-queue BYTES  per connection: stop reading from a client whose unsent
                             responses exceed this (backpressure) (default 262144)
    --short-reads            Linux: a short read means the socket is drained (saves a
                             read per message; not portable)
    --trace                  print each request and response head, and the loop's
                             events (accept, backpressure, close), to stderr
    --help                   this text";

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let trace = Trace::new(args.flag("--trace"));
    let short_reads = args.flag("--short-reads");
    let addr: SocketAddr = args.parsed_or("--addr", SocketAddr::from(([127, 0, 0, 1], 7007)))?;
    let root: PathBuf = args.parsed_or("--root", default_root())?;
    let timeout: f64 = args.parsed_or("--read-timeout", 10.0)?;
    let write_timeout: f64 = args.parsed_or("--write-timeout", 60.0)?;
    let max_body: usize = args.parsed_or("--max-body", HttpConfig::default().max_body)?;
    let defaults = Config::default();
    let max_conns: usize = args.parsed_or("--max-conns", defaults.max_conns)?;
    let max_write_queue: usize = args.parsed_or("--max-write-queue", defaults.max_write_queue)?;
    args.finish()?;
    if !(timeout > 0.0 && timeout < 86_400.0) {
        bail!("--read-timeout must be between 0 and 86400 seconds, not {timeout}");
    }
    if !(write_timeout > 0.0 && write_timeout < 86_400.0) {
        bail!("--write-timeout must be between 0 and 86400 seconds, not {write_timeout}");
    }
    if !root.is_dir() {
        bail!("--root {}: not a directory", root.display());
    }
    if max_conns == 0 || max_write_queue == 0 {
        bail!("--max-conns and --max-write-queue must be at least 1");
    }
    let http = HttpConfig {
        read_timeout: Duration::from_secs_f64(timeout),
        write_timeout: Duration::from_secs_f64(write_timeout),
        max_body,
        trace,
        ..HttpConfig::default()
    };
    let config = Config {
        max_conns,
        max_write_queue,
        read_mode: if short_reads {
            ReadMode::ShortReadMeansDrained
        } else {
            ReadMode::UntilWouldBlock
        },
        trace,
        // Heads are traced as text by chapter 6's http_trace, as ch06-server does.
        trace_bytes: false,
        ..defaults
    };
    let site = Site { root };
    let service = HttpService::new(Arc::new(move |req| site.handle(req)), http);
    let lp = EventLoop::bind(addr, service, config).with_context(|| format!("binding {addr}"))?;
    let local = lp.local_addr().context("reading the bound address")?;
    announce(&format!("http://{local}"));
    lp.run().context("running the event loop")?;
    Ok(())
}

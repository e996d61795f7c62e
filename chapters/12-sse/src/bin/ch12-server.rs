//! `ch12-server`: Server-Sent Events on the chapter 7 event loop, over the
//! chapter 11 feed.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use ch01_tcp::cli::{Args, announce};
use ch01_tcp::trace::Trace;
use ch06_http_server::connection::HttpConfig;
use ch07_event_loop::{Config as LoopConfig, EventLoop};
use ch12_sse::{SseConfig, SseService};

const USAGE: &str = "\
ch12-server: Server-Sent Events (text/event-stream) on one event loop (chapter 12)

USAGE:
    ch12-server [--addr IP:PORT] [--history N] [--heartbeat SECS] [--retry MS]
                [--max-write-queue BYTES] [--root DIR] [--test-hooks] [--trace]

ROUTES:
    GET  /events     an event stream: retry:, then id:/data: per event; resumes
                     after Last-Event-ID or ?after=N (event: reset if that id is
                     no longer kept); a `: heartbeat` comment when idle
    POST /publish    body = the message (UTF-8, at most 64 KiB) → {\"id\":N},
                     sent to every stream
    GET  /           a page that follows /events with EventSource (--root files)

OPTIONS:
    --addr IP:PORT           where to listen (default 127.0.0.1:7012; port 0 picks a free port)
    --history N              events kept for clients that resume (default 1000)
    --heartbeat SECS         comment sent on idle streams this often (default 15)
    --retry MS               the reconnection time each stream starts with (default 3000)
    --max-write-queue BYTES  a stream with more unsent bytes than this when an event
                             arrives is dropped; its client resumes (default 262144)
    --root DIR               the web root (default: this chapter's www/)
    --test-hooks             enable POST /drop-streams (drop every stream now) and
                             POST /end (end streams; /events answers 204 after)
    --trace                  print requests, response heads and every stream byte to stderr
    --help                   this text";

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let trace = Trace::new(args.flag("--trace"));
    let test_hooks = args.flag("--test-hooks");
    let defaults = SseConfig::default();
    let addr: SocketAddr = args.parsed_or("--addr", SocketAddr::from(([127, 0, 0, 1], 7012)))?;
    let history: usize = args.parsed_or("--history", defaults.history)?;
    let heartbeat: f64 = args.parsed_or("--heartbeat", defaults.heartbeat.as_secs_f64())?;
    let retry_ms: u64 = args.parsed_or("--retry", defaults.retry_ms)?;
    let max_write_queue: usize =
        args.parsed_or("--max-write-queue", LoopConfig::default().max_write_queue)?;
    let root: PathBuf = args.parsed_or("--root", defaults.root.clone())?;
    args.finish()?;
    if history == 0 {
        bail!("--history must be at least 1");
    }
    if !(heartbeat > 0.0 && heartbeat < 86_400.0) {
        bail!("--heartbeat must be between 0 and 86400 seconds, not {heartbeat}");
    }
    if max_write_queue == 0 {
        bail!("--max-write-queue must be at least 1");
    }
    if !root.is_dir() {
        bail!("--root {}: not a directory", root.display());
    }
    let config = SseConfig {
        root,
        history,
        heartbeat: Duration::from_secs_f64(heartbeat),
        retry_ms,
        test_hooks,
        http: HttpConfig {
            trace,
            ..defaults.http.clone()
        },
    };
    let loop_config = LoopConfig {
        max_write_queue,
        trace,
        // Heads as text and stream bytes escaped are traced by the service.
        trace_bytes: false,
        ..LoopConfig::default()
    };
    let lp = EventLoop::bind(addr, SseService::new(config), loop_config)
        .with_context(|| format!("binding {addr}"))?;
    let local = lp.local_addr().context("reading the bound address")?;
    announce(&format!("http://{local}"));
    lp.run().context("running the event loop")?;
    Ok(())
}

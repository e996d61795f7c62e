//! `ch13-server`: the showdown. One taxi, four transports, one event loop.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use ch01_tcp::cli::{Args, announce};
use ch01_tcp::trace::Trace;
use ch07_event_loop::Config;
use ch13_showdown::ShowdownConfig;
use ch13_showdown::driver::Server;

const USAGE: &str = "\
ch13-server: a taxi drives around a few blocks; its position is served four ways
at once on one event loop: short polling, long polling, SSE and WebSocket (chapter 13)

USAGE:
    ch13-server [--addr IP:PORT] [--rate HZ] [--history N] [--heartbeat SECS]
                [--root DIR] [--trace]

Open http://127.0.0.1:7013/ to watch the four side by side. Routes:
    GET  /state               the newest position (short polling)
    GET  /poll?after=N        long polling: held until an event after N (204 after 25 s)
    GET  /events              Server-Sent Events (Last-Event-ID or ?after=N resumes)
    GET  /ws?after=N          WebSocket: events as text; text you send is published
    POST /publish             publish the body as a message
    POST /cut                 drop every other connection (watch them recover)

OPTIONS:
    --addr IP:PORT     where to listen (default 127.0.0.1:7013; port 0 picks a free port)
    --rate HZ          taxi positions per second (default 10; 0 = no taxi)
    --history N        events kept for clients that resume (default 1000)
    --heartbeat SECS   SSE comment / WebSocket ping on quiet streams (default 15)
    --root DIR         the web root (default: chapter 13's www/)
    --trace            print requests, responses and pushed bytes to stderr
    --help             this text";

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let trace = Trace::new(args.flag("--trace"));
    let addr: SocketAddr = args.parsed_or("--addr", SocketAddr::from(([127, 0, 0, 1], 7013)))?;
    let rate: f64 = args.parsed_or("--rate", 10.0)?;
    let defaults = ShowdownConfig::default();
    let history: usize = args.parsed_or("--history", defaults.history)?;
    let heartbeat: f64 = args.parsed_or("--heartbeat", defaults.heartbeat.as_secs_f64())?;
    let root: PathBuf = args.parsed_or("--root", defaults.root.clone())?;
    args.finish()?;
    if !(rate.is_finite() && (0.0..=1000.0).contains(&rate)) {
        bail!("--rate must be between 0 and 1000 positions a second, not {rate}");
    }
    if !(heartbeat > 0.0 && heartbeat < 86_400.0) {
        bail!("--heartbeat must be between 0 and 86400 seconds");
    }
    if history == 0 {
        bail!("--history must be at least 1");
    }
    if !root.is_dir() {
        bail!("--root {}: not a directory", root.display());
    }
    let mut options = ShowdownConfig {
        root,
        history,
        heartbeat: Duration::from_secs_f64(heartbeat),
        ..defaults
    };
    options.http.trace = trace;
    let config = Config {
        trace,
        trace_bytes: false, // heads and pushed bytes are traced by the service
        ..Config::default()
    };
    let server = Server::start(addr, options, config, (rate > 0.0).then_some(rate))
        .with_context(|| format!("starting the server on {addr}"))?;
    announce(&format!("http://{}", server.addr));
    server.wait();
    Ok(())
}

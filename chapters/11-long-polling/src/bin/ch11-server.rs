//! `ch11-server`: long polling over an event feed, on chapter 7's event loop.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use anyhow::{Context, bail};
use ch01_tcp::cli::{Args, announce};
use ch01_tcp::trace::Trace;
use ch06_http_server::clock::iso_time;
use ch07_event_loop::{Config, EventLoop};
use ch11_long_polling::publisher::Publisher;
use ch11_long_polling::server::{LongPollConfig, LongPollService, default_root};

const USAGE: &str = "\
ch11-server: long polling over an event feed, on one event-loop thread (chapter 11)

USAGE:
    ch11-server [--addr IP:PORT] [--history N] [--tick SECS] [--root DIR] [--trace]

    GET  /poll?after=N[&timeout=S][&limit=K]
          200 [{\"id\":…,\"data\":\"…\"},…]: the events after N (at most K), held until one
          exists; 204 after S seconds (default 25); 410 if event N+1 was dropped from
          the history. Without after: only events newer than the request.
    POST /publish   body = the message; 200 {\"id\":N}
    GET  /          a page that long-polls and publishes
Try: curl 'http://127.0.0.1:7011/poll?after=0'  and  curl -d hello http://127.0.0.1:7011/publish

OPTIONS:
    --addr IP:PORT     where to listen (default 127.0.0.1:7011; port 0 picks a free port)
    --history N        events kept for clients that resume (default 1000)
    --tick SECS        publish \"tick N at TIME\" every SECS seconds from another thread
    --max-batch N      events per answer at most (default 100)
    --max-event BYTES  largest event accepted by POST /publish, 413 beyond (default 65536)
    --root DIR         the web root (default: this chapter's www/)
    --trace            print each request and response, and held/woken/timeout notes
    --help             this text";

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let trace = Trace::new(args.flag("--trace"));
    let addr: SocketAddr = args.parsed_or("--addr", SocketAddr::from(([127, 0, 0, 1], 7011)))?;
    let mut config = LongPollConfig::default();
    config.history = args.parsed_or("--history", config.history)?;
    config.poll.max_batch = args.parsed_or("--max-batch", config.poll.max_batch)?;
    config.http.max_body = args.parsed_or("--max-event", config.http.max_body)?;
    let tick: Option<f64> = args
        .value("--tick")?
        .map(|s| s.parse())
        .transpose()
        .context("--tick")?;
    let root: PathBuf = args.parsed_or("--root", default_root())?;
    args.finish()?;
    if config.history == 0 || config.poll.max_batch == 0 {
        bail!("--history and --max-batch must be at least 1");
    }
    if let Some(t) = tick
        && !(t > 0.0 && t < 86_400.0)
    {
        bail!("--tick must be between 0 and 86400 seconds, not {t}");
    }
    if !root.is_dir() {
        bail!("--root {}: not a directory", root.display());
    }
    config.root = root;
    config.http.trace = trace;
    let loop_config = Config {
        trace,
        // Heads are traced as text by chapter 6's http_trace.
        trace_bytes: false,
        ..Config::default()
    };
    let lp = EventLoop::bind(addr, LongPollService::new(config), loop_config)
        .with_context(|| format!("binding {addr}"))?;
    let local = lp.local_addr().context("reading the bound address")?;
    if let Some(secs) = tick {
        let publisher = Publisher::new(lp.handle());
        std::thread::spawn(move || {
            for n in 1u64.. {
                std::thread::sleep(Duration::from_secs_f64(secs));
                let text = format!("tick {n} at {}", iso_time(SystemTime::now()));
                if publisher.publish(text).is_err() {
                    break; // the loop stopped
                }
            }
        });
    }
    announce(&format!("http://{local}"));
    lp.run().context("running the event loop")?;
    Ok(())
}

//! `ch06-server`: the chapter's HTTP/1.1 server, a thread per connection.

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use ch01_tcp::cli::{Args, announce};
use ch01_tcp::trace::Trace;
use ch06_http_server::HttpConfig;
use ch06_http_server::routes::{Site, default_root};
use ch06_http_server::server::serve;

const USAGE: &str = "\
ch06-server: an HTTP/1.1 server with a thread per connection (chapter 6)

USAGE:
    ch06-server [--addr IP:PORT] [--root DIR] [--read-timeout SECS] [--write-timeout SECS] [--max-body BYTES] [--trace]

Serves static files from --root, and:
    POST /echo        answers with the request body
    GET  /time        the server clock as JSON (the short-polling page polls it)
    GET  /stream?n=N  N lines, sent with chunked transfer coding
Open http://127.0.0.1:7006/ in a browser for the short-polling clock.

OPTIONS:
    --addr IP:PORT        where to listen (default 127.0.0.1:7006; port 0 picks a free port)
    --root DIR            the web root (default: the chapter's www/ directory)
    --read-timeout SECS   time allowed for a whole request, and for an idle connection
                          (default 10; a decimal like 0.5 works)
    --write-timeout SECS  time an answer may wait with no byte taken (default 60)
    --max-body BYTES      largest request body accepted, 413 beyond (default 1048576)
    --trace               print each request and response head to stderr
    --help                this text";

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let trace = Trace::new(args.flag("--trace"));
    let addr: String = args.parsed_or("--addr", "127.0.0.1:7006".to_string())?;
    let root: PathBuf = args.parsed_or("--root", default_root())?;
    let timeout: f64 = args.parsed_or("--read-timeout", 10.0)?;
    let write_timeout: f64 = args.parsed_or("--write-timeout", 60.0)?;
    let max_body: usize = args.parsed_or("--max-body", HttpConfig::default().max_body)?;
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
    let config = HttpConfig {
        read_timeout: Duration::from_secs_f64(timeout),
        write_timeout: Duration::from_secs_f64(write_timeout),
        max_body,
        trace,
        ..HttpConfig::default()
    };
    let listener = TcpListener::bind(&addr).with_context(|| format!("binding {addr}"))?;
    let local = listener.local_addr().context("reading the bound address")?;
    let site = Site { root };
    announce(&format!("http://{local}"));
    serve(listener, config, Arc::new(move |req| site.handle(req))).context("serving")
}

//! `ch15-server`: chapter 13's showdown over HTTP/2 (and HTTP/1.1, on the
//! same port), over TLS or in the clear.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, bail};
use ch01_tcp::cli::{Args, announce};
use ch01_tcp::trace::Trace;
use ch07_event_loop::Config;
use ch13_showdown::ShowdownConfig;
use ch14_tls::{ALPN_H2, ALPN_HTTP1};
use ch15_http2::H2Config;

const USAGE: &str = "\
ch15-server: chapter 13's showdown (a taxi over short polling, long polling, SSE
and WebSocket) over HTTP/2 by hand, and HTTP/1.1 on the same port (chapter 15)

USAGE:
    ch15-server --cert PEM --key PEM [--addr IP:PORT] [--rate HZ] [--root DIR] [--trace]
    ch15-server --plain [--addr IP:PORT] [--rate HZ] [--root DIR] [--trace]

Over TLS it offers ALPN h2, then http/1.1: browsers pick h2, and open the
WebSocket on a stream of the same connection (RFC 8441's extended CONNECT;
with --no-extended-connect they open it over HTTP/1.1 instead).
With --plain it speaks h2c to clients with prior knowledge (the connection
preface first: nghttp, curl --http2-prior-knowledge, h2load) and HTTP/1.1 to
everyone else.
Try: nghttp -nv http://127.0.0.1:7015/state   (with --plain)

OPTIONS:
    --cert PEM         the server's certificate chain, PEM (its own certificate first)
    --key PEM          its private key, PEM
    --plain            no TLS: h2c with prior knowledge, and HTTP/1.1
    --addr IP:PORT     where to listen (default 127.0.0.1:7015; port 0 picks a free port)
    --rate HZ          taxi positions per second (default 10; 0 = no taxi)
    --root DIR         the web root (default: chapter 13's www/)
    --max-streams N    SETTINGS_MAX_CONCURRENT_STREAMS: requests at once per
                       connection (default 128)
    --idle-timeout SECS  close a connection idle this long: HTTP/1.1 between
                       requests, HTTP/2 with no stream open (GOAWAY first)
                       (default 10)
    --no-extended-connect
                       do not announce SETTINGS_ENABLE_CONNECT_PROTOCOL: no
                       WebSocket over HTTP/2, so browsers use HTTP/1.1 for it
    --trace            every HTTP/2 frame both ways, header fields decoded, and
                       HTTP/1.1 requests and responses, to stderr
    --help             this text";

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let trace = Trace::new(args.flag("--trace"));
    let plain = args.flag("--plain");
    let no_extended_connect = args.flag("--no-extended-connect");
    let addr: SocketAddr = args.parsed_or("--addr", SocketAddr::from(([127, 0, 0, 1], 7015)))?;
    let rate: f64 = args.parsed_or("--rate", 10.0)?;
    let max_streams: u32 = args.parsed_or("--max-streams", 128)?;
    let idle: f64 = args.parsed_or("--idle-timeout", 10.0)?;
    let cert: Option<PathBuf> = args.value("--cert")?.map(PathBuf::from);
    let key: Option<PathBuf> = args.value("--key")?.map(PathBuf::from);
    let mut options = ShowdownConfig::default();
    options.root = args.parsed_or("--root", options.root)?;
    args.finish()?;
    if !options.root.is_dir() {
        bail!("--root {}: not a directory", options.root.display());
    }
    if !(rate.is_finite() && (0.0..=1000.0).contains(&rate)) {
        bail!("--rate must be between 0 and 1000 positions a second, not {rate}");
    }
    if !(idle > 0.0 && idle < 86_400.0) {
        bail!("--idle-timeout must be between 0 and 86400 seconds, not {idle}");
    }
    if max_streams == 0 {
        bail!("--max-streams must be at least 1");
    }
    let tls = match (plain, cert, key) {
        (true, None, None) => None,
        (true, _, _) => bail!("--plain serves without TLS: leave out --cert and --key"),
        (false, Some(cert), Some(key)) => Some(
            ch14_tls::server_config_offering(&cert, &key, &[ALPN_H2, ALPN_HTTP1])
                .context("loading the certificate and key")?,
        ),
        (false, _, _) => bail!("--cert and --key are required, or --plain (see --help)"),
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    options.http.trace = trace;
    options.http.read_timeout = std::time::Duration::from_secs_f64(idle);
    let h2 = H2Config {
        max_concurrent_streams: max_streams,
        enable_connect_protocol: !no_extended_connect,
        ..H2Config::default()
    };
    let config = Config {
        trace,
        trace_bytes: false, // frames and heads are traced by the service
        ..Config::default()
    };
    let (server, _) = ch15_http2::server::start::start(
        addr,
        tls,
        options,
        h2,
        config,
        (rate > 0.0).then_some(rate),
    )
    .with_context(|| format!("starting the server on {addr}"))?;
    announce(&format!("{scheme}://{}", server.addr));
    server.wait();
    Ok(())
}

//! `ch14-server`: chapter 13's showdown over TLS (https and wss).

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, bail};
use ch01_tcp::cli::{Args, announce};
use ch01_tcp::trace::Trace;
use ch07_event_loop::Config;
use ch13_showdown::ShowdownConfig;
use ch13_showdown::driver::Server;

const USAGE: &str = "\
ch14-server: chapter 13's showdown (a taxi over short polling, long polling, SSE
and WebSocket) served over TLS: https:// pages and wss:// WebSockets (chapter 14)

USAGE:
    ch14-server --cert PEM --key PEM [--addr IP:PORT] [--rate HZ] [--trace]
    ch14-server --plain [--addr IP:PORT] [--rate HZ] [--trace]

Open https://127.0.0.1:7014/ (with a certificate your browser trusts). Make a
local CA and a certificate for 127.0.0.1 with openssl: see the book, chapter 14.

OPTIONS:
    --cert PEM         the server's certificate chain, PEM (its own certificate first)
    --key PEM          its private key, PEM (PKCS#8, PKCS#1 or SEC1)
    --addr IP:PORT     where to listen (default 127.0.0.1:7014; port 0 picks a free port)
    --rate HZ          taxi positions per second (default 10; 0 = no taxi)
    --plain            no TLS: plain http:// and ws://, for running behind a proxy
                       that terminates TLS (nginx in front: see the book)
    --trace            the TLS handshake (version, cipher suite, SNI, ALPN), then the
                       plaintext: requests, responses and pushed bytes, to stderr
    --help             this text";

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let trace = Trace::new(args.flag("--trace"));
    let addr: SocketAddr = args.parsed_or("--addr", SocketAddr::from(([127, 0, 0, 1], 7014)))?;
    let rate: f64 = args.parsed_or("--rate", 10.0)?;
    let cert: Option<PathBuf> = args.value("--cert")?.map(PathBuf::from);
    let key: Option<PathBuf> = args.value("--key")?.map(PathBuf::from);
    let plain = args.flag("--plain");
    args.finish()?;
    if !(rate.is_finite() && (0.0..=1000.0).contains(&rate)) {
        bail!("--rate must be between 0 and 1000 positions a second, not {rate}");
    }
    let mut options = ShowdownConfig::default();
    options.http.trace = trace;
    let config = Config {
        trace,
        trace_bytes: false, // heads and pushed bytes are traced by the service
        ..Config::default()
    };
    let rate = (rate > 0.0).then_some(rate);
    // Plaintext only when asked for by name: a missing --cert must never
    // quietly become an unencrypted server.
    let (server, scheme) = match (plain, cert, key) {
        (true, None, None) => (Server::start(addr, options, config, rate), "http"),
        (true, _, _) => bail!("--plain serves without TLS: leave out --cert and --key"),
        (false, Some(cert), Some(key)) => {
            let tls =
                ch14_tls::server_config(&cert, &key).context("loading the certificate and key")?;
            let server = ch14_tls::server::start(addr, tls, options, config, rate);
            (server, "https")
        }
        (false, _, _) => bail!("--cert and --key are required (PEM files; see --help)"),
    };
    let server = server.with_context(|| format!("starting the server on {addr}"))?;
    announce(&format!("{scheme}://{}", server.addr));
    server.wait();
    Ok(())
}

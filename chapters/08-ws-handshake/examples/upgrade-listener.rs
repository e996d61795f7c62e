//! A tiny listener that answers WebSocket handshakes and nothing more, to watch
//! the handshake with `curl -v` or a browser:
//!
//! ```text
//! cargo run -p ch08-ws-handshake --example upgrade-listener -- --trace
//! ```
//!
//! For each connection it reads one request head (chapter 5 parser), answers
//! with [`respond`] (the 101 or the error that names the broken rule), and, after
//! a 101, shows whatever frames arrive as hex for a few seconds and closes:
//! speaking WebSocket is chapter 10's job. `GET /` (without Upgrade) serves a
//! page whose script opens a WebSocket back to `/ws`, so a browser shows you
//! exactly what it sends.

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use anyhow::Context;
use ch01_tcp::cli::{Args, announce};
use ch01_tcp::trace::{Trace, hex};
use ch05_http_parser::{EMPTY_HEADER, Limits, Status, parse_request};
use ch08_ws_handshake::{HandshakeConfig, OriginPolicy, error_response, respond};

const USAGE: &str = "\
upgrade-listener: answer WebSocket opening handshakes (chapter 8), then close

USAGE:
    cargo run -p ch08-ws-handshake --example upgrade-listener -- [OPTIONS]

OPTIONS:
    --addr IP:PORT           where to listen (default 127.0.0.1:7008; port 0 = any free port)
    --protocols A,B          subprotocols we speak, preferred first (default: none)
    --allow-origin ORIGIN    also accept this Origin (e.g. https://app.example.com)
    --linger SECONDS         after a 101, how long to show incoming bytes (default 3)
    --trace                  print every byte to stderr
    -h, --help               this text";

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let trace = Trace::new(args.flag("--trace"));
    let addr = args.parsed_or("--addr", "127.0.0.1:7008".to_string())?;
    let protocols = args.value("--protocols")?.unwrap_or_default();
    let allow = args.value("--allow-origin")?;
    let linger = Duration::from_secs(args.parsed_or("--linger", 3u64)?);
    args.finish()?;

    let mut config = HandshakeConfig {
        protocols: protocols
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect(),
        origin: OriginPolicy::default(),
    };
    config.origin.allowed.extend(allow);

    let listener = TcpListener::bind(&addr).with_context(|| format!("binding {addr}"))?;
    announce(&format!("http://{}", listener.local_addr()?));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let config = config.clone();
        std::thread::spawn(move || {
            if let Err(e) = serve(stream, &config, trace, linger) {
                trace.note("-", format!("connection ended: {e:#}"));
            }
        });
    }
    Ok(())
}

/// One connection: read a head (at most 8 KiB, 5 s), answer, linger, close.
fn serve(
    mut stream: TcpStream,
    config: &HandshakeConfig,
    trace: Trace,
    linger: Duration,
) -> anyhow::Result<()> {
    let peer = stream.peer_addr()?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let limits = Limits::default();
    let mut buf = vec![0u8; limits.max_head_bytes];
    let mut filled = 0;
    let (response, upgraded) = loop {
        let n = stream
            .read(&mut buf[filled..])
            .context("reading the request")?;
        if n == 0 {
            trace.note(peer, "closed before a whole request head");
            return Ok(());
        }
        trace.note(peer, format!("read {n} bytes"));
        filled += n;
        let mut headers = [EMPTY_HEADER; 64];
        let parsed = parse_request(&buf[..filled], &mut headers, &limits);
        if let Ok(Status::Complete((req, _))) = &parsed {
            show_head(trace, peer, req);
        }
        match parsed {
            Ok(Status::Complete((req, _)))
                if req.target == "/" && req.header("upgrade").is_none() =>
            {
                trace.note(peer, "the page");
                break (page(), false);
            }
            Ok(Status::Complete((req, _))) => {
                let (bytes, verdict) = respond(&req, config);
                match &verdict {
                    Ok(a) => trace.note(peer, format!("handshake accepted: {a:?}")),
                    Err(e) => trace.note(peer, format!("handshake refused: {e}")),
                }
                break (bytes, verdict.is_ok());
            }
            Ok(Status::Partial) => continue, // the head is not all here yet
            Err(e) => {
                trace.note(peer, format!("bad request: {e}"));
                let body = format!("{e}\n");
                break (error_response(e.status(), &[], &body), false);
            }
        }
    };
    stream.write_all(&response)?;
    // The head line by line; a body only as its size (the error bodies are one line).
    let text = String::from_utf8_lossy(&response);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut shown = head.replace("\r\n", "\n    ");
    if !body.is_empty() {
        shown.push_str(&format!("\n    ({} bytes of body)", body.len()));
    }
    trace.annotated("->", peer, shown);
    if upgraded {
        show_frames(&mut stream, peer, trace, linger)?;
    }
    trace.note(peer, "closing");
    Ok(())
}

/// The request head, one field per line, in full (the raw trace cuts at 256 bytes).
fn show_head(trace: Trace, peer: std::net::SocketAddr, req: &ch05_http_parser::Request) {
    let mut text = format!("{} {} {}", req.method, req.target, req.version);
    for h in req.headers {
        text.push_str(&format!(
            "\n    {}: {}",
            h.name,
            String::from_utf8_lossy(h.value)
        ));
    }
    trace.annotated("<-", peer, text);
}

/// `GET /`: a page that opens `ws://<this host>/ws` and reports what happened in its title.
fn page() -> Vec<u8> {
    let body = "<!doctype html><title>connecting</title><pre id=log></pre><script>\n\
        const ws = new WebSocket(`ws://${location.host}/ws`, ['chat']);\n\
        const log = (s) => { document.title = s; document.getElementById('log').textContent += s + '\\n'; };\n\
        ws.onopen = () => { log('open, protocol=' + ws.protocol + ', extensions=' + JSON.stringify(ws.extensions)); ws.send('hi'); };\n\
        ws.onclose = (e) => log('closed ' + e.code);\n\
        </script>\n";
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// After the 101 the bytes are WebSocket frames; show them raw until `linger` ends.
fn show_frames(
    stream: &mut TcpStream,
    peer: std::net::SocketAddr,
    trace: Trace,
    linger: Duration,
) -> anyhow::Result<()> {
    let until = Instant::now() + linger;
    let mut buf = [0u8; 4096];
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        stream.set_read_timeout(Some(left.max(Duration::from_millis(1))))?;
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => trace.note(peer, format!("{n} bytes of frames: {}", hex(&buf[..n], 64))),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => break,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

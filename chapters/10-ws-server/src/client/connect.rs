//! Opening a WebSocket: TCP, the upgrade request, the 101 (RFC 6455 §4.1).

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use anyhow::{Context, bail};
use ch01_tcp::trace::Trace;
use ch05_http_parser::Status;
use ch08_ws_handshake::ClientHandshake;
use ch09_ws_frames::{Limits, Receiver, Role};

use super::frames::{FrameReader, FrameWriter};

/// How long connecting and the handshake may take.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest 101 response head we read.
const MAX_RESPONSE_HEAD: usize = 16 * 1024;

/// Prints a head (request or response) as text, one line per row.
fn trace_head(trace: Trace, arrow: &str, peer: &str, head: &[u8]) {
    if trace.enabled() {
        let text = String::from_utf8_lossy(head);
        let width = format!("{arrow} {peer}  ").chars().count();
        let lines: Vec<&str> = text.trim_end().split("\r\n").collect();
        trace.annotated(arrow, peer, lines.join(&format!("\n{}", " ".repeat(width))));
    }
}

// ANCHOR: connect
/// Connects to a `ws://` URL and completes the handshake. Returns the two
/// halves of the connection; bytes that came right after the 101 (a server may
/// send frames at once) are already in the reader.
pub fn connect(url: &str, trace: Trace) -> anyhow::Result<(FrameReader, FrameWriter)> {
    let handshake = ClientHandshake::new(url)?;
    let host = handshake
        .url
        .host
        .trim_start_matches('[')
        .trim_end_matches(']');
    let addr = (host, handshake.url.port)
        .to_socket_addrs()
        .with_context(|| format!("resolving {host}"))?
        .next()
        .with_context(|| format!("no address for {host}"))?;
    let mut stream = TcpStream::connect_timeout(&addr, HANDSHAKE_TIMEOUT)
        .with_context(|| format!("connecting to {addr}"))?;
    // Frames are written whole; Nagle would only hold back the last one.
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(HANDSHAKE_TIMEOUT))?;
    let peer = addr.to_string();

    let request = handshake.request();
    trace_head(trace, "->", &peer, &request);
    stream
        .write_all(&request)
        .context("sending the upgrade request")?;

    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let (negotiated, used) = loop {
        let n = stream
            .read(&mut chunk)
            .context("reading the handshake response")?;
        if n == 0 {
            bail!("the server closed the connection during the handshake");
        }
        buf.extend_from_slice(&chunk[..n]);
        match handshake.check_response(&buf) {
            Ok(Status::Complete(done)) => break done,
            Ok(Status::Partial) if buf.len() > MAX_RESPONSE_HEAD => {
                bail!("the handshake response head is over {MAX_RESPONSE_HEAD} bytes")
            }
            Ok(Status::Partial) => {}
            Err(e) => {
                trace_head(trace, "<-", &peer, &buf);
                bail!("handshake refused: {e}");
            }
        }
    };
    trace_head(trace, "<-", &peer, &buf[..used]);
    if let Some(p) = negotiated.protocol {
        trace.note(&peer, format!("subprotocol {p}"));
    }
    stream.set_read_timeout(None)?;
    let writer = FrameWriter::new(stream.try_clone()?, peer.clone(), trace);
    let rx = Receiver::with_limits(Role::Client, Limits::default());
    let reader = FrameReader::new(stream, rx, &buf[used..], peer, trace);
    Ok((reader, writer))
}
// ANCHOR_END: connect

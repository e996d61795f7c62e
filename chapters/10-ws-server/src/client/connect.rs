//! Opening a WebSocket: TCP, the upgrade request, the 101 (RFC 6455 §4.1).

use std::time::Duration;

use anyhow::Context;
use ch01_tcp::trace::Trace;
use ch06_http_server::client::{Connection, HttpError};
use ch08_ws_handshake::ClientHandshake;
use ch09_ws_frames::{Limits, Receiver, Role};

use super::frames::{FrameReader, FrameWriter};
use super::liveness::{Liveness, set_socket_options};

/// How long connecting and the handshake may take.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

// ANCHOR: connect
/// Connects to a `ws://` URL and completes the handshake. Returns the two
/// halves of the connection; bytes that came right after the 101 (a server may
/// send frames at once) are already in the reader.
///
/// The HTTP part is chapter 6's client: it sends the upgrade request, reads
/// the response head within its limits (skipping any 1xx before the 101) and
/// keeps what follows the head; chapter 8 checks the 101.
///
/// `liveness`: the heartbeat [`pump`](super::session::pump) runs (`None`:
/// none, as for Autobahn's cases). Keepalive and `TCP_USER_TIMEOUT` are set
/// either way, on its budget or the default one (`liveness.rs`).
pub fn connect_with(
    url: &str,
    trace: Trace,
    liveness: Option<Liveness>,
) -> anyhow::Result<(FrameReader, FrameWriter)> {
    let handshake = ClientHandshake::new(url)?;
    let addr = handshake.url.socket_addr();
    let mut conn = Connection::connect(&addr, HANDSHAKE_TIMEOUT, HANDSHAKE_TIMEOUT)
        .with_context(|| format!("connecting to {addr}"))?
        .with_trace(trace);
    conn.send(&handshake.request())
        .context("sending the upgrade request")?;
    let (head, _no_body) = conn.read_head().map_err(|e| match e {
        HttpError::Closed { .. } => {
            anyhow::anyhow!("the server closed the connection during the handshake")
        }
        e => anyhow::Error::new(e).context("reading the handshake response"),
    })?;
    let negotiated = handshake.check_head(head).context("handshake refused")?;
    let peer = conn.peer().to_string();
    if let Some(p) = negotiated.protocol {
        trace.note(&peer, format!("subprotocol {p}"));
    }
    let (stream, after_head) = conn.into_parts();
    // From now on the heartbeat sets the read timeout before each read (or,
    // without one, reads block until the server sends or the kernel gives up).
    stream.set_read_timeout(None)?;
    set_socket_options(&stream, &liveness.unwrap_or_default())
        .context("setting SO_KEEPALIVE and TCP_USER_TIMEOUT")?;
    let writer = FrameWriter::new(stream.try_clone()?, peer.clone(), trace);
    let rx = Receiver::with_limits(Role::Client, Limits::default());
    let reader = FrameReader::new(stream, rx, &after_head, peer, trace).with_liveness(liveness);
    Ok((reader, writer))
}
// ANCHOR_END: connect

/// [`connect_with`] without a heartbeat.
pub fn connect(url: &str, trace: Trace) -> anyhow::Result<(FrameReader, FrameWriter)> {
    connect_with(url, trace, None)
}

//! One connection, one thread: read, parse, answer, repeat.
//!
//! This is the only file of the chapter that touches a socket after `accept`.
//! It feeds what it reads to [`Incoming`], hands each complete request to the
//! handler, writes the [`Encoder`]'s bytes, and decides when to stop:
//!
//! - the response says close (the client asked, HTTP/1.0, an error) → close;
//! - the client closed its side → close;
//! - the read deadline passed → 408 if a request was half-way, else just close.
//!
//! The deadline is per request, not per read. A per-read timeout is useless
//! against slowloris, a client that sends one header byte every few seconds:
//! each byte would restart the clock and the connection would live forever.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use ch01_tcp::trace::Trace;
use ch05_http_parser::Limits;

use crate::encode::{Answering, Encoder};
use crate::http_trace;
use crate::incoming::{CONTINUE, Incoming, Next};
use crate::request::Request;
use crate::response::Response;

/// What every connection of a server shares.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Limits on a request head (431/414 beyond them).
    pub limits: Limits,
    /// The largest request body accepted (413 beyond it).
    pub max_body: usize,
    /// How long a whole request may take to arrive, and how long an idle
    /// keep-alive connection is kept.
    pub read_timeout: Duration,
    /// How long an answer may wait with no byte of it taken before the
    /// connection is dropped as stalled. Longer than `read_timeout`: a request
    /// is small and must arrive whole in time (slowloris), but a phone on a slow
    /// link reads a big answer slowly, and its own kernel may hold megabytes of
    /// it, taking nothing new for many seconds. nginx's `send_timeout`: 60 s too.
    pub write_timeout: Duration,
    /// `--trace`.
    pub trace: Trace,
}

/// Defaults: 1 MiB bodies, 10 s to send a request.
impl Default for HttpConfig {
    fn default() -> HttpConfig {
        HttpConfig {
            limits: Limits::default(),
            max_body: 1024 * 1024,
            read_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(60),
            trace: Trace::new(false),
        }
    }
}

/// How many bytes one `read` asks for.
const READ_CHUNK: usize = 16 * 1024;

// ANCHOR: serve_connection
/// Serves every request on `stream` until one side closes or times out.
pub fn serve_connection(
    mut stream: TcpStream,
    config: &HttpConfig,
    handler: &(dyn Fn(&Request) -> Response + Sync),
) -> io::Result<()> {
    let peer = stream.peer_addr()?;
    let trace = config.trace;
    trace.note(peer, "connected");
    stream.set_write_timeout(Some(config.write_timeout))?;
    // A response leaves in several writes (head, then body pieces). With Nagle's
    // algorithm on, the second small write waits for the ACK of the first, and the
    // client delays that ACK by up to 40 ms: the write-write-read stall chapter 3
    // measured (`ch03-nagle`). We never write bytes we would rather hold back, so
    // send each piece at once.
    stream.set_nodelay(true)?;
    let mut incoming = Incoming::new(config.limits, config.max_body);
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; READ_CHUNK];
    let mut deadline = Instant::now() + config.read_timeout;
    loop {
        let (used, next) = incoming.next(&buf);
        buf.drain(..used);
        match next {
            Next::Request(request) => {
                http_trace::request(&trace, peer, &request);
                let response = handler(&request);
                let mut encoder = Encoder::new(response, request.answering());
                send(&mut stream, &mut encoder, &trace, peer)?;
                if !encoder.keep_alive() {
                    break;
                }
                // A new request, a new deadline: idle time counts against it.
                deadline = Instant::now() + config.read_timeout;
            }
            Next::SendContinue => {
                http_trace::sent(&trace, peer, CONTINUE, true);
                stream.write_all(CONTINUE)?;
            }
            Next::Reject(response) => {
                let mut encoder = Encoder::new(response, Answering::broken_request());
                send(&mut stream, &mut encoder, &trace, peer)?;
                break;
            }
            Next::NeedMore => {
                let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                    timed_out(&mut stream, &incoming, &buf, &trace, peer)?;
                    break;
                };
                // set_read_timeout(Some(ZERO)) is an error: never ask for zero.
                stream.set_read_timeout(Some(left.max(Duration::from_millis(1))))?;
                match stream.read(&mut chunk) {
                    Ok(0) => {
                        if incoming.mid_request(&buf) {
                            trace.note(peer, "closed in the middle of a request");
                        } else {
                            trace.note(peer, "closed (read returned 0)");
                        }
                        return Ok(());
                    }
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    // Timeouts show up as WouldBlock on Unix; the loop re-checks the deadline.
                    Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
        }
    }
    linger_close(stream, &trace, peer);
    Ok(())
}
// ANCHOR_END: serve_connection

// ANCHOR: send
/// Writes a whole response, piece by piece as the encoder makes it: one piece
/// in memory at a time (a file body is read as it is written), and `write_all`
/// blocks while the client is slow, so a client that stops reading holds this
/// thread and one piece, until the write timeout.
///
/// A body that broke off (a file that shrank, a read error) cannot be finished:
/// `Content-Length` promised more. That is an error, so the connection is
/// dropped and the client sees a body cut short, never a padded or mis-framed one.
fn send(
    stream: &mut TcpStream,
    encoder: &mut Encoder,
    trace: &Trace,
    peer: std::net::SocketAddr,
) -> io::Result<()> {
    let mut first = true;
    while let Some(bytes) = encoder.next_bytes() {
        http_trace::sent(trace, peer, &bytes, first);
        first = false;
        stream.write_all(&bytes)?;
    }
    if let Some(e) = encoder.aborted() {
        return Err(io::Error::other(format!(
            "response aborted, closing without completing it: {e}"
        )));
    }
    stream.flush()
}
// ANCHOR_END: send

/// The deadline passed. Mid-request, the client gets a 408 (RFC 9110 §15.5.9);
/// an idle keep-alive connection is simply closed (RFC 9112 §9.5 allows it).
fn timed_out(
    stream: &mut TcpStream,
    incoming: &Incoming,
    buf: &[u8],
    trace: &Trace,
    peer: std::net::SocketAddr,
) -> io::Result<()> {
    if incoming.mid_request(buf) {
        trace.note(peer, "read timeout in the middle of a request: 408");
        let response = Response::error(408, "the request took too long to arrive").closing();
        send(
            stream,
            &mut Encoder::new(response, Answering::broken_request()),
            trace,
            peer,
        )
    } else {
        trace.note(peer, "idle timeout: closing");
        Ok(())
    }
}

// ANCHOR: linger_close
/// Closes without losing the last response (RFC 9112 §9.6). Closing a socket
/// whose receive buffer still holds unread bytes (a body we refused, a pipelined
/// request) makes the kernel send RST, and the RST can destroy the response
/// before the client reads it. So: shut down our sending side (the client sees
/// EOF after the response), drain what it still sends, for a short while, then close.
fn linger_close(mut stream: TcpStream, trace: &Trace, peer: std::net::SocketAddr) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut sink = [0u8; 4096];
    let mut drained = 0usize;
    let until = Instant::now() + Duration::from_secs(1);
    while drained < 1024 * 1024 && Instant::now() < until {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
    trace.note(peer, "closed");
}
// ANCHOR_END: linger_close

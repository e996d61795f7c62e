//! Solution: drain a non-blocking listener.

use std::io::{self, ErrorKind};
use std::net::{SocketAddr, TcpListener, TcpStream};

/// Accepts the connections waiting on the non-blocking `listener`, at most `max`.
pub fn accept_ready(
    listener: &TcpListener,
    max: usize,
) -> io::Result<Vec<(TcpStream, SocketAddr)>> {
    let mut accepted = Vec::new();
    // The limit keeps one flood of clients from holding the loop forever.
    while accepted.len() < max {
        match listener.accept() {
            Ok((stream, peer)) => {
                // Don't rely on inheritance either way: it differs by OS.
                stream.set_nonblocking(false)?;
                accepted.push((stream, peer));
            }
            // The queue is empty for now: not an error, just "come back later".
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            // A signal, or a client that reset while queued: try the next one.
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::Interrupted | ErrorKind::ConnectionAborted
                ) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(accepted)
}

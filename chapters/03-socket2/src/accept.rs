//! Accepting on a non-blocking listener: meet `WouldBlock`, nap, try again.
//!
//! A blocking `accept` sleeps in the kernel until a client arrives. A non-blocking
//! one returns at once, with `ErrorKind::WouldBlock` ("EAGAIN") when the accept
//! queue is empty. That is the building block of an event loop, but on its own it
//! leaves a question: when to try again? Here we simply nap and retry, which costs
//! up to `nap` of latency per connection and wakes the CPU for nothing while idle.
//! Chapter 7 replaces the nap with `mio::Poll`, which sleeps until the kernel says
//! the listener is readable (epoll on Linux).

use std::io::{self, ErrorKind};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

/// One accepted connection, and how many times `accept` said "nothing yet" first.
#[derive(Debug)]
pub struct Accepted {
    /// The connected socket, switched back to blocking mode.
    pub stream: TcpStream,
    /// The client's address and port.
    pub peer: SocketAddr,
    /// How many `WouldBlock`s this accept met before a client arrived.
    pub would_blocks: u64,
}

// ANCHOR: polling
/// Accepts one connection from a non-blocking `listener`, napping `nap` after
/// every `WouldBlock`. Waits as long as it takes, like a blocking accept would.
pub fn accept_polling(listener: &TcpListener, nap: Duration) -> io::Result<Accepted> {
    let mut would_blocks = 0;
    loop {
        match listener.accept() {
            Ok((stream, peer)) => {
                // Linux does not copy O_NONBLOCK to the accepted socket, BSDs and
                // macOS do: say what we want instead of relying on either.
                stream.set_nonblocking(false)?;
                return Ok(Accepted {
                    stream,
                    peer,
                    would_blocks,
                });
            }
            // The accept queue is empty: no client has completed a handshake.
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                would_blocks += 1;
                thread::sleep(nap);
            }
            // A signal arrived during the call: just try again.
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            // A client that connected and reset before we accepted it: not our
            // problem, and not a reason to stop serving everyone else.
            Err(e) if e.kind() == ErrorKind::ConnectionAborted => {}
            Err(e) => return Err(e),
        }
    }
}
// ANCHOR_END: polling

//! The echo client: send all of the input, shut down our write half, and read
//! the echo until the server closes.
//!
//! Sending and receiving run at the same time, on two threads. If we first sent
//! everything and only then read, a large input would deadlock: the server
//! echoes as it reads, its writes stall once our receive buffer is full (we are
//! not reading), so it stops reading, so our send buffer fills and our writes
//! stall too. Each side waits for the other, forever.

use std::fmt;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use crate::echo::BUFFER;
use crate::trace::Trace;

/// What went wrong in the client, and where.
#[derive(Debug)]
pub enum EchoClientError {
    /// The socket could not be duplicated for the sending thread.
    Clone(io::Error),
    /// Reading our own input (stdin) failed.
    Input(io::Error),
    /// Sending to the server failed (`BrokenPipe`: the server closed first).
    Send(io::Error),
    /// Shutting down our write half failed.
    Shutdown(io::Error),
    /// Receiving from the server failed (`ConnectionReset`: it aborted).
    Receive(io::Error),
    /// Writing what came back to our output (stdout) failed.
    Output(io::Error),
    /// The server closed the connection while we still had input to send.
    ClosedEarly {
        /// Bytes received before the server closed.
        received: u64,
    },
}

impl fmt::Display for EchoClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EchoClientError::Clone(e) => write!(f, "cannot duplicate the socket: {e}"),
            EchoClientError::Input(e) => write!(f, "reading the input failed: {e}"),
            EchoClientError::Send(e) => write!(f, "sending to the server failed: {e}"),
            EchoClientError::Shutdown(e) => write!(f, "shutting down our write half failed: {e}"),
            EchoClientError::Receive(e) => write!(f, "receiving from the server failed: {e}"),
            EchoClientError::Output(e) => write!(f, "writing the output failed: {e}"),
            EchoClientError::ClosedEarly { received } => write!(
                f,
                "the server closed the connection before all input was sent \
                 ({received} bytes came back)"
            ),
        }
    }
}

impl std::error::Error for EchoClientError {}

/// What one exchange moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    /// Bytes of input sent to the server.
    pub sent: u64,
    /// Bytes received back before end of stream.
    pub received: u64,
}

/// A connected byte stream that can be duplicated and half-closed. TCP sockets
/// are; chapter 2's Unix domain sockets are too, so both clients share
/// [`exchange`].
pub trait Duplex: Read + Write + Send + Sized + 'static {
    /// A second handle to the same socket (`dup(2)`), for the sending thread.
    fn duplicate(&self) -> io::Result<Self>;
    /// `shutdown(SHUT_WR)`: send our FIN, keep reading.
    fn shutdown_write(&self) -> io::Result<()>;
}

impl Duplex for TcpStream {
    fn duplicate(&self) -> io::Result<Self> {
        self.try_clone()
    }
    fn shutdown_write(&self) -> io::Result<()> {
        self.shutdown(Shutdown::Write)
    }
}

#[cfg(unix)]
impl Duplex for std::os::unix::net::UnixStream {
    fn duplicate(&self) -> io::Result<Self> {
        self.try_clone()
    }
    fn shutdown_write(&self) -> io::Result<()> {
        self.shutdown(Shutdown::Write)
    }
}

// ANCHOR: exchange
/// Sends all of `input` to the server on a second thread, then shuts down the
/// write half; meanwhile copies whatever comes back to `output` until the
/// server closes (read returns 0). `peer` names the server in `--trace` lines.
pub fn exchange<S: Duplex>(
    stream: S,
    peer: &str,
    input: impl Read + Send + 'static,
    output: &mut impl Write,
    trace: Trace,
) -> Result<Totals, EchoClientError> {
    let peer = peer.to_string();
    // try_clone duplicates the file descriptor: two handles to one socket, so
    // one thread can write while this one reads.
    let writer = stream.duplicate().map_err(EchoClientError::Clone)?;
    let (done_tx, done_rx) = mpsc::channel();
    {
        let peer = peer.clone();
        thread::spawn(move || {
            let _ = done_tx.send(send_all(input, writer, &peer, trace));
        });
    }
    let received = receive_all(stream, output, &peer, trace)?;
    // The server closed. Normally that is because our FIN reached it, so the
    // sending thread has finished; if it has not, the server closed on its own
    // while we were still sending (or waiting for input).
    match done_rx.recv_timeout(Duration::from_secs(2)) {
        Ok(Ok(sent)) => Ok(Totals { sent, received }),
        Ok(Err(EchoClientError::Send(e))) if is_closed(&e) => {
            Err(EchoClientError::ClosedEarly { received })
        }
        Ok(Err(e)) => Err(e),
        Err(_) => Err(EchoClientError::ClosedEarly { received }),
    }
}

// ANCHOR_END: exchange

// ANCHOR: send_all
/// Copies `input` into the socket, then half-closes it: `shutdown(Write)` sends
/// our FIN, telling the server "no more data from me" while we keep reading
/// (RFC 9293 §3.6: a closed direction can still receive).
fn send_all(
    mut input: impl Read,
    mut socket: impl Duplex,
    peer: &str,
    trace: Trace,
) -> Result<u64, EchoClientError> {
    let mut buf = [0u8; BUFFER];
    let mut sent = 0u64;
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(EchoClientError::Input(e)),
        };
        socket.write_all(&buf[..n]).map_err(EchoClientError::Send)?;
        trace.send(peer, &buf[..n]);
        sent += n as u64;
    }
    socket.shutdown_write().map_err(EchoClientError::Shutdown)?;
    trace.note(peer, "we shut down our write half (FIN sent)");
    Ok(sent)
}

// ANCHOR_END: send_all

// ANCHOR: receive_all
/// Copies from the socket to `output` until end of stream.
fn receive_all(
    mut socket: impl Read,
    output: &mut impl Write,
    peer: &str,
    trace: Trace,
) -> Result<u64, EchoClientError> {
    let mut buf = [0u8; BUFFER];
    let mut received = 0u64;
    loop {
        let n = match socket.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(EchoClientError::Receive(e)),
        };
        trace.recv(peer, &buf[..n]);
        // Flush at once so a person typing sees each echo as it comes back.
        output
            .write_all(&buf[..n])
            .and_then(|()| output.flush())
            .map_err(EchoClientError::Output)?;
        received += n as u64;
    }
    trace.note(peer, "server closed its write half (read returned 0)");
    Ok(received)
}
// ANCHOR_END: receive_all

/// The errors a write gets when the peer has closed or reset the connection.
fn is_closed(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::BrokenPipe | ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted
    )
}

/// How `--trace` names a TCP peer: `127.0.0.1:7001`.
pub fn peer_name(stream: &TcpStream) -> String {
    stream
        .peer_addr()
        .map_or_else(|_| "?".to_string(), |a: SocketAddr| a.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    #[test]
    fn exchange_with_a_server_thread() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            crate::echo::echo(&mut s, "client", Trace::new(false)).unwrap()
        });
        let input: Vec<u8> = (0..300_000u32).map(|i| (i % 241) as u8).collect();
        let mut out = Vec::new();
        let stream = TcpStream::connect(addr).unwrap();
        let totals = exchange(
            stream,
            "server",
            io::Cursor::new(input.clone()),
            &mut out,
            Trace::new(false),
        )
        .unwrap();
        assert_eq!(
            totals,
            Totals {
                sent: input.len() as u64,
                received: input.len() as u64
            }
        );
        assert_eq!(out, input);
        assert_eq!(server.join().unwrap(), input.len() as u64);
    }
}

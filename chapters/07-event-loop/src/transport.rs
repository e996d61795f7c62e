//! The one seam a connection's bytes pass through between the socket and the
//! application: plain TCP here, TLS in chapter 14.
//!
//! The loop never calls `read`, `write` or `shutdown` on a `TcpStream` itself:
//! it calls a [`Transport`]. What goes *in* on the application's side is
//! plaintext (the bytes `on_data` sees and `cx.write` queues); what goes out
//! on the socket's side is whatever the transport makes of it. For [`Plain`]
//! the two are the same bytes, and every method is one syscall or nothing.
//!
//! ```text
//!   on_data ◀── read(buf) ◀──┐                      ┌── socket (mio TcpStream)
//!                            │  Transport           │
//!   write queue ── write() ──┤  Plain: the same     ├──▶ kernel
//!                            │  TLS:  records,      │
//!   (nothing) ─── flush() ───┘  handshake, alerts   └── its own bytes: wants_write()
//! ```
//!
//! Why the trait has the shape it has: rustls is *sans-I/O*. A
//! `rustls::ServerConnection` never touches a socket; you feed it ciphertext
//! (`read_tls` from the socket, then `process_new_packets`), take plaintext
//! out (`reader().read`), put plaintext in (`writer().write`) and move the
//! ciphertext it produced to the socket (`write_tls`, while `wants_write()`).
//! So a TLS transport needs, from the loop:
//!
//! - `read`: "give me plaintext": it reads ciphertext from the socket and
//!   decrypts inside; `WouldBlock` when the socket has no more, `Ok(0)` at the
//!   end (close_notify, or the TCP FIN).
//! - `write`: "take this plaintext": it encrypts into its own buffer and
//!   pushes what it can to the socket.
//! - `wants_write` + `flush`: bytes of its *own* to send, that no `cx.write`
//!   queued: the handshake's records after a read, an alert, close_notify. The
//!   loop keeps WRITABLE interest while `wants_write()` is true and calls
//!   `flush` when the socket has room, even with an empty write queue.
//! - `shutdown_write`: our side is done. Plain TCP sends its FIN now; TLS
//!   queues close_notify first (RFC 8446 §6.1) and sends the FIN from `flush`
//!   once that record is out.
//! - `source`: the socket to register with `Poll` (readiness is the socket's,
//!   whatever sits on top of it).
//!
//! There is exactly one such seam, so that TLS is added in one place and the
//! HTTP, WebSocket and SSE code above it stays the same code.
//!
//! The loop is generic over its transport (`EventLoop<S, T = Plain>`), not
//! holding a `Box<dyn Transport>` per connection: a call through the trait on
//! [`Plain`] compiles to the same `read(2)`/`write(2)` as before, and
//! `wants_write()` to a constant `false` that removes its branch; a box would
//! cost an allocation and 16 bytes per idle connection, and an indirect call
//! per read and write.

use std::io::{self, Read, Write};
use std::net::Shutdown;

use mio::net::TcpStream;

// ANCHOR: transport
/// How the loop reads and writes one connection's bytes.
///
/// All methods are non-blocking: `WouldBlock` means "wait for the next
/// readiness event", as for a socket.
pub trait Transport {
    /// Reads plaintext into `buf`. `Ok(0)`: the peer will send nothing more.
    /// With [`ReadMode::ShortReadMeansDrained`](crate::ReadMode), returning
    /// fewer bytes than `buf.len()` must mean the socket is drained for now.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize>;

    /// Writes (some of) the plaintext `buf`; returns how much it took.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize>;

    /// Whether the transport holds bytes of its own for the socket (TLS
    /// handshake records, alerts, close_notify). The loop keeps WRITABLE
    /// interest while this is true, even when its write queue is empty.
    fn wants_write(&self) -> bool {
        false
    }

    /// Sends the transport's own bytes. `WouldBlock` if the socket is full.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }

    /// Ends our sending side, once everything queued has been written.
    fn shutdown_write(&mut self) -> io::Result<()>;

    /// The socket underneath, to register with `Poll`.
    fn source(&mut self) -> &mut TcpStream;
}
// ANCHOR_END: transport

/// Plain TCP: the bytes the application queues are the bytes on the wire.
#[derive(Debug)]
pub struct Plain(pub TcpStream);

impl Transport for Plain {
    #[inline]
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }

    #[inline]
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn shutdown_write(&mut self) -> io::Result<()> {
        self.0.shutdown(Shutdown::Write)
    }

    fn source(&mut self) -> &mut TcpStream {
        &mut self.0
    }
}

/// Makes a connection's transport from the socket just accepted (a TLS
/// transport starts its handshake state here). `EventLoop::bind` uses
/// [`Plain`]; [`EventLoop::with_transport`](crate::EventLoop::with_transport)
/// takes any.
pub type Wrap<T> = Box<dyn FnMut(TcpStream) -> io::Result<T> + Send>;

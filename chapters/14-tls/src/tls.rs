//! The TLS transport: rustls driven sans-I/O through chapter 7's seam.
//!
//! A `rustls::ServerConnection` is a state machine with two buffers and no
//! socket. Ciphertext goes in with `read_tls` and is decrypted by
//! `process_new_packets`; plaintext comes out of `reader()`. Plaintext goes in
//! with `writer()`, is encrypted into records, and leaves with `write_tls`.
//! The handshake is the same machine: the ClientHello arrives through
//! `read_tls`, and the server's flight (ServerHello, certificate, Finished)
//! simply appears as bytes waiting to be written, `wants_write()`.
//!
//! ```text
//!          socket                 ServerConnection                 the loop
//!   ciphertext ── read_tls ──▶ process_new_packets ── reader() ──▶ on_data
//!   ciphertext ◀─ write_tls ── records, alerts,   ◀── writer() ─── write queue
//!                              close_notify
//! ```
//!
//! So [`Tls`] implements [`Transport`] and nothing above it changes: HTTP,
//! SSE and WebSocket code sees the same plaintext it saw over [`Plain`]
//! (`ch07_event_loop::Plain`).
//!
//! A client's `rustls::ClientConnection` is the same machine with the roles
//! swapped, so the same transport drives one too ([`Tls::client`]): that is
//! how chapter 14's bench loads our servers over wss, through this code.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::sync::Arc;

use ch01_tcp::trace::Trace;
use ch07_event_loop::Transport;

use crate::records::RecordTracer;
use mio::net::TcpStream;
use rustls::{ClientConnection, Connection, ServerConfig, ServerConnection};

/// One connection's TLS state and its socket.
pub struct Tls {
    /// A server's connection (what the loop accepts), or a client's.
    conn: Connection,
    sock: TcpStream,
    peer: SocketAddr,
    trace: Trace,
    /// `shutdown_write` was called: the FIN follows close_notify.
    closing: bool,
    /// The FIN is sent.
    fin_sent: bool,
    /// The handshake's outcome (version, SNI, ALPN) was traced.
    announced: bool,
    /// With `--trace`: record boundaries in each direction.
    records_in: RecordTracer,
    records_out: RecordTracer,
}

/// The socket as rustls reads and writes it under `--trace`: every record
/// header that passes is named (see `records.rs`).
struct Traced<'a> {
    sock: &'a mut TcpStream,
    records: &'a mut RecordTracer,
    trace: Trace,
    peer: SocketAddr,
    arrow: &'static str,
}

impl Traced<'_> {
    fn note(&mut self, bytes: &[u8]) {
        for line in self.records.feed(bytes) {
            self.trace.annotated(self.arrow, self.peer, line);
        }
    }
}

impl Read for Traced<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.sock.read(buf)?;
        self.note(&buf[..n]);
        Ok(n)
    }
}

impl Write for Traced<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.sock.write(buf)?;
        self.note(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.sock.flush()
    }
}

impl Tls {
    /// Wraps a socket just accepted; the handshake starts with the first read.
    pub fn new(config: Arc<ServerConfig>, sock: TcpStream, trace: Trace) -> io::Result<Tls> {
        let conn = ServerConnection::new(config).map_err(io::Error::other)?;
        Tls::wrap(Connection::Server(conn), sock, trace)
    }

    /// The client side: `conn` (its handshake done or not) over `sock`,
    /// non-blocking. Plaintext rustls has already decrypted (say, what
    /// followed a 101 read through a blocking stream) is read first.
    pub fn client(conn: ClientConnection, sock: TcpStream) -> io::Result<Tls> {
        Tls::wrap(Connection::Client(conn), sock, Trace::new(false))
    }

    fn wrap(conn: Connection, sock: TcpStream, trace: Trace) -> io::Result<Tls> {
        let peer = sock.peer_addr()?;
        Ok(Tls {
            conn,
            sock,
            peer,
            trace,
            closing: false,
            fin_sent: false,
            announced: false,
            records_in: RecordTracer::new(),
            records_out: RecordTracer::new(),
        })
    }

    /// The server name the client asked for (SNI, RFC 6066 §3), once its
    /// ClientHello has been read.
    pub fn server_name(&self) -> Option<&str> {
        match &self.conn {
            Connection::Server(conn) => conn.server_name(),
            Connection::Client(_) => None,
        }
    }

    /// The application protocol both sides agreed on (ALPN, RFC 7301).
    pub fn alpn(&self) -> Option<&[u8]> {
        self.conn.alpn_protocol()
    }

    /// Traces, once, what the handshake settled.
    fn announce(&mut self) {
        if self.announced || self.conn.is_handshaking() {
            return;
        }
        self.announced = true;
        if self.trace.enabled() {
            let version = self.conn.protocol_version();
            let suite = self.conn.negotiated_cipher_suite().map(|s| s.suite());
            let alpn = self.alpn().map(String::from_utf8_lossy);
            self.trace.note(
                self.peer,
                format!(
                    "TLS handshake done: {version:?}, {suite:?}, SNI {:?}, ALPN {alpn:?}",
                    self.server_name()
                ),
            );
        }
    }

    // ANCHOR: send_tls
    /// Moves the records rustls has ready (handshake flights, encrypted data,
    /// alerts, close_notify) to the socket, until none are left or the
    /// socket is full (`WouldBlock`).
    fn send_tls(&mut self) -> io::Result<()> {
        while self.conn.wants_write() {
            if self.trace.enabled() {
                let mut sock = Traced {
                    sock: &mut self.sock,
                    records: &mut self.records_out,
                    trace: self.trace,
                    peer: self.peer,
                    arrow: "->",
                };
                self.conn.write_tls(&mut sock)?;
            } else {
                self.conn.write_tls(&mut self.sock)?;
            }
        }
        Ok(())
    }
    // ANCHOR_END: send_tls

    // ANCHOR: fail
    /// The peer broke TLS (garbage, plain HTTP, a bad handshake). rustls has
    /// queued an alert saying why (RFC 8446 §6.2); send it now, best effort,
    /// because the loop closes the connection as soon as `read` fails.
    fn fail(&mut self, err: rustls::Error) -> io::Error {
        let _ = self.send_tls();
        self.trace
            .note(self.peer, format!("TLS failed, alert sent: {err}"));
        io::Error::new(ErrorKind::InvalidData, err)
    }
    // ANCHOR_END: fail
}

impl Transport for Tls {
    // ANCHOR: read
    /// Plaintext into `buf`: what rustls already decrypted, then more records
    /// from the socket, until `buf` is full or the socket says `WouldBlock`.
    /// So a short read still means "the socket is drained", as chapter 7's
    /// `ReadMode::ShortReadMeansDrained` assumes, even though one socket read
    /// can hold half a record, or a handshake message and no plaintext at all.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut n = 0;
        loop {
            match self.conn.reader().read(&mut buf[n..]) {
                Ok(0) => return Ok(n), // buf full, or close_notify: no more plaintext
                Ok(k) => {
                    n += k;
                    continue;
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => {} // need more records
                // A FIN without close_notify: the end all the same (HTTP and
                // WebSocket frame their own messages, so a cut one is seen).
                Err(e) if e.kind() == ErrorKind::UnexpectedEof => return Ok(n),
                Err(e) => return Err(e),
            }
            let got = if self.trace.enabled() {
                let mut sock = Traced {
                    sock: &mut self.sock,
                    records: &mut self.records_in,
                    trace: self.trace,
                    peer: self.peer,
                    arrow: "<-",
                };
                self.conn.read_tls(&mut sock)
            } else {
                self.conn.read_tls(&mut self.sock)
            };
            match got {
                Ok(0) => {} // the FIN: `reader()` reports it on the next round
                Ok(_) => {
                    if let Err(err) = self.conn.process_new_packets() {
                        return Err(self.fail(err));
                    }
                    self.announce();
                }
                // Drained. Handshake records may now wait (`wants_write`):
                // the loop flushes them on `WouldBlock`.
                Err(e) if e.kind() == ErrorKind::WouldBlock && n > 0 => return Ok(n),
                Err(e) => return Err(e),
            }
        }
    }
    // ANCHOR_END: read

    // ANCHOR: write
    /// Encrypts (some of) `buf`. Records already waiting go first, and while
    /// the socket will not take them we take no more plaintext: what rustls
    /// holds stays bounded, and backpressure reaches the loop's write queue.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.send_tls()?;
        let n = self.conn.writer().write(buf)?;
        match self.send_tls() {
            Err(e) if e.kind() == ErrorKind::WouldBlock => {} // `wants_write` says so
            other => other?,
        }
        if n == 0 && !buf.is_empty() {
            // rustls' buffer is full (plaintext before the handshake ends):
            // `Ok(0)` would tell the loop the peer is gone, so wait instead.
            return Err(ErrorKind::WouldBlock.into());
        }
        Ok(n)
    }
    // ANCHOR_END: write

    // ANCHOR: flush
    fn wants_write(&self) -> bool {
        self.conn.wants_write() || (self.closing && !self.fin_sent)
    }

    /// Our own records, then (once close_notify is out) the FIN.
    fn flush(&mut self) -> io::Result<()> {
        self.send_tls()?;
        if self.closing && !self.fin_sent {
            self.fin_sent = true;
            self.sock.shutdown(Shutdown::Write)?;
        }
        Ok(())
    }

    /// close_notify first (RFC 8446 §6.1: "each party MUST send a
    /// close_notify alert before closing its write side"), then the FIN,
    /// now or from `flush` when the socket has room.
    fn shutdown_write(&mut self) -> io::Result<()> {
        self.conn.send_close_notify();
        self.closing = true;
        match self.flush() {
            Err(e) if e.kind() == ErrorKind::WouldBlock => Ok(()),
            other => other,
        }
    }
    // ANCHOR_END: flush

    fn source(&mut self) -> &mut TcpStream {
        &mut self.sock
    }
}

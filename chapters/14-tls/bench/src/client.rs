//! The bench's TLS clients: rustls trusting chapter 14's test CA, one TLS
//! version at a time, with or without session resumption; sockets from
//! 127.0.0.2–9 (chapter 7's bench), and a socket wrapper that counts what
//! crosses it *below* rustls: ciphertext bytes, records, and the client's
//! flights.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use ch07_bench::load::connect_from;
use ch14_tls::Tls;
use ch14_tls::records::RecordTracer;
use ch14_tls::testing::Pki;
use rustls::client::Resumption;
use rustls::pki_types::ServerName;
use rustls::{ClientConfig, ClientConnection, StreamOwned, SupportedProtocolVersion};

/// The name every bench client asks for (SNI) and checks: the test
/// certificate is for `localhost` and `127.0.0.1`.
pub const NAME: &str = "localhost";

/// How long any blocking step may take.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The TLS versions measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// TLS 1.2 (RFC 5246): two round trips for a full handshake.
    Tls12,
    /// TLS 1.3 (RFC 8446): one.
    Tls13,
}

impl Version {
    /// As rustls names it.
    pub fn rustls(self) -> &'static SupportedProtocolVersion {
        match self {
            Version::Tls12 => &rustls::version::TLS12,
            Version::Tls13 => &rustls::version::TLS13,
        }
    }

    /// As the tables print it.
    pub fn name(self) -> &'static str {
        match self {
            Version::Tls12 => "TLS 1.2",
            Version::Tls13 => "TLS 1.3",
        }
    }
}

/// Which key exchange the client offers first: it sends a key share for that
/// group only, and the server takes it (RFC 8446 §4.2.8; rustls and OpenSSL
/// servers follow the client's order), so this choice decides the costliest
/// step of a full or a resumed handshake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyShare {
    /// X25519 first, then P-256 and P-384: what browsers and curl offer
    /// (browsers put a post-quantum hybrid, X25519MLKEM768, before it).
    X25519,
    /// rustls 0.23.48's *ring* provider as it comes: P-384 first
    /// (`rustls::crypto::ring::DEFAULT_KX_GROUPS`), whose *ring*
    /// implementation is far slower than X25519's.
    RingDefault,
}

/// A client configuration trusting `pki`'s CA, speaking only `version`,
/// offering `share` first. With `resume`, rustls' default in-memory session
/// cache: the next handshake with the same server name offers the ticket
/// (TLS 1.3, a PSK, RFC 8446 §4.6.1) or the session id (TLS 1.2) the last one
/// left; without, every handshake is a full one.
pub fn client_config(
    pki: &Pki,
    version: Version,
    resume: bool,
    share: KeyShare,
) -> Arc<ClientConfig> {
    let resumption = if resume {
        Resumption::default()
    } else {
        Resumption::disabled()
    };
    #[allow(deprecated)] // ring: see chapter 14's config.rs
    let mut provider = rustls::crypto::ring::default_provider();
    if share == KeyShare::X25519 {
        use rustls::crypto::ring::kx_group::{SECP256R1, SECP384R1, X25519};
        provider.kx_groups = vec![X25519, SECP256R1, SECP384R1];
    }
    pki.client_config_with(provider, &[version.rustls()], resumption)
}

/// A socket, counting what crosses it: everything rustls reads and writes,
/// so ciphertext and record headers included.
#[derive(Debug)]
pub struct Counted<S> {
    inner: S,
    /// Bytes read from the socket.
    pub bytes_in: u64,
    /// Bytes written to it.
    pub bytes_out: u64,
    /// Records read (their headers found by chapter 14's [`RecordTracer`]).
    pub records_in: u64,
    /// Runs of writes with no read in between that returned data: the
    /// client's flights. A client that must wait for the server before it can
    /// go on has made one round trip per flight.
    pub flights: u32,
    writing: bool,
    tracer: RecordTracer,
}

impl<S> Counted<S> {
    /// Starts counting at zero.
    pub fn new(inner: S) -> Counted<S> {
        Counted {
            inner,
            bytes_in: 0,
            bytes_out: 0,
            records_in: 0,
            flights: 0,
            writing: false,
            tracer: RecordTracer::new(),
        }
    }
}

impl<S: Read> Read for Counted<S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            self.bytes_in += n as u64;
            self.records_in += self.tracer.feed(&buf[..n]).len() as u64;
            self.writing = false;
        }
        Ok(n)
    }
}

impl<S: Write> Write for Counted<S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        if n > 0 {
            self.bytes_out += n as u64;
            if !self.writing {
                self.flights += 1;
                self.writing = true;
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A blocking TCP connection from 127.0.0.(2 + i mod 8) to `addr`, with
/// [`TIMEOUT`] on reads.
pub fn connect_tcp(i: usize, addr: SocketAddr) -> io::Result<TcpStream> {
    let sock = connect_from(i, addr)?;
    sock.set_read_timeout(Some(TIMEOUT))?;
    Ok(sock)
}

/// A TLS client over `sock` (blocking), its handshake done.
pub fn handshake<S: Read + Write>(
    sock: S,
    config: &Arc<ClientConfig>,
) -> io::Result<StreamOwned<ClientConnection, S>> {
    let name = ServerName::try_from(NAME).map_err(io::Error::other)?;
    let conn = ClientConnection::new(config.clone(), name).map_err(io::Error::other)?;
    let mut tls = StreamOwned::new(conn, sock);
    while tls.conn.is_handshaking() {
        tls.conn.complete_io(&mut tls.sock)?;
    }
    Ok(tls)
}

/// A WebSocket on `addr` + `path` over TLS, from connection number `i`:
/// the TLS handshake and chapter 10 bench's upgrade on a blocking socket,
/// then the socket made non-blocking inside chapter 14's own [`Tls`]
/// transport, client side, for chapter 10's echo load client.
pub fn connect_wss(
    i: usize,
    addr: SocketAddr,
    path: &str,
    config: &Arc<ClientConfig>,
) -> io::Result<Tls> {
    let mut tls = handshake(connect_tcp(i, addr)?, config)?;
    ch10_bench::echo_load::upgrade(&mut tls, i, addr, path)?;
    let StreamOwned { conn, sock } = tls;
    sock.set_read_timeout(None)?;
    sock.set_nonblocking(true)?;
    Tls::client(conn, mio::net::TcpStream::from_std(sock))
}

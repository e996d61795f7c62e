//! The echo server: a listening socket, an accept loop, and one thread per
//! connection running [`crate::echo::echo`].
//!
//! Two kinds of socket are at work here. The *listening* socket is bound to one
//! address and port (`127.0.0.1:7001`) and never carries data: it only hands out
//! connections. Each `accept` returns a new *connected* socket, identified by four
//! numbers: our address and port, and the client's address and (ephemeral) port.
//! RFC 9293 §4 (glossary): a socket is an address plus a port, and a connection
//! is identified by a pair of sockets. Every connected socket shares the
//! listening port; the client's address and port are what tell them apart.

use std::fmt;
use std::io::{self, ErrorKind};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use crate::echo::echo;
use crate::trace::Trace;

/// Where `ch01-server` listens unless told otherwise.
pub const DEFAULT_ADDR: &str = "127.0.0.1:7001";

/// How many clients are served at once unless told otherwise. Each costs a
/// thread (and its stack), so a peer opening connections in a loop must not be
/// able to make us start threads without end. Chapter 4 measures what a thread
/// per connection costs.
pub const DEFAULT_MAX_CLIENTS: usize = 64;

/// How long a connection may stay silent (or refuse to read our echo) before
/// we close it, unless told otherwise. Without a limit, a blocking `read` waits
/// forever, and `max_clients` silent peers would lock everyone else out.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(300);

/// Why we could not start listening, in words a reader can act on. The kernel's
/// own error is the [`source`](std::error::Error::source), printed after it.
#[derive(Debug)]
pub enum ListenError {
    /// The port is below 1024 and we are not privileged (root or
    /// CAP_NET_BIND_SERVICE on Linux).
    PrivilegedPort(SocketAddr, io::Error),
    /// Another socket already listens on this address and port.
    InUse(SocketAddr, io::Error),
    /// The IP address is not one of this machine's (or IPv6 is off).
    NotLocal(SocketAddr, io::Error),
    /// Anything else the kernel refused.
    Other(SocketAddr, io::Error),
}

impl fmt::Display for ListenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ListenError::PrivilegedPort(a, _) => write!(
                f,
                "cannot listen on {a}: ports below 1024 are privileged, only root \
                 (or a process with CAP_NET_BIND_SERVICE) may bind them; \
                 use a port from 1024 up, or 0 for any free port"
            ),
            ListenError::InUse(a, _) => write!(
                f,
                "cannot listen on {a}: another program is listening there; \
                 pick another port, or 0 for any free port"
            ),
            ListenError::NotLocal(a, _) => write!(
                f,
                "cannot listen on {a}: {} is not an address of this machine",
                a.ip()
            ),
            ListenError::Other(a, _) => write!(f, "cannot listen on {a}"),
        }
    }
}

impl std::error::Error for ListenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ListenError::PrivilegedPort(_, e)
            | ListenError::InUse(_, e)
            | ListenError::NotLocal(_, e)
            | ListenError::Other(_, e) => Some(e),
        }
    }
}

// ANCHOR: listen
/// Creates the listening socket. `TcpListener::bind` does three system calls:
/// `socket()`, `bind()` to claim the address and port, and `listen()` to let
/// the kernel queue incoming connections until we `accept` them.
pub fn listen(addr: SocketAddr) -> Result<TcpListener, ListenError> {
    TcpListener::bind(addr).map_err(|e| match e.kind() {
        // On Unix, binding a port below 1024 needs privileges: a tradition from
        // when a low port proved the service was run by the machine's admin.
        ErrorKind::PermissionDenied if addr.port() < 1024 => ListenError::PrivilegedPort(addr, e),
        ErrorKind::AddrInUse => ListenError::InUse(addr, e),
        ErrorKind::AddrNotAvailable => ListenError::NotLocal(addr, e),
        _ => ListenError::Other(addr, e),
    })
}
// ANCHOR_END: listen

/// How the server behaves.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// Print every byte to stderr.
    pub trace: Trace,
    /// Clients served at once; more are closed right after `accept`.
    pub max_clients: usize,
    /// Longest wait for a read or a write before the connection is closed.
    pub idle_timeout: Duration,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            trace: Trace::new(false),
            max_clients: DEFAULT_MAX_CLIENTS,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
        }
    }
}

// ANCHOR: serve
/// Accepts connections forever, echoing each on its own thread.
///
/// Why a thread each: served one after another, a client that connects and
/// says nothing (an idle `nc` session) would make every later client wait
/// forever. A thread per connection is the simplest fix; chapter 4 looks at
/// what it costs, chapter 7 replaces it with an event loop.
pub fn serve(listener: TcpListener, config: Config) -> ! {
    let active = Arc::new(AtomicUsize::new(0));
    loop {
        // accept() blocks until a client has completed the three-way handshake
        // (RFC 9293 §3.5); the kernel did that for us, from the listen queue.
        let (stream, peer) = match listener.accept() {
            Ok(conn) => conn,
            Err(e) => {
                // A client that reset before we accepted it (ECONNABORTED), or
                // we are out of file descriptors (EMFILE): neither should stop
                // the server. Pause briefly so an EMFILE does not spin the CPU.
                eprintln!("accept failed: {e}");
                thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        let Some(slot) = Slot::take(&active, config.max_clients) else {
            eprintln!(
                "{peer}: refused, already serving {} clients",
                config.max_clients
            );
            continue; // dropping `stream` closes the connection
        };
        let spawned = thread::Builder::new()
            .name(format!("echo {peer}"))
            .spawn(move || {
                let _slot = slot; // frees the slot when the thread ends
                handle(stream, peer, config);
            });
        if let Err(e) = spawned {
            eprintln!("{peer}: cannot start a thread: {e}");
        }
    }
}
// ANCHOR_END: serve

// ANCHOR: handle
/// Serves one connection: says who connected, echoes, says how it ended.
fn handle(mut stream: TcpStream, peer: SocketAddr, config: Config) {
    // The connected socket's local address has the *listening* port: what makes
    // this connection unique is the peer's address and ephemeral port.
    let local = stream
        .local_addr()
        .map_or_else(|_| "?".to_string(), |a| a.to_string());
    eprintln!("{peer}: connected (to {local})");
    // Blocking calls wait forever by default; with these, a read or write that
    // makes no progress for idle_timeout fails, and we close the connection.
    let timeouts = stream
        .set_read_timeout(Some(config.idle_timeout))
        .and_then(|()| stream.set_write_timeout(Some(config.idle_timeout)));
    if let Err(e) = timeouts {
        eprintln!("{peer}: dropped: cannot set timeouts: {e}");
        return;
    }
    match echo(&mut stream, peer, config.trace) {
        Ok(n) => eprintln!("{peer}: closed after echoing {n} bytes"),
        Err(e) => eprintln!("{peer}: dropped: {e}"),
    }
    // `stream` is dropped here: close() sends our FIN, the connection ends.
}
// ANCHOR_END: handle

/// One of `max_clients` places; given back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(active: &Arc<AtomicUsize>, max: usize) -> Option<Slot> {
        active
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(active)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_port_in_use_is_named() {
        let first = listen("127.0.0.1:0".parse().unwrap()).unwrap();
        let taken = first.local_addr().unwrap();
        let err = listen(taken).unwrap_err();
        assert!(matches!(err, ListenError::InUse(..)), "{err:?}");
        assert!(err.to_string().contains("another program"), "{err}");
    }

    #[test]
    fn slots_are_limited_and_given_back() {
        let active = Arc::new(AtomicUsize::new(0));
        let a = Slot::take(&active, 2).unwrap();
        let _b = Slot::take(&active, 2).unwrap();
        assert!(Slot::take(&active, 2).is_none());
        drop(a);
        assert!(Slot::take(&active, 2).is_some());
    }
}

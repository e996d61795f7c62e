//! The chapter's echo server: our own accept loop (blocking or non-blocking)
//! around chapter 1's echo loop, one thread per connection.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use ch01_tcp::echo::echo;
use ch01_tcp::trace::Trace;

use crate::accept::accept_polling;
use crate::applied::Applied;

/// Where `ch03-server` listens unless told otherwise.
pub const DEFAULT_ADDR: &str = "127.0.0.1:7003";

/// How long the non-blocking accept loop naps after each `WouldBlock`.
pub const NAP: Duration = Duration::from_millis(10);

/// How the server behaves.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// Print every byte (and every `WouldBlock`) to stderr.
    pub trace: Trace,
    /// Set TCP_NODELAY on each accepted stream (Linux inherits it from the
    /// listener anyway; other systems may not).
    pub nodelay: bool,
    /// Clients served at once; each costs a thread, so a peer must not be able
    /// to make us start threads without end. Extra clients are closed at once.
    pub max_clients: usize,
}

// ANCHOR: serve
/// Accepts connections forever and echoes each on its own thread. A non-blocking
/// listener is served by [`accept_polling`], a blocking one by plain `accept`.
pub fn serve(listener: TcpListener, config: Config) -> std::io::Result<()> {
    let nonblocking = Applied::of(&listener)?.nonblocking;
    let active = Arc::new(AtomicUsize::new(0));
    loop {
        let accepted = if nonblocking {
            accept_polling(&listener, NAP).map(|a| {
                let peer = a.peer;
                config.trace.note(
                    peer,
                    format_args!(
                        "accepted after {} WouldBlock (napping {NAP:?} each)",
                        a.would_blocks
                    ),
                );
                (a.stream, peer)
            })
        } else {
            listener.accept()
        };
        let (stream, peer) = match accepted {
            Ok(conn) => conn,
            Err(e) => {
                // ECONNABORTED (a client reset before we accepted it) or EMFILE
                // (out of file descriptors) must not stop the server; pause so
                // an EMFILE does not spin the CPU.
                eprintln!("accept failed: {e}");
                thread::sleep(NAP);
                continue;
            }
        };
        if active.fetch_add(1, Ordering::AcqRel) >= config.max_clients {
            active.fetch_sub(1, Ordering::AcqRel);
            eprintln!(
                "{peer}: refused, already serving {} clients",
                config.max_clients
            );
            continue; // dropping `stream` closes it
        }
        let active = Arc::clone(&active);
        let spawned = thread::Builder::new()
            .name(format!("echo {peer}"))
            .spawn(move || {
                handle(stream, peer, config);
                active.fetch_sub(1, Ordering::AcqRel);
            });
        if let Err(e) = spawned {
            eprintln!("{peer}: cannot start a thread: {e}");
        }
    }
}
// ANCHOR_END: serve

/// Serves one connection: shows what it inherited from the listener, echoes.
fn handle(mut stream: TcpStream, peer: SocketAddr, config: Config) {
    if let Err(e) = stream.set_nodelay(config.nodelay) {
        eprintln!("{peer}: cannot set TCP_NODELAY: {e}");
        return;
    }
    // A dual-stack listener shows an IPv4 client as ::ffff:a.b.c.d here.
    match (stream.local_addr(), Applied::of(&stream)) {
        (Ok(local), Ok(a)) => eprintln!(
            "{peer}: connected to {local} (TCP_NODELAY {}, SO_RCVBUF {}, SO_SNDBUF {})",
            if a.nodelay { "on" } else { "off" },
            a.recv_buffer_size,
            a.send_buffer_size
        ),
        _ => eprintln!("{peer}: connected"),
    }
    match echo(&mut stream, peer, config.trace) {
        Ok(n) => eprintln!("{peer}: closed after echoing {n} bytes"),
        Err(e) => eprintln!("{peer}: dropped: {e}"),
    }
}

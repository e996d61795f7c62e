//! The accept loop: one thread per connection.
//!
//! The simplest concurrent server there is. The main thread does nothing but
//! `accept`; each connection gets its own thread (which reads) and that thread
//! starts a second one (which writes), see [`crate::connection`]. Blocking calls
//! are fine here, because each one only blocks its own client's thread.

use std::io;
use std::net::TcpListener;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use ch01_tcp::trace::Trace;

use crate::connection;
use crate::hub::Hub;

/// The longest line a client may send, in bytes, by default (`--max-line`).
pub const DEFAULT_MAX_LINE: usize = 1024;

/// How many messages wait for a slow client before the oldest are dropped,
/// by default (`--queue`).
pub const DEFAULT_QUEUE: usize = 256;

/// How a server behaves; the binary fills it from its flags.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// The longest line accepted, in bytes (see [`crate::line`]).
    pub max_line: usize,
    /// Each client's outbox capacity, in messages (see [`crate::outbox`]).
    pub queue: usize,
    /// Stack size for the per-connection threads; `None` means Rust's default
    /// (2 MiB, or `RUST_MIN_STACK`).
    pub stack_size: Option<usize>,
    /// How long a leaving client's writer may take to deliver what is queued
    /// before we close the socket under it.
    pub linger: Duration,
    /// `--trace`: print every byte to stderr.
    pub trace: Trace,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            max_line: DEFAULT_MAX_LINE,
            queue: DEFAULT_QUEUE,
            stack_size: None,
            linger: Duration::from_secs(5),
            trace: Trace::new(false),
        }
    }
}

/// A thread builder with the configured stack size.
pub(crate) fn thread_builder(config: &Config, name: String) -> thread::Builder {
    let builder = thread::Builder::new().name(name);
    match config.stack_size {
        Some(size) => builder.stack_size(size),
        None => builder,
    }
}

// ANCHOR: accept
/// Accepts connections forever, each served by its own threads.
pub fn serve(listener: TcpListener, hub: Arc<Hub>, config: Config) -> io::Result<()> {
    for conn in listener.incoming() {
        let stream = match conn {
            Ok(stream) => stream,
            Err(e) => {
                // EMFILE (too many open files) and friends: the listener is fine,
                // this one connection could not be taken. Pause so a persistent
                // error does not become a busy loop, then carry on.
                eprintln!("accept failed: {e}");
                thread::sleep(Duration::from_millis(100));
                continue;
            }
        };
        let hub = hub.clone();
        let name = format!("read {}", stream.peer_addr().map_or(0, |a| a.port()));
        let spawned =
            thread_builder(&config, name).spawn(move || connection::handle(stream, &hub, &config));
        if let Err(e) = spawned {
            // Out of threads or memory: this client is refused (the stream was
            // moved into the closure, which is dropped, which closes it).
            eprintln!("cannot start a thread for a new client: {e}");
        }
    }
    Ok(())
}
// ANCHOR_END: accept

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

use crate::config::thread_builder;
pub use crate::config::{Config, DEFAULT_MAX_LINE, DEFAULT_QUEUE};
use crate::connection;
use crate::hub::Hub;

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

//! The listener: accept, and give each connection a thread of its own.
//!
//! Threads keep the code straight-line (read, then answer, then read again), and
//! they cost memory (a stack each) and a thread switch per wake-up; chapter 4
//! measured where that stops scaling and chapter 7 replaces it with an event loop
//! running the same [`Incoming`](crate::incoming::Incoming), routes and encoder.

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use crate::connection::{HttpConfig, serve_connection};
use crate::encode::{Answering, encode_to_vec};
use crate::request::Request;
use crate::response::Response;

/// A handler: any function from a request to a response, shared by all threads.
pub type Handler = Arc<dyn Fn(&Request) -> Response + Send + Sync>;

/// At most this many connections at once; more are told 503 and closed,
/// so a flood of connections cannot spawn threads without bound.
pub const MAX_CONNECTIONS: usize = 1000;

/// Decrements the live-connection count when a connection thread ends,
/// however it ends.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

// ANCHOR: serve
/// Accepts connections on `listener` forever, one thread each.
pub fn serve(listener: TcpListener, config: HttpConfig, handler: Handler) -> std::io::Result<()> {
    let config = Arc::new(config);
    let live = Arc::new(AtomicUsize::new(0));
    loop {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) => {
                // EMFILE and friends: wait a little instead of spinning.
                eprintln!("accept failed: {e}");
                thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        if live.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            live.fetch_sub(1, Ordering::SeqCst);
            refuse(stream);
            continue;
        }
        let slot = Slot(live.clone());
        let (config, handler) = (config.clone(), handler.clone());
        thread::spawn(move || {
            let _slot = slot;
            let peer = stream.peer_addr().map_or("?".into(), |a| a.to_string());
            if let Err(e) = serve_connection(stream, &config, &*handler) {
                config.trace.note(peer, format!("connection error: {e}"));
            }
        });
    }
}
// ANCHOR_END: serve

/// Too many connections: a 503 and close, without a thread.
fn refuse(mut stream: TcpStream) {
    let response = Response::error(503, "too many connections").closing();
    let _ = stream.write_all(&encode_to_vec(response, Answering::broken_request()));
}

/// Binds `addr` and serves in a background thread; returns the bound address.
/// Tests and later chapters use it to run a server inside their own process.
pub fn spawn(addr: &str, config: HttpConfig, handler: Handler) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind(addr)?;
    let local = listener.local_addr()?;
    thread::spawn(move || serve(listener, config, handler));
    Ok(local)
}

//! A wire tap: a relay on a free loopback port that forwards every
//! connection to a server and keeps a copy of the bytes going each way.
//!
//! Put between a proxy and our server, it shows exactly what the server
//! receives from the proxy (the peer address, the request heads with the
//! headers the proxy added or removed) without changing it: what `--trace`
//! would print, for a server running inside the test process.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// One relayed connection, as the tap saw it.
#[derive(Debug, Clone)]
pub struct Tapped {
    /// Who connected to the tap (the proxy's side of the connection).
    pub peer: SocketAddr,
    /// The bytes the peer sent towards the server.
    pub to_server: Vec<u8>,
    /// The bytes the server sent back.
    pub to_peer: Vec<u8>,
}

#[derive(Default)]
struct Shared {
    conns: Vec<Tapped>,
    /// A clone of every socket, to shut them all when the tap is dropped.
    sockets: Vec<TcpStream>,
}

/// A running tap; its threads end and its sockets close when dropped.
pub struct Tap {
    /// Where to connect instead of the server.
    pub addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Tap {
    /// Listens on `127.0.0.1:0` and relays each connection to `server`.
    pub fn start(server: SocketAddr) -> Tap {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binding the tap");
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let (sh, st) = (shared.clone(), stop.clone());
        let accept = thread::spawn(move || {
            for conn in listener.incoming() {
                if st.load(Ordering::Relaxed) {
                    return;
                }
                let Ok(client) = conn else { continue };
                let Ok(upstream) = TcpStream::connect(server) else {
                    continue; // the client sees its connection close
                };
                relay(client, upstream, &sh);
            }
        });
        Tap {
            addr,
            shared,
            stop,
            accept: Some(accept),
        }
    }

    /// Every connection relayed so far.
    pub fn connections(&self) -> Vec<Tapped> {
        self.shared.lock().unwrap().conns.clone()
    }

    /// Waits (at most `within`) until the bytes sent towards the server on
    /// some connection contain `needle`; returns that connection.
    pub fn wait_to_server(&self, needle: &str, within: Duration) -> Tapped {
        let deadline = Instant::now() + within;
        loop {
            let found = self
                .connections()
                .into_iter()
                .find(|c| String::from_utf8_lossy(&c.to_server).contains(needle));
            if let Some(c) = found {
                return c;
            }
            assert!(
                Instant::now() < deadline,
                "the tap saw no {needle:?} within {within:?}: {:?}",
                self.connections()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Starts the two copying threads of one connection.
fn relay(client: TcpStream, upstream: TcpStream, shared: &Arc<Mutex<Shared>>) {
    let peer = client.peer_addr().expect("a connected socket");
    let index = {
        let mut s = shared.lock().unwrap();
        for sock in [&client, &upstream] {
            if let Ok(c) = sock.try_clone() {
                s.sockets.push(c);
            }
        }
        s.conns.push(Tapped {
            peer,
            to_server: Vec::new(),
            to_peer: Vec::new(),
        });
        s.conns.len() - 1
    };
    let (Ok(client2), Ok(upstream2)) = (client.try_clone(), upstream.try_clone()) else {
        return;
    };
    let sh = shared.clone();
    thread::spawn(move || copy(client, upstream, &sh, index, true));
    let sh = shared.clone();
    thread::spawn(move || copy(upstream2, client2, &sh, index, false));
}

/// Copies `from` to `to` until EOF or an error, recording every piece; then
/// passes the EOF on (a half close, so the other direction goes on).
fn copy(
    mut from: TcpStream,
    mut to: TcpStream,
    shared: &Mutex<Shared>,
    index: usize,
    towards_server: bool,
) {
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        {
            let mut s = shared.lock().unwrap();
            let c = &mut s.conns[index];
            let log = if towards_server {
                &mut c.to_server
            } else {
                &mut c.to_peer
            };
            log.extend_from_slice(&buf[..n]);
        }
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

impl Drop for Tap {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so it sees the flag, then close every socket
        // so the copying threads' reads return.
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
        for s in self.shared.lock().unwrap().sockets.drain(..) {
            let _ = s.shutdown(Shutdown::Both);
        }
    }
}

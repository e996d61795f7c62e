//! A TCP proxy that cuts connections at random: fault injection for tests.
//!
//! Real networks drop connections in the middle of things: a phone changes
//! cell, a proxy restarts, a NAT forgets. A push client is only correct if it
//! survives that without losing or repeating anything, and the only way to know
//! is to do it to it, many times, at random points.
//!
//! ```text
//!   client ──▶ CutProxy (127.0.0.1:port) ──▶ server
//!                 │ each connection gets a random byte budget (both directions
//!                 │ together) and a random lifetime; when either runs out, both
//!                 └ sockets are shut down: a cut in the middle of a head, a body, a hold
//! ```
//!
//! Chapter 11's and chapter 12's fault tests share it:
//!
//! ```no_run
//! use ch11_long_polling::chaos::{Chaos, CutProxy};
//! # let server_addr: std::net::SocketAddr = "127.0.0.1:7011".parse().unwrap();
//! let proxy = CutProxy::start(server_addr, Chaos { max_bytes: 4000, ..Chaos::default() })?;
//! // point the client at proxy.addr() … then:
//! println!("{} connections, {} cut", proxy.connections(), proxy.cuts());
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! Bounded by construction: every copying thread wakes at least every
//! [`TICK`] to check its deadline and the stop flag, and dropping the proxy
//! stops everything it started.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// How often a copying thread looks at the clock and the stop flag.
pub const TICK: Duration = Duration::from_millis(20);

/// How connections are cut.
#[derive(Debug, Clone, Copy)]
pub struct Chaos {
    /// Each connection may carry a random number of bytes in `1..=max_bytes`
    /// (both directions together) before it is cut. 0: never cut by bytes.
    pub max_bytes: u64,
    /// Each connection lives a random time in `0..max_life` before it is cut.
    /// Zero: never cut by time.
    pub max_life: Duration,
    /// Seed for the cut points, so a failing run can be repeated.
    pub seed: u64,
}

impl Default for Chaos {
    fn default() -> Chaos {
        Chaos {
            max_bytes: 2000,
            max_life: Duration::from_millis(500),
            seed: 11,
        }
    }
}

/// Counters shared by the proxy's threads.
#[derive(Debug, Default)]
struct Counters {
    connections: AtomicU64,
    cuts: AtomicU64,
    bytes: AtomicU64,
}

/// A running proxy; dropping it stops accepting and cuts every connection.
pub struct CutProxy {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    counters: Arc<Counters>,
    acceptor: Option<JoinHandle<()>>,
}

impl CutProxy {
    /// Listens on a free port of 127.0.0.1 and forwards every connection to
    /// `upstream`, cutting as `chaos` says.
    pub fn start(upstream: SocketAddr, chaos: Chaos) -> io::Result<CutProxy> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let counters = Arc::new(Counters::default());
        let (stop2, counters2) = (stop.clone(), counters.clone());
        let acceptor = thread::Builder::new()
            .name("chaos-accept".into())
            .spawn(move || accept_loop(listener, upstream, chaos, stop2, counters2))?;
        Ok(CutProxy {
            addr,
            stop,
            counters,
            acceptor: Some(acceptor),
        })
    }

    /// Where clients connect.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> u64 {
        self.counters.connections.load(Ordering::SeqCst)
    }

    /// Connections the proxy cut (not those either end closed first).
    pub fn cuts(&self) -> u64 {
        self.counters.cuts.load(Ordering::SeqCst)
    }

    /// Bytes forwarded, both directions.
    pub fn bytes(&self) -> u64 {
        self.counters.bytes.load(Ordering::SeqCst)
    }
}

impl Drop for CutProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.acceptor.take() {
            let _ = t.join();
        }
    }
}

fn accept_loop(
    listener: TcpListener,
    upstream: SocketAddr,
    chaos: Chaos,
    stop: Arc<AtomicBool>,
    counters: Arc<Counters>,
) {
    let mut rng = StdRng::seed_from_u64(chaos.seed);
    let mut links: Vec<JoinHandle<()>> = Vec::new();
    for client in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(client) = client else { continue };
        counters.connections.fetch_add(1, Ordering::SeqCst);
        let budget = if chaos.max_bytes == 0 {
            u64::MAX
        } else {
            rng.random_range(1..=chaos.max_bytes)
        };
        let life = if chaos.max_life.is_zero() {
            Duration::from_secs(86_400)
        } else {
            chaos.max_life.mul_f64(rng.random_range(0.0..1.0))
        };
        let link = Link {
            budget,
            deadline: Instant::now() + life,
            used: AtomicU64::new(0),
            cut: AtomicBool::new(false),
            stop: stop.clone(),
            counters: counters.clone(),
        };
        links.retain(|t| !t.is_finished());
        if let Ok(t) = thread::Builder::new()
            .name("chaos-link".into())
            .spawn(move || link.run(client, upstream))
        {
            links.push(t);
        }
    }
    for t in links {
        let _ = t.join();
    }
}

/// One proxied connection's shared state.
struct Link {
    budget: u64,
    deadline: Instant,
    used: AtomicU64,
    cut: AtomicBool,
    stop: Arc<AtomicBool>,
    counters: Arc<Counters>,
}

impl Link {
    fn run(self, client: TcpStream, upstream: SocketAddr) {
        let Ok(server) = TcpStream::connect_timeout(&upstream, Duration::from_secs(2)) else {
            return; // the client sees its connection closed
        };
        let link = Arc::new(self);
        let (Ok(c2), Ok(s2)) = (client.try_clone(), server.try_clone()) else {
            return;
        };
        let up = {
            let link = link.clone();
            thread::spawn(move || link.copy(c2, s2))
        };
        link.copy(server, client);
        let _ = up.join();
    }

    /// Copies `from` → `to` until EOF, an error, or the cut.
    fn copy(&self, mut from: TcpStream, mut to: TcpStream) {
        let _ = from.set_read_timeout(Some(TICK));
        let mut buf = [0u8; 4096];
        loop {
            if self.cut.load(Ordering::SeqCst) {
                break;
            }
            if self.stop.load(Ordering::SeqCst) || Instant::now() >= self.deadline {
                self.cut(&from, &to);
                break;
            }
            let n = match from.read(&mut buf) {
                Ok(0) => {
                    // A clean end from one side: pass the FIN on, keep the other way open.
                    let _ = to.shutdown(Shutdown::Write);
                    break;
                }
                Ok(n) => n,
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    continue;
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => {
                    let _ = to.shutdown(Shutdown::Both);
                    break;
                }
            };
            // Take our share of the budget; forward only that much.
            let before = self.used.fetch_add(n as u64, Ordering::SeqCst);
            let allowed = self.budget.saturating_sub(before).min(n as u64) as usize;
            if allowed > 0 && to.write_all(&buf[..allowed]).is_err() {
                let _ = from.shutdown(Shutdown::Both);
                break;
            }
            self.counters
                .bytes
                .fetch_add(allowed as u64, Ordering::SeqCst);
            if allowed < n {
                self.cut(&from, &to);
                break;
            }
        }
    }

    /// Shuts both sockets down in both directions, once.
    fn cut(&self, a: &TcpStream, b: &TcpStream) {
        if !self.cut.swap(true, Ordering::SeqCst) {
            self.counters.cuts.fetch_add(1, Ordering::SeqCst);
        }
        let _ = a.shutdown(Shutdown::Both);
        let _ = b.shutdown(Shutdown::Both);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwards_then_cuts_at_the_budget() {
        // An upstream that sends 10,000 bytes to whoever connects.
        let upstream = TcpListener::bind("127.0.0.1:0").unwrap();
        let up_addr = upstream.local_addr().unwrap();
        let server = thread::spawn(move || {
            let (mut s, _) = upstream.accept().unwrap();
            let _ = s.write_all(&[b'x'; 10_000]);
        });
        let chaos = Chaos {
            max_bytes: 1, // the budget is exactly 1 byte
            max_life: Duration::ZERO,
            seed: 1,
        };
        let proxy = CutProxy::start(up_addr, chaos).unwrap();
        let mut c = TcpStream::connect(proxy.addr()).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut got = Vec::new();
        let _ = c.read_to_end(&mut got);
        assert_eq!(got, b"x");
        server.join().unwrap();
        let until = Instant::now() + Duration::from_secs(5);
        while proxy.cuts() == 0 && Instant::now() < until {
            thread::sleep(TICK);
        }
        assert_eq!((proxy.connections(), proxy.cuts()), (1, 1));
    }
}

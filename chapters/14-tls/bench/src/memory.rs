//! Where an idle connection's memory goes, seen by the allocator: chapter
//! 10's echo server run in this process, on a thread whose allocations are
//! counted ([`crate::alloc`]), over plain TCP and over TLS; N idle
//! WebSockets opened (handshake and upgrade done), then the heap blocks that
//! stayed allocated, by size.
//!
//! A size that grew by about one block per connection is something every
//! connection holds (rustls' buffers and keys, say); a few large blocks are
//! the loop's tables, grown by doubling, shared by all and counted apart.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use ch07_event_loop::{Config, EventLoop, Plain, Service, Transport};
use ch10_ws_server::{WsConfig, WsService};
use ch14_tls::Tls;
use rustls::{ClientConfig, ServerConfig};

use crate::alloc::{self, Snapshot};

/// One kind of block every connection holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Held {
    /// The block's size in bytes.
    pub size: usize,
    /// Blocks of that size per connection (about 1.0, or 2.0, …).
    pub per_conn: f64,
}

/// What the allocator saw N idle connections add.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    /// Connections opened (after one to warm up).
    pub conns: usize,
    /// Heap bytes per connection, everything the server thread holds.
    pub heap_per_conn: f64,
    /// The sizes held by at least every other connection, biggest share first.
    pub held: Vec<Held>,
    /// Bytes per connection in everything else: blocks shared by all (the
    /// loop's tables, grown by doubling) and blocks fewer connections hold.
    pub rest_per_conn: f64,
    /// The size of a connection's transport in the loop's table of them:
    /// `Option<Plain>` or `Option<Tls>`, inline, not on the heap by itself.
    pub transport_size: usize,
}

/// Chapter 10's echo server over plain TCP, `n` idle WebSockets.
pub fn plain(n: usize) -> io::Result<Attribution> {
    let addr: SocketAddr = "127.0.0.1:0".parse().expect("an address");
    let lp = EventLoop::bind(addr, WsService::new(WsConfig::default()), config(n))?;
    attribute(lp, n, |i, addr| {
        ch10_bench::echo_load::connect_ws(i, addr, "/echo").map(|s| Box::new(s) as Box<dyn Send>)
    })
}

/// The same server over TLS (`ch14_tls::server::ws_server`), `n` idle wss
/// connections from a client trusting `client`.
pub fn tls(
    server: Arc<ServerConfig>,
    client: Arc<ClientConfig>,
    n: usize,
) -> io::Result<Attribution> {
    let addr: SocketAddr = "127.0.0.1:0".parse().expect("an address");
    let lp = ch14_tls::server::ws_server(addr, server, WsConfig::default(), config(n))?;
    attribute(lp, n, move |i, addr| {
        crate::client::connect_wss(i, addr, "/echo", &client).map(|t| Box::new(t) as Box<dyn Send>)
    })
}

/// The loop's settings: room for every connection.
fn config(n: usize) -> Config {
    Config {
        max_conns: n + 100,
        ..Config::default()
    }
}

/// Runs `lp` on a counted thread, opens 1 + `n` connections with `connect`,
/// and reads what the heap held before and after the `n`.
fn attribute<S, T>(
    lp: EventLoop<S, T>,
    n: usize,
    mut connect: impl FnMut(usize, SocketAddr) -> io::Result<Box<dyn Send>>,
) -> io::Result<Attribution>
where
    S: Service + Send + 'static,
    S::Conn: Send,
    T: Transport + Send + 'static,
{
    let addr = lp.local_addr()?;
    let handle = lp.handle();
    let server = std::thread::spawn(move || {
        alloc::count_this_thread();
        lp.run().map(drop)
    });
    let mut held = vec![connect(0, addr)?];
    let settle = || std::thread::sleep(Duration::from_millis(300));
    settle();
    let before = alloc::snapshot();
    for i in 1..=n {
        held.push(connect(i, addr)?);
    }
    settle();
    let after = alloc::snapshot();
    handle.stop();
    server
        .join()
        .map_err(|_| io::Error::other("the server thread panicked"))??;
    drop(held);
    if after.live.is_empty() {
        return Err(io::Error::other(
            "the counting allocator is not installed (see alloc.rs)",
        ));
    }
    Ok(summarise(&before, &after, n, size_of::<Option<T>>()))
}

/// Per-connection sizes (grown by at least n / 2 blocks) apart from the rest.
fn summarise(before: &Snapshot, after: &Snapshot, n: usize, transport_size: usize) -> Attribution {
    let (grown, _) = after.since(before);
    let heap_per_conn = (after.bytes() - before.bytes()) as f64 / n as f64;
    let mut held: Vec<Held> = grown
        .iter()
        .filter(|&&(_, d)| d >= (n / 2) as isize)
        .map(|&(size, d)| Held {
            size,
            per_conn: d as f64 / n as f64,
        })
        .collect();
    held.sort_by(|a, b| (b.size as f64 * b.per_conn).total_cmp(&(a.size as f64 * a.per_conn)));
    let in_held: f64 = held.iter().map(|h| h.size as f64 * h.per_conn).sum();
    Attribution {
        conns: n,
        heap_per_conn,
        held,
        rest_per_conn: heap_per_conn - in_held,
        transport_size,
    }
}

/// `Option<Plain>` and `Option<Tls>`, for the report.
pub fn transport_sizes() -> (usize, usize) {
    (size_of::<Option<Plain>>(), size_of::<Option<Tls>>())
}

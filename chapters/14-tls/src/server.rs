//! Chapter 13's showdown served over TLS: the same service, the same loop,
//! a different transport.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use ch07_event_loop::{Config, EventLoop};
use ch13_showdown::ShowdownConfig;
use ch13_showdown::driver::Server;
use mio::net::TcpListener;
use rustls::ServerConfig;

use crate::tls::Tls;

// ANCHOR: start
/// Binds `addr` and serves chapter 13's showdown (pages, `/poll`, `/events`,
/// `/ws`, the taxi at `rate` positions a second) with every connection
/// wrapped in [`Tls`]. Nothing of chapter 13 changes: it gets a loop built
/// [`with_transport`](EventLoop::with_transport) instead of one built by `bind`.
pub fn start(
    addr: SocketAddr,
    tls: Arc<ServerConfig>,
    options: ShowdownConfig,
    config: Config,
    rate: Option<f64>,
) -> io::Result<Server> {
    let trace = config.trace;
    Server::start_with(options, rate, move |svc| {
        let listener = TcpListener::bind(addr)?;
        let wrap = Box::new(move |sock| Tls::new(tls.clone(), sock, trace));
        EventLoop::with_transport(listener, svc, config, wrap)
    })
}
// ANCHOR_END: start

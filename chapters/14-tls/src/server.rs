//! Earlier chapters' servers over TLS: the same services, the same loop, a
//! different transport. Chapter 13's showdown is `ch14-server`; chapter 10's
//! WebSocket echo and chat is `ch14-ws-server`.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use ch07_event_loop::{Config, EventLoop, Service};
use ch10_ws_server::{WsConfig, WsService};
use ch13_showdown::ShowdownConfig;
use ch13_showdown::driver::Server;
use mio::net::TcpListener;
use rustls::ServerConfig;

use crate::tls::Tls;

// ANCHOR: tls_loop
/// A loop on `addr` that serves `svc` with every accepted connection wrapped
/// in [`Tls`]: [`EventLoop::with_transport`] instead of [`EventLoop::bind`].
pub fn tls_loop<S: Service>(
    addr: SocketAddr,
    tls: Arc<ServerConfig>,
    svc: S,
    config: Config,
) -> io::Result<EventLoop<S, Tls>> {
    let listener = TcpListener::bind(addr)?;
    let trace = config.trace;
    let wrap = Box::new(move |sock| Tls::new(tls.clone(), sock, trace));
    EventLoop::with_transport(listener, svc, config, wrap)
}
// ANCHOR_END: tls_loop

// ANCHOR: start
/// Binds `addr` and serves chapter 13's showdown (pages, `/poll`, `/events`,
/// `/ws`, the taxi at `rate` positions a second) over TLS. Nothing of
/// chapter 13 changes: it gets a loop from [`tls_loop`] instead of one built
/// by `bind`.
pub fn start(
    addr: SocketAddr,
    tls: Arc<ServerConfig>,
    options: ShowdownConfig,
    config: Config,
    rate: Option<f64>,
) -> io::Result<Server> {
    Server::start_with(options, rate, move |svc| tls_loop(addr, tls, svc, config))
}
// ANCHOR_END: start

/// Chapter 10's WebSocket server (`/echo`, `/chat`, the chat page) over TLS,
/// ready to `run` (or to start on a thread with `Running::start`).
pub fn ws_server(
    addr: SocketAddr,
    tls: Arc<ServerConfig>,
    ws: WsConfig,
    config: Config,
) -> io::Result<EventLoop<WsService, Tls>> {
    tls_loop(addr, tls, WsService::new(ws), config)
}

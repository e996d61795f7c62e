//! Starting the server: chapter 13's showdown (and its taxi) on a loop whose
//! connections speak HTTP/2 or HTTP/1.1, over TLS (ALPN `h2`, then
//! `http/1.1`) or in the clear (h2c with prior knowledge, or HTTP/1.1).

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use ch07_event_loop::{Config, EventLoop};
use ch13_showdown::ShowdownConfig;
use ch13_showdown::driver::Server;
use rustls::ServerConfig;

use crate::conn::H2Config;
use crate::server::service::{H2Stats, Http2Service};

// ANCHOR: start
/// Binds `addr` and serves the showdown: over TLS with `tls` (made with
/// `ch14_tls::server_config_offering(…, &[ALPN_H2, ALPN_HTTP1])`), else in
/// the clear. `rate`: taxi positions a second (none with `None`). Returns
/// the server and the HTTP/2 side's counts.
pub fn start(
    addr: SocketAddr,
    tls: Option<Arc<ServerConfig>>,
    options: ShowdownConfig,
    h2: H2Config,
    config: Config,
    rate: Option<f64>,
) -> io::Result<(Server, Arc<H2Stats>)> {
    // A stream's send queue must hold what chapter 11's push may queue on it
    // (half the stream limit, plus one event, plus a WebSocket's own frames):
    // a WebSocket frame refused halfway could not be taken back.
    let mut h2 = h2;
    let push_room = options.max_stream_queue + options.max_message as usize + 1024;
    h2.max_send_queue = h2.max_send_queue.max(push_room);
    let stats = Arc::new(H2Stats::default());
    let mine = stats.clone();
    let wrap = move |showdown| Http2Service {
        showdown,
        h2,
        stats: mine,
    };
    let server = match tls {
        Some(tls) => Server::start_with(options, rate, move |svc| {
            ch14_tls::server::tls_loop(addr, tls, wrap(svc), config)
        }),
        None => Server::start_with(options, rate, move |svc| {
            EventLoop::bind(addr, wrap(svc), config)
        }),
    }?;
    Ok((server, stats))
}
// ANCHOR_END: start

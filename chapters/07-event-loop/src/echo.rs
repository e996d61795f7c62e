//! The smallest service: echo every byte back, close after an idle timeout.
//!
//! It shows the whole interface in twenty lines, and the tests use it to drive
//! the loop (partial writes, backpressure, timeouts, resets) without HTTP.

use std::net::SocketAddr;
use std::time::Duration;

use crate::cx::Cx;
use crate::service::{Connection, Service};

// ANCHOR: echo
/// Echoes bytes back; closes connections idle for `idle`.
#[derive(Debug, Clone)]
pub struct EchoService {
    /// How long a connection may stay silent.
    pub idle: Duration,
}

/// One echo connection: no state beyond what the loop keeps.
#[derive(Debug)]
pub struct EchoConn;

impl Service for EchoService {
    type Conn = EchoConn;
    type Msg = ();

    fn accept(&mut self, cx: &mut Cx<'_>, _peer: SocketAddr) -> Option<EchoConn> {
        let deadline = cx.now() + self.idle;
        cx.set_timer(Some(deadline));
        Some(EchoConn)
    }
}

impl Connection<EchoService> for EchoConn {
    fn on_data(&mut self, svc: &mut EchoService, cx: &mut Cx<'_>, input: &mut [u8]) -> usize {
        cx.write(input);
        let deadline = cx.now() + svc.idle;
        cx.set_timer(Some(deadline)); // pushed back by every message
        input.len()
    }
    // on_timer: the default closes the connection (idle timeout).
    // on_eof: the default flushes what is queued, then closes.
}
// ANCHOR_END: echo

//! Noticing a dead server: the client's heartbeat, and what the kernel adds.
//!
//! A server that vanishes without a word (its process frozen by SIGSTOP, a
//! pulled cable, a NAT box that forgot the mapping) sends no FIN and no RST.
//! A blocking `read` just waits, for ever: a dead peer looks exactly like a
//! quiet one. Three tools see three different deaths:
//!
//! | tool | notices | when |
//! |---|---|---|
//! | `SO_KEEPALIVE` | an *idle* connection whose peer host is gone: the kernel's probes get no ACK | after `tcp_keepalive_time` of silence (Linux: 7200 s unless set per socket), then a few probes |
//! | `TCP_USER_TIMEOUT` (Linux) | bytes *we sent* that stay unacknowledged: the host is gone, or the path drops what we send | that long after the oldest unacknowledged byte |
//! | the heartbeat: a Ping, then a deadline | anything that keeps the server from answering, a frozen process too | `ping_interval` of quiet + `pong_timeout` |
//!
//! Only the heartbeat catches a live host with a frozen process: its kernel
//! still ACKs our bytes and answers keepalive probes, so TCP itself is happy.
//!
//! ```text
//!   bytes from the server ──▶ alive: the next Ping waits ping_interval
//!   ping_interval of quiet ──▶ Ping ──pong_timeout, not a byte──▶ dead: shut the socket down,
//!                                                                  report, reconnect (backoff)
//! ```
//!
//! The state is the server's own [`Heartbeat`](crate::heartbeat::Heartbeat),
//! with one rule changed: any byte from the server ends the wait (see
//! `heartbeat.rs`). The deadline is the socket's read timeout, so the reader
//! thread needs no timer of its own.

use std::io;
use std::net::TcpStream;
use std::time::Duration;

use socket2::{SockRef, TcpKeepalive};

/// The client's heartbeat settings (`--ping-interval`, `--pong-timeout`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Liveness {
    /// Send a Ping after this long without a byte from the server.
    pub ping_interval: Duration,
    /// After the Ping, give up when this long passes without a byte.
    pub pong_timeout: Duration,
}

impl Default for Liveness {
    /// The server's defaults: a Ping after 30 s of quiet, 10 s for an answer.
    fn default() -> Liveness {
        Liveness {
            ping_interval: Duration::from_secs(30),
            pong_timeout: Duration::from_secs(10),
        }
    }
}

impl Liveness {
    /// The longest a dead server can go unnoticed: `ping_interval + pong_timeout`
    /// (plus a scheduling hiccup).
    pub fn budget(&self) -> Duration {
        self.ping_interval + self.pong_timeout
    }
}

// ANCHOR: socket_options
/// Asks the kernel to watch the connection too, on the same budget as the
/// heartbeat. std has neither option, so socket2 sets them (chapter 3 shows
/// the crate). They add what the heartbeat cannot see:
///
/// - `SO_KEEPALIVE`, first probe after `budget` of silence: while the
///   heartbeat runs, the connection is never that idle, so this is the net
///   under connections that run without one (`--autobahn`, a library caller
///   of [`connect`](super::connect)). A probe is answered by the peer's
///   kernel, so a frozen process passes it.
/// - `TCP_USER_TIMEOUT` (Linux), `budget`: a line we sent that no one
///   acknowledges fails the socket (`ETIMEDOUT`), even while the server's
///   messages keep arriving and the heartbeat is content, and even while our
///   writer is blocked on a full send buffer.
pub fn set_socket_options(stream: &TcpStream, l: &Liveness) -> io::Result<()> {
    let sock = SockRef::from(stream);
    let keepalive = TcpKeepalive::new().with_time(whole_seconds(l.budget()));
    #[cfg(target_os = "linux")]
    let keepalive = keepalive
        .with_interval(whole_seconds(l.pong_timeout))
        .with_retries(3);
    sock.set_tcp_keepalive(&keepalive)?;
    #[cfg(target_os = "linux")]
    sock.set_tcp_user_timeout(Some(l.budget()))?;
    Ok(())
}
// ANCHOR_END: socket_options

/// Keepalive times are whole seconds, at least 1 (0 is refused: EINVAL).
fn whole_seconds(d: Duration) -> Duration {
    Duration::from_secs(d.as_secs_f64().ceil().max(1.0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    #[test]
    fn the_options_are_set_on_the_socket() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let stream = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let l = Liveness {
            ping_interval: Duration::from_secs(2),
            pong_timeout: Duration::from_secs(1),
        };
        set_socket_options(&stream, &l).unwrap();
        let sock = SockRef::from(&stream);
        assert!(sock.keepalive().unwrap());
        #[cfg(target_os = "linux")]
        {
            assert_eq!(sock.tcp_keepalive_time().unwrap(), Duration::from_secs(3));
            assert_eq!(
                sock.tcp_user_timeout().unwrap(),
                Some(Duration::from_secs(3))
            );
        }
    }
}

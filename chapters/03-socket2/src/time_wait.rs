//! "Address already in use" after a restart, reproduced for real.
//!
//! The side that closes a TCP connection first keeps it in TIME_WAIT for 2×MSL
//! (RFC 9293 §3.3.2; 60 s on Linux), so a late duplicate segment of the old
//! connection cannot be mistaken for part of a new one. When a server closes
//! first, that leftover holds the server's own ADDRESS:PORT. Restart the server
//! and `bind` fails with EADDRINUSE, unless SO_REUSEADDR is set (on Linux: on the
//! old socket AND the new one; the TIME_WAIT leftover remembers the old setting).
//!
//! ```text
//!   server 127.0.0.1:P                       client 127.0.0.1:C
//!   close()  ── FIN ──────────────────────▶  read() = 0 (EOF)
//!   FIN_WAIT_1 ◀──────────────────── ACK ──
//!   FIN_WAIT_2 ◀──────────────────── FIN ──  close()
//!   TIME_WAIT  ── ACK ────────────────────▶  CLOSED
//!   (60 s)        bind(127.0.0.1:P) again?  → EADDRINUSE without SO_REUSEADDR
//! ```

use std::io::{self, Read};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use crate::error::BuildError;
use crate::listener::listener;
use crate::options::ListenOptions;
use crate::procnet::{self, TcpState};

/// How long we wait for the old connection to reach TIME_WAIT (it takes well
/// under a millisecond on loopback; this is only a bound).
const SETTLE: Duration = Duration::from_secs(2);

/// What one run of [`reproduce`] saw.
#[derive(Debug)]
pub struct Reproduction {
    /// The server's address: the port that was closed and then bound again.
    pub server: SocketAddr,
    /// The client's address (an ephemeral port).
    pub client: SocketAddr,
    /// The state of the server's end after both sides closed, from
    /// `/proc/net/tcp` (`None` where the kernel does not say).
    pub server_state: Option<TcpState>,
    /// What binding `server` again returned.
    pub rebind: Result<(), BuildError>,
}

// ANCHOR: reproduce
/// Runs a server that closes a connection first, then restarts it on the same
/// port. `old_reuse` / `new_reuse` say whether each run set SO_REUSEADDR.
pub fn reproduce(ip: IpAddr, old_reuse: bool, new_reuse: bool) -> io::Result<Reproduction> {
    let old = ListenOptions {
        reuse_address: old_reuse,
        ..ListenOptions::default()
    };
    // The first run of the server, on a free port.
    let first = listener(SocketAddr::new(ip, 0), &old)?;
    let server = first.local_addr()?;
    let mut client = TcpStream::connect(server)?;
    let (conn, _) = first.accept()?;
    let client_addr = client.local_addr()?;

    // The server closes first (and exits: the listener goes too). Its FIN is
    // what puts ITS end, 127.0.0.1:P, into TIME_WAIT later.
    drop(conn);
    drop(first);
    // The client sees EOF, then closes its end: the last FIN of the exchange.
    client.set_read_timeout(Some(SETTLE))?;
    let mut buf = [0u8; 16];
    let n = client.read(&mut buf)?;
    if n != 0 {
        return Err(io::Error::other(format!("expected EOF, got {n} bytes")));
    }
    drop(client);
    let server_state = wait_for_time_wait(server, client_addr);

    // The second run of the server: bind the same port again.
    let new = ListenOptions {
        reuse_address: new_reuse,
        ..ListenOptions::default()
    };
    let rebind = listener(server, &new).map(drop);
    Ok(Reproduction {
        server,
        client: client_addr,
        server_state,
        rebind,
    })
}
// ANCHOR_END: reproduce

/// Polls the kernel's table (bounded by [`SETTLE`]) until the server's end of the
/// connection reaches TIME_WAIT; returns the last state seen.
fn wait_for_time_wait(server: SocketAddr, client: SocketAddr) -> Option<TcpState> {
    let start = Instant::now();
    loop {
        let state = procnet::state(server, client).ok().flatten();
        if state == Some(TcpState::TimeWait) || start.elapsed() > SETTLE {
            return state;
        }
        if state.is_none() && procnet::entries().is_err() {
            // No /proc/net/tcp (not Linux): give the FIN/ACK exchange a moment.
            thread::sleep(Duration::from_millis(50));
            return None;
        }
        thread::sleep(Duration::from_millis(2));
    }
}

//! Accepting connections: take them from the kernel's backlog, give each a
//! slot, a transport and a token, and ask the application whether it wants it.
//!
//! Two kernel behaviours shape it. The listener's readiness is edge-triggered,
//! so one event may stand for many waiting connections: accept until
//! `WouldBlock`. And when the process is out of file descriptors (EMFILE,
//! ENFILE) the connection stays in the backlog and the listener stays
//! readable, so no new edge will come: a timer must bring us back.

use std::io::ErrorKind;
use std::net::SocketAddr;
use std::time::Duration;

use mio::Interest;
use mio::net::TcpStream;

use crate::cx::{Cx, LoopCx};
use crate::entry::Entry;
use crate::event_loop::EventLoop;
use crate::service::Service;
use crate::stats::Counter;
use crate::token::ConnId;
use crate::transport::Transport;

/// How long to stop accepting after the process ran out of file descriptors.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

impl<S: Service, T: Transport> EventLoop<S, T> {
    // ANCHOR: accept
    /// Accepts until `WouldBlock`: one event may stand for many connections.
    /// The caller drains the work the `accept` callbacks recorded.
    pub(crate) fn accept_all(&mut self) {
        loop {
            if self.core.table.len() >= self.core.config.max_conns {
                // Leave the rest in the kernel's backlog; a close reopens the door.
                if !self.accept_paused {
                    self.accept_paused = true;
                    self.trace()
                        .note("listener", "max_conns reached: accepting paused");
                }
                return;
            }
            match self.listener.accept() {
                Ok((stream, peer)) => self.start(stream, peer),
                Err(e) if e.kind() == ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                // EMFILE (24) / ENFILE (23): out of file descriptors. The connection
                // stays in the backlog and the listener stays readable, so with
                // edge-triggered events we must come back by ourselves: a timer.
                Err(e) if matches!(e.raw_os_error(), Some(23 | 24)) => {
                    self.accept_paused = true;
                    self.accept_retry = Some(self.core.now + ACCEPT_BACKOFF);
                    self.trace()
                        .note("listener", format!("accept: {e}; retrying soon"));
                    return;
                }
                // The connection died in the backlog (ECONNABORTED...): next one.
                Err(_) => continue,
            }
        }
    }

    /// Registers a new connection and asks the application whether it wants it.
    fn start(&mut self, stream: TcpStream, peer: SocketAddr) {
        if self.core.config.nodelay {
            // We coalesce our own writes; Nagle would only delay the last piece.
            let _ = stream.set_nodelay(true);
        }
        let Ok(mut link) = (self.wrap)(stream) else {
            return; // the transport refused it; the socket is dropped
        };
        let Ok(id) = self.core.table.insert(Entry::new(peer)) else {
            return; // cannot happen below max_conns; the socket is dropped
        };
        let registry = self.core.poll.registry();
        if registry
            .register(link.source(), id.token(), Interest::READABLE)
            .is_err()
        {
            self.core.table.remove(id); // dropped: the peer sees the connection close
            return;
        }
        if self.links.len() <= id.index() {
            self.links.resize_with(id.index() + 1, || None);
        }
        self.links[id.index()] = Some(link);
        self.admit(id, peer);
    }
    // ANCHOR_END: accept

    /// Asks the application for the connection's state (or its refusal).
    fn admit(&mut self, id: ConnId, peer: SocketAddr) {
        self.core.shared.stats.add(Counter::accepted, 1);
        self.core
            .shared
            .stats
            .set(Counter::open, self.core.table.len() as u64);
        self.trace().note(peer, format!("accepted as {id}"));
        if self.conns.len() <= id.index() {
            self.conns.resize_with(id.index() + 1, || None);
        }
        let conn = {
            let mut cx = Cx {
                lp: LoopCx {
                    core: &mut self.core,
                },
                id,
            };
            self.svc.accept(&mut cx, peer)
        };
        match conn {
            Some(conn) => self.conns[id.index()] = Some(conn),
            None => {
                if let Some(e) = self.core.table.get_mut(id) {
                    e.abort("refused by the application");
                }
            }
        }
        // Its greeting (if any) leaves now; what `accept` did to other
        // connections is settled by the caller's `drain` (later.rs).
        self.settle(id);
    }
}

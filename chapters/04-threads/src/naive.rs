//! The first chat server everybody writes, kept here to show why it breaks.
//!
//! Every connection's thread reads a line and writes it straight to every other
//! client's socket, under one lock. It works on a demo with two friendly
//! clients. Then one client stops reading (a laptop lid closes, a phone goes into
//! a tunnel): its receive window fills, then our send buffer for it, and
//! `write_all` to it **blocks**, while holding the lock. Every other thread that
//! wants to broadcast now waits for that one client. One stuck reader stalls
//! the whole room. [`crate::hub`] and [`crate::outbox`] are the fix.

use std::io::{self, Write};
use std::net::TcpStream;
use std::sync::Mutex;

/// Every client's socket, written to directly by whoever broadcasts.
#[derive(Default)]
pub struct NaiveRoom {
    clients: Mutex<Vec<TcpStream>>,
}

impl NaiveRoom {
    /// An empty room.
    pub fn new() -> NaiveRoom {
        NaiveRoom::default()
    }

    /// A client joins.
    pub fn add(&self, client: TcpStream) {
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(client);
    }

    // ANCHOR: naive
    /// Writes `line` to every client, one after the other, holding the lock.
    /// Returns each write's result. A client that does not read makes its
    /// `write_all` wait, and everyone else's broadcast waits behind it.
    pub fn broadcast(&self, line: &[u8]) -> Vec<io::Result<()>> {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.iter_mut().map(|c| c.write_all(line)).collect()
    }
    // ANCHOR_END: naive
}

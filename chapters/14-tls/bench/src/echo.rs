//! Chapter 10's echo over ws and over wss under the same load: chapter 10
//! bench's load client ([`ch10_bench::echo_load::run_on`]), its connections
//! plain TCP or chapter 14's TLS transport on the client side.
//!
//! The server's CPU time is read after the connections are open and
//! upgraded, so that the TLS handshakes (measured on their own) do not count
//! against the messages.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use ch07_bench::{procfs, syscalls};
use ch07_event_loop::Transport;
use ch10_bench::echo_load::{self, EchoLoad};
use ch13_showdown::cpu::{current_tid, thread_cpu};
use rustls::ClientConfig;

use crate::client::connect_wss;

/// An echo server under test.
#[derive(Debug, Clone)]
pub struct Target {
    /// As the table names it.
    pub name: &'static str,
    /// Where its `/echo` is.
    pub addr: SocketAddr,
    /// Whether to speak wss (with this client configuration) or ws.
    pub tls: Option<Arc<ClientConfig>>,
    /// The processes that do the serving (nginx and the server behind it).
    pub pids: Vec<u32>,
}

/// One round against one target.
#[derive(Debug, Clone, Copy)]
pub struct Round {
    /// Messages echoed per second.
    pub per_sec: f64,
    /// The servers' CPU time per message, microseconds.
    pub server_us: f64,
    /// Round trip p50 and p99, microseconds.
    pub p50_us: u32,
    /// See `p50_us`.
    pub p99_us: u32,
    /// The load client's CPU time over the run's time: near 1.0 means the
    /// client, not the server, set the pace.
    pub client_load: f64,
    /// The servers' system calls per message, in a run counted by `perf`.
    pub syscalls_per_msg: Option<f64>,
}

fn cpu(pids: &[u32]) -> io::Result<Duration> {
    let mut ns = 0;
    for &pid in pids {
        ns += procfs::cpu_ns(pid)?;
    }
    Ok(Duration::from_nanos(ns))
}

/// This thread's CPU time so far (the load client runs on it).
fn own_cpu() -> io::Result<Duration> {
    current_tid()
        .and_then(thread_cpu)
        .ok_or_else(|| io::Error::other("no CPU time in /proc/thread-self"))
}

/// Opens `load.conns` WebSockets to `target` and runs `load` on them; with
/// `count_syscalls`, under `perf stat` (which slows every system call, so
/// such a run is for its count only).
pub fn round(target: &Target, load: &EchoLoad, count_syscalls: bool) -> anyhow::Result<Round> {
    match &target.tls {
        Some(config) => {
            let conns = (0..load.conns)
                .map(|i| connect_wss(i, target.addr, "/echo", config))
                .collect::<io::Result<Vec<_>>>()?;
            measured(target, conns, load, count_syscalls)
        }
        None => {
            let conns = (0..load.conns)
                .map(|i| echo_load::connect_plain(i, target.addr, "/echo"))
                .collect::<io::Result<Vec<_>>>()?;
            measured(target, conns, load, count_syscalls)
        }
    }
}

fn measured<T: Transport>(
    target: &Target,
    conns: Vec<T>,
    load: &EchoLoad,
    count_syscalls: bool,
) -> anyhow::Result<Round> {
    let (server, client) = (cpu(&target.pids)?, own_cpu()?);
    let (r, syscalls) = if count_syscalls {
        let (r, n) = syscalls::count(&target.pids, || Ok(echo_load::run_on(conns, load)?))?;
        (r, Some(n))
    } else {
        (echo_load::run_on(conns, load)?, None)
    };
    let (server, client) = (cpu(&target.pids)? - server, own_cpu()? - client);
    let messages = r.messages.max(1) as f64;
    Ok(Round {
        per_sec: r.per_sec(),
        server_us: server.as_secs_f64() * 1e6 / messages,
        p50_us: r.latency_us(50.0),
        p99_us: r.latency_us(99.0),
        client_load: client.as_secs_f64() / r.elapsed.as_secs_f64().max(1e-9),
        syscalls_per_msg: syscalls.map(|n| n as f64 / messages),
    })
}

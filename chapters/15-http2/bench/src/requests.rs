//! Requests per second: h2load against `ch15-server` and nginx, the same
//! file from the same directory, over HTTP/2 (h2c and TLS) and HTTP/1.1,
//! with the same number of requests in flight.
//!
//! HTTP/2 keeps 100 requests in flight on 10 connections (10 streams each);
//! HTTP/1.1 needs 100 connections for that, one request each, as a browser
//! would open them if it could. One more HTTP/1.1 row pipelines 10 requests
//! on each of 10 connections (h2load's `-m` over HTTP/1.1), which the RFC
//! allows and browsers never do.
//!
//! The server's CPU time across each h2load run comes from `/proc`
//! (schedstat, every thread), divided by the requests.

use std::net::SocketAddr;
use std::time::Duration;

use ch07_bench::procfs;
use ch07_event_loop::summary::median;

use crate::h2load::{self, H2loadRun};

/// One way of sending the requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variant {
    /// Its name in the table.
    pub label: &'static str,
    /// HTTP/1.1 (`--h1`), else HTTP/2.
    pub h1: bool,
    /// Over TLS (ALPN), else in the clear.
    pub tls: bool,
    /// Connections (`-c`).
    pub conns: usize,
    /// Requests in flight on each (`-m`: streams, or a pipeline).
    pub in_flight: usize,
}

/// Every variant, in the table's order.
pub const VARIANTS: [Variant; 5] = [
    Variant {
        label: "h2c",
        h1: false,
        tls: false,
        conns: 10,
        in_flight: 10,
    },
    Variant {
        label: "h2 (TLS)",
        h1: false,
        tls: true,
        conns: 10,
        in_flight: 10,
    },
    Variant {
        label: "HTTP/1.1",
        h1: true,
        tls: false,
        conns: 100,
        in_flight: 1,
    },
    Variant {
        label: "HTTP/1.1 (TLS)",
        h1: true,
        tls: true,
        conns: 100,
        in_flight: 1,
    },
    Variant {
        label: "HTTP/1.1, pipelined",
        h1: true,
        tls: false,
        conns: 10,
        in_flight: 10,
    },
];

/// A server under test.
#[derive(Debug, Clone)]
pub struct Target {
    /// Its name in the table.
    pub name: &'static str,
    /// Its process in the clear (the one whose CPU is read)…
    pub pid: u32,
    /// …and over TLS (ours is a process of its own; nginx is one for all).
    pub tls_pid: u32,
    /// Where it speaks h2c.
    pub h2c: SocketAddr,
    /// Where it speaks HTTP/1.1 in the clear.
    pub h1: SocketAddr,
    /// Where it speaks TLS (ALPN h2 or http/1.1).
    pub tls: SocketAddr,
}

impl Target {
    /// The URL of `path` for `variant`. (`localhost` for TLS would only
    /// matter to a client that checks the certificate; h2load does not.)
    pub fn url(&self, variant: &Variant, path: &str) -> String {
        match (variant.tls, variant.h1) {
            (true, _) => format!("https://{}{path}", self.tls),
            (false, false) => format!("http://{}{path}", self.h2c),
            (false, true) => format!("http://{}{path}", self.h1),
        }
    }
}

/// One h2load run and the server's CPU time across it.
#[derive(Debug, Clone)]
pub struct Sample {
    /// What h2load printed.
    pub run: H2loadRun,
    /// The server's CPU time during it, ns.
    pub server_cpu_ns: u64,
}

/// Runs h2load once: `requests` requests for `path` from `target`.
pub fn once(
    program: &str,
    target: &Target,
    variant: &Variant,
    path: &str,
    requests: usize,
) -> anyhow::Result<Sample> {
    let mut args = vec![
        "-n".to_string(),
        requests.to_string(),
        "-c".to_string(),
        variant.conns.to_string(),
        "-m".to_string(),
        variant.in_flight.to_string(),
    ];
    if variant.h1 {
        args.push("--h1".to_string());
    }
    let pid = if variant.tls {
        target.tls_pid
    } else {
        target.pid
    };
    let cpu0 = procfs::cpu_ns(pid)?;
    let run = h2load::run(
        program,
        &args,
        &target.url(variant, path),
        Duration::from_secs(120),
    )?;
    let cpu1 = procfs::cpu_ns(pid)?;
    Ok(Sample {
        run,
        server_cpu_ns: cpu1.saturating_sub(cpu0),
    })
}

/// The median of several rounds of one cell of the table.
#[derive(Debug, Clone)]
pub struct Cell {
    /// Requests per second, the median round's.
    pub req_per_sec: f64,
    /// Server CPU per request, µs, median.
    pub cpu_us_per_req: f64,
    /// The last round's run (its octet counts are the same every round,
    /// within a date's digits).
    pub last: H2loadRun,
}

impl Cell {
    /// The median of `samples` (at least one).
    pub fn of(samples: &[Sample]) -> Cell {
        let rps: Vec<f64> = samples.iter().map(|s| s.run.req_per_sec).collect();
        let cpu: Vec<f64> = samples
            .iter()
            .map(|s| s.server_cpu_ns as f64 / 1000.0 / s.run.succeeded.max(1) as f64)
            .collect();
        Cell {
            req_per_sec: median(&rps).unwrap_or(0.0),
            cpu_us_per_req: median(&cpu).unwrap_or(0.0),
            last: samples[samples.len() - 1].run.clone(),
        }
    }
}

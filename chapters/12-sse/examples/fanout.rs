//! Fan-out: how long one publish takes to reach N open streams on one loop.
//!
//! ```console
//! $ cargo run --release -p ch12-sse --example fanout -- 5000
//! ```
//!
//! The server (the library, on a chapter 7 loop) runs in a thread; this process
//! opens N streams to it (both ends live here: 2N file descriptors, so keep N
//! under half the process's limit), publishes one event through the loop's
//! handle, and reads every stream until the event is there. It prints the time
//! from the publish to the last stream holding the event; reading N sockets one
//! after the other is part of that time, so it is an upper bound.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use ch07_event_loop::{Config as LoopConfig, spawn};
use ch11_long_polling::publisher::FeedMsg;
use ch12_sse::{SseConfig, SseService};

fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args().nth(1).map_or(Ok(1000), |a| a.parse())?;
    let server = spawn(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        SseService::new(SseConfig::default()),
        LoopConfig {
            max_conns: n + 100,
            ..LoopConfig::default()
        },
    )?;
    let addr = server.addr;
    let started = Instant::now();
    let mut streams = Vec::with_capacity(n);
    for _ in 0..n {
        let mut s = TcpStream::connect(addr)?;
        s.write_all(b"GET /events HTTP/1.1\r\nHost: x\r\n\r\n")?;
        streams.push(s);
    }
    // Wait until every stream has its head and retry (so all are registered).
    let mut buf = [0u8; 4096];
    for s in &mut streams {
        s.set_read_timeout(Some(Duration::from_secs(10)))?;
        let mut got = Vec::new();
        while !got.windows(7).any(|w| w == b"retry: ") {
            let k = s.read(&mut buf)?;
            anyhow::ensure!(k > 0, "a stream closed before its head");
            got.extend_from_slice(&buf[..k]);
        }
    }
    println!("{n} streams open in {:?}", started.elapsed());

    let t0 = Instant::now();
    server
        .handle()
        .send(FeedMsg::Publish("to everyone".into()))?;
    for s in &mut streams {
        let mut got = Vec::new();
        while !got.windows(11).any(|w| w == b"to everyone") {
            match s.read(&mut buf) {
                Ok(0) => anyhow::bail!("a stream closed before the event"),
                Ok(k) => got.extend_from_slice(&buf[..k]),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    let took = t0.elapsed();
    println!(
        "one publish reached all {n} streams in {took:?} ({:.1} µs per stream)",
        took.as_secs_f64() * 1e6 / n as f64
    );
    drop(streams);
    server.stop()?;
    Ok(())
}

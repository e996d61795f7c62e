//! How much memory does an idle WebSocket cost the server? Opens N WebSockets
//! to a server running in this process, lets them sit idle, and prints the
//! growth of the process's resident memory per connection.
//!
//! `cargo run --release -p ch10-ws-server --example idle_memory -- 5000`
//!
//! The client sockets live in this process too, but hold no user-space buffers
//! (a `TcpStream` is a file descriptor), so the growth is the server's: the
//! loop's entry, the connection's state, and the allocator's overhead. Kernel
//! socket buffers are not in RSS and are not counted. (Each connection is two
//! file descriptors here; the machine's limit of 20,000 per process caps N.)

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use ch07_event_loop::{Config, spawn};
use ch10_ws_server::{WsConfig, WsService};

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn open(addr: &str) -> std::io::Result<TcpStream> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "GET /echo HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )?;
    // The 101 is 129 bytes; read exactly the head.
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if s.read(&mut byte)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        head.push(byte[0]);
    }
    assert!(head.starts_with(b"HTTP/1.1 101 "));
    Ok(s)
}

fn main() -> std::io::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5000);
    let server = spawn(
        "127.0.0.1:0".parse().unwrap(),
        WsService::new(WsConfig::default()),
        Config::default(),
    )?;
    let addr = server.addr.to_string();
    // Warm up: the loop's read buffer, the scratch buffer, the allocator.
    let warm: Vec<TcpStream> = (0..100).map(|_| open(&addr)).collect::<Result<_, _>>()?;
    drop(warm);
    std::thread::sleep(Duration::from_millis(300));
    let mut conns = Vec::with_capacity(n);
    let before = rss_kib();
    for _ in 0..n {
        conns.push(open(&addr)?);
    }
    std::thread::sleep(Duration::from_millis(500));
    let after = rss_kib();
    let open_now = server.handle().stats().open;
    println!("idle WebSockets: {n} (server counts {open_now} open)");
    println!("resident memory: {before} KiB before, {after} KiB after");
    println!(
        "per idle WebSocket: {:.0} bytes (all of the process's growth, divided by {n})",
        (after.saturating_sub(before) * 1024) as f64 / n as f64
    );
    drop(conns);
    Ok(())
}

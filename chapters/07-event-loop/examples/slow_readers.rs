//! How much memory do slow readers of a big file cost a server? Starts a
//! server binary (`ch07-server` or `ch06-server`) on a temporary web root that
//! holds one big file, opens N connections that each GET it and then read only
//! a trickle (1 KiB every 2 s by default), and prints the server's resident
//! memory (`VmRSS` from `/proc/<pid>/status`) as the clients trickle along.
//!
//! ```text
//! cargo build --release -p ch06-http-server -p ch07-event-loop --bins --examples
//! target/release/examples/slow_readers --server target/release/ch07-server
//! ```
//!
//! The clients are in this process, the server in its own, so its RSS is the
//! server's alone. Kernel socket buffers (a few MiB per stalled connection on
//! loopback) are not in anyone's RSS and are not counted.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use ch01_tcp::cli::Args;
use ch01_tcp::testing::Server;

const USAGE: &str = "\
slow_readers: the memory a server spends on clients that read a big file slowly

USAGE:
    slow_readers [--server PATH] [--conns N] [--mib SIZE] [--read BYTES]
                 [--every SECS] [--for SECS]

OPTIONS:
    --server PATH   the server binary (default: ch07-server next to this example's directory)
    --conns N       slow connections (default 50)
    --mib SIZE      the file's size in MiB (default 32)
    --read BYTES    what each client reads per tick (default 1024)
    --every SECS    seconds between ticks (default 2)
    --for SECS      how long to run (default 10)
    --help          this text";

/// The server's resident set size in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let default_server = std::env::current_exe()?
        .parent()
        .and_then(|examples| examples.parent())
        .map(|dir| dir.join("ch07-server"))
        .unwrap_or_default();
    let server: PathBuf = args.parsed_or("--server", default_server)?;
    let conns: usize = args.parsed_or("--conns", 50)?;
    let mib: usize = args.parsed_or("--mib", 32)?;
    let read: usize = args.parsed_or("--read", 1024)?;
    let every: f64 = args.parsed_or("--every", 2.0)?;
    let run_for: f64 = args.parsed_or("--for", 10.0)?;
    args.finish()?;
    if !server.is_file() {
        bail!(
            "{}: no such server binary (build it, or pass --server)",
            server.display()
        );
    }

    let root = std::env::temp_dir().join(format!("slow-readers-{}", std::process::id()));
    std::fs::create_dir_all(&root)?;
    let file: Vec<u8> = (0..mib * 1024 * 1024).map(|i| (i % 251) as u8).collect();
    std::fs::write(root.join("big.bin"), &file).context("writing the big file")?;
    drop(file);
    let result = run(&server, &root, conns, mib, read, every, run_for);
    let _ = std::fs::remove_dir_all(&root);
    result
}

fn run(
    server: &std::path::Path,
    root: &std::path::Path,
    conns: usize,
    mib: usize,
    read: usize,
    every: f64,
    run_for: f64,
) -> anyhow::Result<()> {
    let name = server.file_name().unwrap_or_default().to_string_lossy();
    // A long timeout: the point is to watch slow readers, not to cut them off.
    let s = Server::start(
        server.to_str().context("a UTF-8 path")?,
        &[
            "--addr",
            "127.0.0.1:0",
            "--root",
            root.to_str().unwrap(),
            "--read-timeout",
            "600",
        ],
    )?;
    let pid = s.pid();
    println!(
        "{name} (pid {pid}), {conns} clients GET a {mib} MiB file, each reading {read} bytes every {every} s"
    );
    println!("{:>6}  {:>12}", "t (s)", "server RSS");
    println!(
        "{:>6.1}  {:>8} KiB   (before any request)",
        0.0,
        rss_kib(pid)
    );
    let mut clients = Vec::with_capacity(conns);
    for _ in 0..conns {
        let mut c = TcpStream::connect(s.addr())?;
        c.set_read_timeout(Some(Duration::from_secs(10)))?;
        c.write_all(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")?;
        clients.push(c);
    }
    let start = Instant::now();
    let mut buf = vec![0u8; read];
    let mut got = 0usize;
    while start.elapsed().as_secs_f64() < run_for {
        for c in &mut clients {
            got += c.read(&mut buf)?;
        }
        std::thread::sleep(Duration::from_secs_f64(every));
        println!(
            "{:>6.1}  {:>8} KiB",
            start.elapsed().as_secs_f64(),
            rss_kib(pid)
        );
    }
    println!("clients read {} KiB in all", got / 1024);
    Ok(())
}

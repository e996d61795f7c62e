//! `ch13-bench --all`: the book's other measurements in the same run, each by
//! calling the chapter's own library code (never a copy of it).
//!
//! - chapter 5: our request parser vs httparse ([`ch05_bench`]);
//! - chapter 9: masking byte by byte, word at a time, vs a plain copy
//!   ([`ch09_ws_frames::mask`], timed by [`ch09_ws_frames::throughput`]);
//! - chapter 7: the event loop vs chapter 6's thread per connection
//!   ([`ch07_bench`], servers run as child processes);
//! - chapter 10: our WebSocket echo vs fastwebsockets and tokio-tungstenite, if
//!   its bench binary is built (its peers are a workspace of their own);
//! - the raw TCP round trip, the floor ([`crate::floor`]).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use ch07_bench::load::{GET_TIME, closed_loop};
use ch07_bench::server::ServerProc;
use ch09_ws_frames::mask::{apply_mask, apply_mask_naive};
use ch09_ws_frames::throughput::{ROUNDS, gb_per_s};

use crate::floor;

/// The directory this binary lives in (target/release): sibling binaries.
fn bin_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The raw TCP floor, printed.
pub fn print_floor(rounds: usize) {
    match floor::measure(rounds, Duration::from_secs(10)) {
        Ok(f) => println!(
            "raw TCP round trip on loopback ({} B each way, {} round trips): p50 {:.1} µs, p99 {:.1} µs \
             (one way ≈ half)",
            floor::MESSAGE,
            f.rtt_us.count,
            f.rtt_us.p50,
            f.rtt_us.p99
        ),
        Err(e) => println!("raw TCP round trip: failed: {e}"),
    }
}

/// Chapter 5: parser vs httparse (chapter 5's compare prints its own table).
pub fn parser(quick: bool) {
    println!("\n## Chapter 5: request parser vs httparse\n");
    let time = Duration::from_millis(if quick { 50 } else { 300 });
    ch05_bench::compare(time, if quick { 1 } else { 3 });
}

/// Chapter 9: masking a 64 KiB payload.
pub fn mask(quick: bool) {
    println!("\n## Chapter 9: masking 64 KiB (GB/s, best of {ROUNDS})\n");
    let budget = Duration::from_millis(if quick { 10 } else { 40 });
    let len = 64 * 1024;
    let key = [0x37, 0xfa, 0x21, 0x3d];
    let mut buf = vec![0x5au8; len];
    let src = vec![0xa5u8; len];
    let best = |f: &mut dyn FnMut()| -> f64 {
        (0..ROUNDS)
            .map(|_| gb_per_s(len, budget, &mut *f))
            .fold(0.0, f64::max)
    };
    let naive = best(&mut || apply_mask_naive(std::hint::black_box(&mut buf), key, 0));
    let fast = best(&mut || apply_mask(std::hint::black_box(&mut buf), key, 0));
    let copy = best(&mut || buf.copy_from_slice(std::hint::black_box(&src)));
    println!("| byte loop | word loop (ours) | memcpy |\n|---:|---:|---:|");
    println!("| {naive:.2} | {fast:.2} | {copy:.2} |");
}

/// Chapter 7: the loop vs a thread per connection, `GET /time` back to back.
pub fn event_loop(quick: bool) {
    println!(
        "\n## Chapter 7: event loop vs thread per connection (GET /time, keep-alive, client ACKs at once)\n"
    );
    // Each server gets CPU 0, as in ch07-bench: unpinned on a 2-core machine,
    // ch06's hundred threads would also take the core the load client runs on,
    // and the figure would compare CPU counts, not designs.
    println!("servers pinned to CPU 0 (as ch07-bench); one round of each\n");
    let dir = bin_dir();
    let (ch06, ch07) = (dir.join("ch06-server"), dir.join("ch07-server"));
    if !ch06.exists() || !ch07.exists() {
        println!(
            "skipped: build them first: cargo build --release -p ch06-http-server -p ch07-event-loop"
        );
        return;
    }
    let secs = Duration::from_millis(if quick { 300 } else { 2000 });
    println!("| clients | server | requests/s | p50 µs | p99 µs |\n|---:|---|---:|---:|---:|");
    for clients in [1, 10, 100] {
        for (name, bin) in [("ch06 (threads)", &ch06), ("ch07 (loop)", &ch07)] {
            let line =
                ServerProc::start(bin, &["--read-timeout", "3600"], Some("0")).and_then(|s| {
                    // The client ACKs at once (as ch07-bench --quickack), so neither figure
                    // depends on the kernel's delayed-ACK timer (chapter 3).
                    let r = closed_loop(s.addr, clients, secs, GET_TIME, true)?;
                    Ok(format!(
                        "| {clients} | {name} | {:.0} | {} | {} |",
                        r.per_sec(),
                        r.latency_us(50.0),
                        r.latency_us(99.0)
                    ))
                });
            match line {
                Ok(l) => println!("{l}"),
                Err(e) => println!("| {clients} | {name} | failed: {e} | | |"),
            }
        }
    }
}

/// Chapter 10: the WebSocket echo comparison, if its bench binary is built.
pub fn websocket_echo(quick: bool) {
    println!("\n## Chapter 10: WebSocket echo vs fastwebsockets and tokio-tungstenite\n");
    let bin = bin_dir().join("ch10-bench");
    if !bin.exists() {
        println!(
            "skipped: {} is not built: cargo build --release -p ch10-ws-server -p ch10-bench, and the \
             other servers (a workspace of their own): cargo build --release \
             --manifest-path chapters/10-ws-server/bench/Cargo.toml, then run \
             ch13-bench --all again",
            bin.display()
        );
        return;
    }
    // A smaller run than ch10-bench's defaults: this is one section of many.
    let args: &[&str] = if quick {
        &[
            "--rounds", "1", "--secs", "0.3", "--sizes", "16", "--conns", "1,10", "--idle", "0",
        ]
    } else {
        &[
            "--rounds", "3", "--secs", "1", "--sizes", "16,1024", "--conns", "1,10,100", "--idle",
            "1000",
        ]
    };
    println!("running {} {}", bin.display(), args.join(" "));
    match Command::new(&bin).args(args).status() {
        Ok(s) if s.success() => {}
        Ok(s) => println!("{} exited with {s}", bin.display()),
        Err(e) => println!("could not run {}: {e}", bin.display()),
    }
}

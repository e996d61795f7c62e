//! `ch14-bench`: what TLS costs our servers, measured, and written into the
//! book as `book/src/measured/tls.md`.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use ch01_tcp::cli::Args;
use ch07_bench::procfs;
use ch07_bench::server::ServerProc;
use ch14_bench::alloc::Counting;
use ch14_bench::client::{KeyShare, Version, client_config};
use ch14_bench::echo::Target;
use ch14_bench::idle;
use ch14_bench::nginx::{self, Nginx};
use ch14_bench::report::Table;
use ch14_bench::tables::{self, Bins, Plan};
use ch14_tls::testing::Pki;

/// Counts what the in-process servers hold (the `heap` measurement); every
/// other thread pays one thread-local read per allocation.
#[global_allocator]
static ALLOCATOR: Counting = Counting;

const USAGE: &str = "\
ch14-bench: what TLS costs our servers (chapter 14), against the same servers over
plain TCP and against nginx terminating TLS in front of them

USAGE:
    taskset -c 1 target/release/ch14-bench [--server-cpu 0] [OPTIONS]

Build first:
    cargo build --release -p ch10-ws-server -p ch13-showdown -p ch14-tls -p ch14-bench
The servers (ch13-server, ch14-server, ch10-server, ch14-ws-server) are started from
this binary's directory, each pinned with `taskset -c SERVER_CPU`, and so is nginx
(Debian's, where it was found when this was built). Pin this process, the clients,
to another CPU.

Measures:
  handshakes  new connections, each one request (GET /state, Connection: close),
              from --threads client threads: connections/s, server and client CPU
              per connection (/proc/PID/task/*/schedstat), and, one connection at a
              time, the client's flights before the answer, the time to its first
              byte and the bytes each way; over plain TCP and TLS 1.3 and 1.2, full
              and resumed; ours (ch13-server over TCP, ch14-server over TLS) and nginx
  bytes       one WebSocket message (/ws) and one SSE event (/events) of ch14-server
              per payload size, taken apart: payload, event JSON, framing,
              plaintext, and the ciphertext and records counted below rustls
  echo        chapter 10's echo with --conns connections, --in-flight messages in
              flight on each: ch10-server (ws), ch14-ws-server (wss), and nginx
              (wss) in front of ch10-server; messages/s, server CPU per message
  idle        --idle silent WebSockets (handshakes and upgrade done) to a fresh
              ch10-server and ch14-ws-server: RSS per connection (/proc VmRSS)
  heap        the same servers run in this process, --heap idle connections, a
              counting allocator: the heap blocks each connection holds, by size

OPTIONS:
    --server-cpu LIST   CPUs for the servers, as taskset -c takes them (default 0)
    --rounds N          rounds of the handshake and echo runs, alternated (default 3)
    --handshakes N      connections per handshake run (default 2000)
    --threads N         client threads for the handshake runs (default 4)
    --first-byte N      connections timed one at a time, per kind (default 200)
    --sizes LIST        payload bytes for bytes and echo (default 16,1024,65536)
    --events N          events sent per size for bytes (default 5)
    --conns N           echo connections (default 100)
    --in-flight K       echo messages in flight per connection (default 8)
    --secs S            seconds per echo run (default 1)
    --idle N            idle connections per server; 0 skips it (default 10000)
    --heap N            idle connections for the heap view; 0 skips it (default 2000)
    --no-nginx          leave nginx out
    --syscalls          echo: one more run per server and size under `perf stat -e
                        raw_syscalls:sys_enter -p PIDS`: system calls per message
    --out DIR           where to write tls.md (default: the book's src/measured/)
    --machine TEXT      the machine, for the note under the tables
                        (default \"2-core x86_64 VM\")
    --help              this text";

fn list(s: &str) -> anyhow::Result<Vec<usize>> {
    s.split(',')
        .map(|n| {
            n.trim()
                .parse()
                .with_context(|| format!("not a number: {n:?}"))
        })
        .collect()
}

fn options() -> anyhow::Result<Plan> {
    let mut args = Args::from_env(USAGE);
    let o = Plan {
        cpu: args.parsed_or("--server-cpu", "0".to_string())?,
        rounds: args.parsed_or("--rounds", 3)?,
        handshakes: args.parsed_or("--handshakes", 2000)?,
        threads: args.parsed_or("--threads", 4)?,
        first_byte: args.parsed_or("--first-byte", 200)?,
        sizes: list(&args.parsed_or("--sizes", "16,1024,65536".to_string())?)?,
        events: args.parsed_or("--events", 5)?,
        conns: args.parsed_or("--conns", 100)?,
        in_flight: args.parsed_or("--in-flight", 8)?,
        secs: args.parsed_or("--secs", 1.0)?,
        idle: args.parsed_or("--idle", 10_000)?,
        heap: args.parsed_or("--heap", 2000)?,
        nginx: !args.flag("--no-nginx"),
        syscalls: args.flag("--syscalls"),
        out: args.value("--out")?.map(PathBuf::from).unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../book/src/measured"
            ))
        }),
        machine: args.parsed_or("--machine", "2-core x86_64 VM".to_string())?,
    };
    args.finish()?;
    let positive = [
        o.rounds,
        o.handshakes,
        o.threads,
        o.first_byte,
        o.events,
        o.conns,
        o.in_flight,
    ];
    if positive.contains(&0) || !(o.secs > 0.0 && o.secs < 600.0) {
        bail!(
            "--rounds, --handshakes, --threads, --first-byte, --events, --conns and --in-flight must be at least 1, --secs in (0, 600)"
        );
    }
    if o.idle > 15_000 || o.heap > 8_000 {
        bail!("--idle is at most 15000 and --heap at most 8000 (20,000 open files per process)");
    }
    Ok(o)
}

fn bins() -> anyhow::Result<Bins> {
    let me = std::env::current_exe().context("finding this binary")?;
    let dir = me.parent().unwrap_or(Path::new("."));
    let bins = Bins {
        ch10: dir.join("ch10-server"),
        ch13: dir.join("ch13-server"),
        ch14: dir.join("ch14-server"),
        ch14_ws: dir.join("ch14-ws-server"),
    };
    for b in [&bins.ch10, &bins.ch13, &bins.ch14, &bins.ch14_ws] {
        if !b.exists() {
            bail!(
                "{} is missing: cargo build --release -p ch10-ws-server -p ch13-showdown -p ch14-tls -p ch14-bench",
                b.display()
            );
        }
    }
    Ok(bins)
}

fn main() -> anyhow::Result<()> {
    let o = options()?;
    let bins = bins()?;
    idle::allow_open_files(o.idle as u64 + 1000)?;
    let nginx_bin = if o.nginx { nginx::NGINX } else { None };
    let pki = Pki::make();
    let cert = pki.cert.to_str().context("a UTF-8 path")?.to_string();
    let key = pki.key.to_str().context("a UTF-8 path")?.to_string();
    let tls_args = ["--cert", cert.as_str(), "--key", key.as_str()];
    println!(
        "ch14-bench: servers on CPUs {}, clients on CPUs {}; nginx: {}",
        o.cpu,
        procfs::own_cpus().unwrap_or_else(|| "?".into()),
        nginx_bin.unwrap_or("left out")
    );
    let cpu = Some(o.cpu.as_str());
    let ch13 = ServerProc::start(&bins.ch13, &["--rate", "0"], cpu)?;
    let ch14 = ServerProc::start(&bins.ch14, &[&["--rate", "0"][..], &tls_args].concat(), cpu)?;
    let ch10 = ServerProc::start(&bins.ch10, &[], cpu)?;
    let ch14_ws = ServerProc::start(&bins.ch14_ws, &tls_args, cpu)?;
    let nginx = match nginx_bin {
        Some(program) => Some(Nginx::start(program, &pki, cpu, Some(ch10.addr), None)?),
        None => None,
    };
    let nginx_64k = match nginx_bin {
        Some(program) => Some(Nginx::start(
            program,
            &pki,
            cpu,
            Some(ch10.addr),
            Some("64k"),
        )?),
        None => None,
    };
    let mut done = Vec::new();
    done.push(tables::handshake_table(
        &o,
        &pki,
        &ch13,
        &ch14,
        nginx.as_ref(),
    )?);
    println!("{}", done.last().map(Table::text).unwrap_or_default());
    let config13 = client_config(&pki, Version::Tls13, true, KeyShare::X25519);
    done.push(tables::bytes_table(&o, &pki, &config13)?);
    println!("{}", done.last().map(Table::text).unwrap_or_default());
    let mut targets = vec![
        Target {
            name: "ch10-server (ws)",
            addr: ch10.addr,
            tls: None,
            pids: vec![ch10.pid()],
        },
        Target {
            name: "ch14-ws-server (wss)",
            addr: ch14_ws.addr,
            tls: Some(config13.clone()),
            pids: vec![ch14_ws.pid()],
        },
    ];
    for (name, n) in [
        ("nginx (wss) → ch10-server", &nginx),
        ("nginx, 64k buffers (wss) → ch10-server", &nginx_64k),
    ] {
        if let Some(n) = n {
            targets.push(Target {
                name,
                addr: n.tls,
                tls: Some(config13.clone()),
                pids: vec![n.pid(), ch10.pid()],
            });
        }
    }
    done.push(tables::echo_table(&o, &targets)?);
    println!("{}", done.last().map(Table::text).unwrap_or_default());
    drop((ch13, ch14, ch10, ch14_ws, nginx, nginx_64k));
    if o.idle > 0 {
        done.push(tables::idle_table(&o, &bins, &pki, &tls_args)?);
        println!("{}", done.last().map(Table::text).unwrap_or_default());
    }
    if o.heap > 0 {
        done.push(tables::heap_table(&o, &pki)?);
        println!("{}", done.last().map(Table::text).unwrap_or_default());
    }
    write_book(&o, &done)
}

fn write_book(o: &Plan, tables: &[Table]) -> anyhow::Result<()> {
    ch14_bench::report::write_book(tables, &o.machine, &o.cpu, &o.out, "tls.md")
}

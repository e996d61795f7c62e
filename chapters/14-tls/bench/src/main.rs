//! `ch14-bench`: what TLS costs our servers, measured, and written into the
//! book as `book/src/measured/tls.md`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use anyhow::{Context, bail};
use ch01_tcp::cli::Args;
use ch07_bench::procfs;
use ch07_bench::server::ServerProc;
use ch07_event_loop::Config;
use ch07_event_loop::summary::median;
use ch10_bench::echo_load::EchoLoad;
use ch13_showdown::ShowdownConfig;
use ch14_bench::alloc::Counting;
use ch14_bench::client::{KeyShare, Version, client_config, connect_wss};
use ch14_bench::echo::{self, Target};
use ch14_bench::handshake::{self, Run};
use ch14_bench::idle;
use ch14_bench::memory::{self, Attribution};
use ch14_bench::nginx::{self, Nginx};
use ch14_bench::overhead::{self, PER_RECORD};
use ch14_bench::report::{Table, size_name};
use ch14_tls::testing::Pki;
use rustls::ClientConfig;

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

/// What the command line asked for.
struct Options {
    cpu: String,
    rounds: usize,
    handshakes: usize,
    threads: usize,
    first_byte: usize,
    sizes: Vec<usize>,
    events: usize,
    conns: usize,
    in_flight: usize,
    secs: f64,
    idle: usize,
    heap: usize,
    nginx: bool,
    syscalls: bool,
    out: PathBuf,
    machine: String,
}

fn options() -> anyhow::Result<Options> {
    let mut args = Args::from_env(USAGE);
    let o = Options {
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

/// The server binaries, found beside this one.
struct Bins {
    ch10: PathBuf,
    ch13: PathBuf,
    ch14: PathBuf,
    ch14_ws: PathBuf,
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
    let mut tables = Vec::new();
    tables.push(handshakes(&o, &pki, &ch13, &ch14, nginx.as_ref())?);
    println!("{}", tables.last().map(Table::text).unwrap_or_default());
    let config13 = client_config(&pki, Version::Tls13, true, KeyShare::X25519);
    tables.push(bytes(&o, &pki, &config13)?);
    println!("{}", tables.last().map(Table::text).unwrap_or_default());
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
    tables.push(echo_table(&o, &targets)?);
    println!("{}", tables.last().map(Table::text).unwrap_or_default());
    drop((ch13, ch14, ch10, ch14_ws, nginx, nginx_64k));
    if o.idle > 0 {
        tables.push(idle_table(&o, &bins, &pki, &tls_args)?);
        println!("{}", tables.last().map(Table::text).unwrap_or_default());
    }
    if o.heap > 0 {
        tables.push(heap_table(&o, &pki)?);
        println!("{}", tables.last().map(Table::text).unwrap_or_default());
    }
    write_book(&o, &tables)
}

/// One kind of connection in the handshake table.
struct Kind {
    server: &'static str,
    label: String,
    addr: SocketAddr,
    tls: Option<Arc<ClientConfig>>,
    resume: bool,
    pids: Vec<u32>,
    /// The row of the same server over plain TCP.
    plain: usize,
}

fn kinds(pki: &Pki, ch13: &ServerProc, ch14: &ServerProc, nginx: Option<&Nginx>) -> Vec<Kind> {
    let mut out = Vec::new();
    let mut add = |server: &'static str,
                   plain_addr: SocketAddr,
                   tls_addr: SocketAddr,
                   pids: Vec<u32>,
                   plain_pids: Vec<u32>,
                   name: &str| {
        let plain = out.len();
        let tls_name = if server == "ours" {
            "ch14-server"
        } else {
            name
        };
        out.push(Kind {
            server,
            label: format!("plain TCP ({name})"),
            addr: plain_addr,
            tls: None,
            resume: false,
            pids: plain_pids,
            plain,
        });
        let shapes = [
            (Version::Tls13, false, KeyShare::X25519, "full"),
            (Version::Tls13, true, KeyShare::X25519, "resumed"),
            (Version::Tls12, false, KeyShare::X25519, "full"),
            (Version::Tls12, true, KeyShare::X25519, "resumed"),
            (Version::Tls13, false, KeyShare::RingDefault, "full, P-384"),
        ];
        for (version, resume, share, how) in shapes {
            out.push(Kind {
                server,
                label: format!("{}, {how} ({tls_name})", version.name()),
                addr: tls_addr,
                tls: Some(client_config(pki, version, resume, share)),
                resume,
                pids: pids.clone(),
                plain,
            });
        }
    };
    add(
        "ours",
        ch13.addr,
        ch14.addr,
        vec![ch14.pid()],
        vec![ch13.pid()],
        "ch13-server",
    );
    if let Some(n) = nginx {
        add(
            "nginx",
            n.plain,
            n.tls,
            vec![n.pid()],
            vec![n.pid()],
            "nginx",
        );
    }
    out
}

fn handshakes(
    o: &Options,
    pki: &Pki,
    ch13: &ServerProc,
    ch14: &ServerProc,
    nginx: Option<&Nginx>,
) -> anyhow::Result<Table> {
    let kinds = kinds(pki, ch13, ch14, nginx);
    println!(
        "\nhandshakes: {} connections per run from {} threads, {} rounds; then {} one at a time",
        o.handshakes, o.threads, o.rounds, o.first_byte
    );
    // One connection at a time: flights, first byte, bytes (no queueing).
    let mut alone: Vec<Run> = Vec::new();
    for k in &kinds {
        let run = handshake::run(k.addr, k.tls.clone(), k.resume, o.first_byte, 1, 0, &k.pids)
            .with_context(|| format!("{} {} one at a time", k.server, k.label))?;
        alone.push(run);
    }
    // Many at once, kinds rotated round by round.
    let mut runs: Vec<Vec<Run>> = kinds.iter().map(|_| Vec::new()).collect();
    for round in 0..o.rounds {
        for j in 0..kinds.len() {
            let i = (j + round) % kinds.len();
            let k = &kinds[i];
            let run = handshake::run(
                k.addr,
                k.tls.clone(),
                k.resume,
                o.handshakes,
                o.threads,
                0,
                &k.pids,
            )
            .with_context(|| format!("{} {}", k.server, k.label))?;
            runs[i].push(run);
        }
    }
    let mut table = Table::new(
        "A new connection: handshake, one request, close",
        &[
            "server",
            "connection",
            "resumed",
            "connections/s",
            "server CPU µs",
            "of it TLS",
            "client CPU µs",
            "client flights",
            "first byte p50",
            "bytes out / in",
        ],
        &format!(
            "Each connection sends one `GET /state` with `Connection: close` and reads the answer. \
             connections/s and CPU per connection: {} connections from {} client threads, median of {} rounds; \
             CPU from /proc/PID/task/*/schedstat (nginx: its one process). \
             \"of it TLS\": server CPU minus the same server's over plain TCP. \
             Client flights, first byte (from connect()) and bytes: {} connections one at a time, medians; \
             each flight but the last is one round trip before the request can go, after TCP's own.",
            o.handshakes, o.threads, o.rounds, o.first_byte
        ),
    );
    let med = |runs: &[Run], f: &dyn Fn(&Run) -> f64| {
        median(&runs.iter().map(f).collect::<Vec<_>>()).unwrap_or(0.0)
    };
    for (i, k) in kinds.iter().enumerate() {
        let server_us = med(&runs[i], &|r| r.server_us());
        let plain_us = med(&runs[k.plain], &|r| r.server_us());
        let a = &alone[i];
        let flights: Vec<u32> = a.conns.iter().map(|c| c.flights).collect();
        let first: Vec<u32> = a
            .conns
            .iter()
            .map(|c| c.first_byte.as_micros() as u32)
            .collect();
        let out: Vec<u64> = a.conns.iter().map(|c| c.bytes_out).collect();
        let inn: Vec<u64> = a.conns.iter().map(|c| c.bytes_in).collect();
        let last = runs[i].last().expect("at least one round");
        table.row(vec![
            k.server.to_string(),
            k.label.clone(),
            if k.tls.is_some() {
                format!("{}/{}", last.resumed(), last.conns.len())
            } else {
                "–".into()
            },
            format!("{:.0}", med(&runs[i], &|r| r.per_sec())),
            format!("{server_us:.0}"),
            if k.tls.is_some() {
                format!("{:+.0}", server_us - plain_us)
            } else {
                "–".into()
            },
            format!("{:.0}", med(&runs[i], &|r| r.client_us())),
            median(&flights).unwrap_or(0).to_string(),
            format!("{} µs", median(&first).unwrap_or(0)),
            format!(
                "{} / {}",
                median(&out).unwrap_or(0),
                median(&inn).unwrap_or(0)
            ),
        ]);
    }
    Ok(table)
}

fn bytes(o: &Options, pki: &Pki, config: &Arc<ClientConfig>) -> anyhow::Result<Table> {
    // In this process: the showdown allows chat-sized messages (4 KiB) by
    // default, and the largest payload measured must pass.
    let largest = o.sizes.iter().copied().max().unwrap_or(0) as u64;
    let options = ShowdownConfig {
        max_message: largest.max(ShowdownConfig::default().max_message),
        ..ShowdownConfig::default()
    };
    let tls = ch14_tls::server_config(&pki.cert, &pki.key)?;
    let addr: SocketAddr = "127.0.0.1:0".parse().expect("an address");
    let server = ch14_tls::server::start(addr, tls, options, Config::default(), None)?;
    let found = overhead::measure(pki, server.addr, config, &o.sizes, o.events)
        .context("measuring bytes per event")?;
    drop(server);
    let mut table = Table::new(
        "One event on the wire over TLS 1.3 (chapter 13's showdown over TLS)",
        &[
            "transport",
            "payload",
            "+ event JSON",
            "+ framing",
            "= plaintext",
            "on the wire",
            "TLS adds",
            "records",
            "checks",
        ],
        &format!(
            "Counted at the client: plaintext as rustls decrypted it, ciphertext and records as the socket \
             received them. Framing: the WebSocket frame header; for SSE the `id:`/`data:` lines, the blank line, \
             and the chunk's size line and CRLF. Checks: on the wire = plaintext + {PER_RECORD} × records, and \
             records = ⌈plaintext / 16,384⌉, for every one of the {} events per size.",
            o.events
        ),
    );
    for t in ["WebSocket", "SSE"] {
        for r in &found {
            let l = if t == "WebSocket" { r.ws } else { r.sse };
            table.row(vec![
                t.to_string(),
                size_name(l.payload),
                l.json.to_string(),
                l.framing.to_string(),
                l.plaintext().to_string(),
                l.wire.to_string(),
                l.tls().to_string(),
                l.records.to_string(),
                if r.wrong == 0 {
                    "✓".to_string()
                } else {
                    format!("{} of {} differ", r.wrong, 2 * r.events)
                },
            ]);
        }
    }
    Ok(table)
}

fn echo_table(o: &Options, targets: &[Target]) -> anyhow::Result<Table> {
    println!(
        "\necho: {} connections × {} in flight, {} s per run, {} rounds",
        o.conns, o.in_flight, o.secs, o.rounds
    );
    let mut header = vec![
        "message",
        "server",
        "messages/s",
        "÷ ws",
        "server CPU µs/msg",
        "p50 µs",
        "p99 µs",
        "client CPU",
    ];
    if o.syscalls {
        header.push("server syscalls/msg");
    }
    let mut table = Table::new(
        "Chapter 10's echo over ws and wss",
        &header,
        &format!(
            "{} connections, {} binary messages in flight on each, {} s per run, median of {} rounds (servers \
             alternated). ÷ ws: the median of the per-round ratios to ch10-server's messages/s. Server CPU \
             after the connections are open (nginx: nginx's and ch10-server's together, both on the servers' \
             CPU). nginx relays a WebSocket through a buffer of `proxy_buffer_size` each way: one 4 KiB page by \
             default, 64 KiB in the \"64k buffers\" row. Client CPU: the load client's CPU time over the run's \
             time; near 100 % the client, not the server, set the pace.{}",
            o.conns,
            o.in_flight,
            o.secs,
            o.rounds,
            if o.syscalls {
                " Syscalls: one more run per server under `perf stat -e raw_syscalls:sys_enter`."
            } else {
                ""
            }
        ),
    );
    for &size in &o.sizes {
        let load = EchoLoad {
            conns: o.conns,
            in_flight: o.in_flight,
            size,
            duration: Duration::from_secs_f64(o.secs),
        };
        let mut results: Vec<Vec<echo::Round>> = targets.iter().map(|_| Vec::new()).collect();
        for round in 0..o.rounds {
            for j in 0..targets.len() {
                let i = (j + round) % targets.len();
                let r = echo::round(&targets[i], &load, false)
                    .with_context(|| format!("{} with {}", targets[i].name, size_name(size)))?;
                results[i].push(r);
            }
        }
        let mut syscalls = Vec::new();
        for t in targets.iter().filter(|_| o.syscalls) {
            let r =
                echo::round(t, &load, true).with_context(|| format!("{} under perf", t.name))?;
            syscalls.push(r.syscalls_per_msg);
        }
        for (i, t) in targets.iter().enumerate() {
            let rs = &results[i];
            let col = |f: &dyn Fn(&echo::Round) -> f64| {
                median(&rs.iter().map(f).collect::<Vec<_>>()).unwrap_or(0.0)
            };
            let ratios: Vec<f64> = rs
                .iter()
                .zip(&results[0])
                .map(|(r, ws)| r.per_sec / ws.per_sec)
                .collect();
            table.row(vec![
                size_name(size),
                t.name.to_string(),
                format!("{:.0}", col(&|r| r.per_sec)),
                if i == 0 {
                    "–".into()
                } else {
                    format!("{:.2}", median(&ratios).unwrap_or(0.0))
                },
                format!("{:.2}", col(&|r| r.server_us)),
                format!("{:.0}", col(&|r| r.p50_us as f64)),
                format!("{:.0}", col(&|r| r.p99_us as f64)),
                format!("{:.0} %", col(&|r| r.client_load) * 100.0),
            ]);
            if let Some(Some(n)) = syscalls.get(i) {
                table
                    .rows
                    .last_mut()
                    .expect("a row")
                    .push(format!("{n:.2}"));
            }
        }
    }
    Ok(table)
}

fn idle_table(o: &Options, bins: &Bins, pki: &Pki, tls_args: &[&str]) -> anyhow::Result<Table> {
    let n = o.idle;
    println!("\nidle: {n} WebSockets per server");
    let cap = (n + 1000).to_string();
    let cpu = Some(o.cpu.as_str());
    let mut table = Table::new(
        &format!("{n} idle WebSockets"),
        &[
            "server",
            "RSS before",
            "RSS after",
            "per connection",
            "TLS adds",
        ],
        "Fresh servers; one connection and a pause first, so one-time allocations land in \"before\"; \
         then the connections, each with its handshake (TLS 1.3, full) and upgrade done, then silent. \
         RSS: VmRSS from /proc/PID/status.",
    );
    let ws = {
        let server = ServerProc::start(&bins.ch10, &["--max-conns", &cap], cpu)?;
        idle::measure(server.pid(), n, |i| {
            ch10_bench::echo_load::connect_ws(i, server.addr, "/echo")
        })?
    };
    let wss = {
        let config = client_config(pki, Version::Tls13, false, KeyShare::X25519);
        let server = ServerProc::start(
            &bins.ch14_ws,
            &[&["--max-conns", cap.as_str()][..], tls_args].concat(),
            cpu,
        )?;
        idle::measure(server.pid(), n, |i| {
            connect_wss(i, server.addr, "/echo", &config)
        })?
    };
    for (name, r) in [("ch10-server (ws)", ws), ("ch14-ws-server (wss)", wss)] {
        table.row(vec![
            name.to_string(),
            format!("{} KiB", r.before_kib),
            format!("{} KiB", r.after_kib),
            format!("{:.0} bytes", r.per_conn()),
            if name.contains("wss") {
                format!("{:+.0} bytes", r.per_conn() - ws.per_conn())
            } else {
                "–".into()
            },
        ]);
    }
    Ok(table)
}

fn heap_table(o: &Options, pki: &Pki) -> anyhow::Result<Table> {
    let n = o.heap;
    println!("\nheap: {n} idle WebSockets per server, in this process");
    let server = ch14_tls::server_config(&pki.cert, &pki.key)?;
    let plain = memory::plain(n).context("the heap of ch10's server")?;
    let client = client_config(pki, Version::Tls13, false, KeyShare::X25519);
    let tls = memory::tls(server, client, n).context("the heap over TLS")?;
    let mut table = Table::new(
        &format!("What the heap holds for {n} idle WebSockets (chapter 10's server, in process)"),
        &[
            "transport",
            "heap per connection",
            "blocks every connection holds",
            "rest",
            "transport in the loop's table",
        ],
        "The server's loop thread runs in the bench with a counting allocator; blocks still allocated \
         after the connections, minus before, by size. \"Blocks every connection holds\": sizes that grew \
         by at least one block per two connections, as size × blocks per connection. Rest: the loop's \
         tables (grown by doubling) and rarer blocks. The last column is inline in a table of \
         Option<transport>, one slot per connection.",
    );
    for (name, a) in [("plain TCP", &plain), ("TLS 1.3", &tls)] {
        table.row(vec![
            name.to_string(),
            format!("{:.0} bytes", a.heap_per_conn),
            held(a),
            format!("{:.0} bytes", a.rest_per_conn),
            format!("{} bytes", a.transport_size),
        ]);
    }
    Ok(table)
}

fn held(a: &Attribution) -> String {
    if a.held.is_empty() {
        return "none".into();
    }
    a.held
        .iter()
        .take(8)
        .map(|h| {
            if (h.per_conn - h.per_conn.round()).abs() < 0.02 {
                format!("{} × {}", h.size, h.per_conn.round())
            } else {
                format!("{} × {:.2}", h.size, h.per_conn)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn write_book(o: &Options, tables: &[Table]) -> anyhow::Result<()> {
    let date = ch06_http_server::clock::iso_time(SystemTime::now());
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = format!("taskset -c 1 target/release/ch14-bench {}", args.join(" "));
    let mut md = String::new();
    for t in tables {
        md.push_str(&t.markdown());
        md.push('\n');
    }
    md.push_str(&format!(
        "Measured on a {}, {}, with `{}` (servers on CPU {}).\n",
        o.machine,
        &date[..10],
        command.trim_end(),
        o.cpu
    ));
    std::fs::create_dir_all(&o.out).with_context(|| format!("creating {}", o.out.display()))?;
    let path = o.out.join("tls.md");
    std::fs::write(&path, md).with_context(|| format!("writing {}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

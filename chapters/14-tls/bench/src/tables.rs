//! Each measurement, run and turned into its table (text for the terminal,
//! Markdown for the book): handshakes, bytes per event, the echo, idle
//! memory, and the heap's view of an idle connection. `main.rs` starts the
//! servers and calls these in order.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use ch07_bench::server::ServerProc;
use ch07_event_loop::Config;
use ch07_event_loop::summary::median;
use ch10_bench::echo_load::EchoLoad;
use ch13_showdown::ShowdownConfig;
use ch14_tls::testing::Pki;
use rustls::ClientConfig;

use crate::client::{KeyShare, Version, client_config, connect_wss};
use crate::echo::{self, Target};
use crate::handshake::{self, Run};
use crate::idle;
use crate::memory::{self, Attribution};
use crate::nginx::Nginx;
use crate::overhead::{self, PER_RECORD};
use crate::report::{Table, size_name};

/// What to measure, and how much: the command line's options.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The servers' CPUs, as `taskset -c` takes them.
    pub cpu: String,
    /// Rounds of the handshake and echo runs, alternated.
    pub rounds: usize,
    /// Connections per handshake run.
    pub handshakes: usize,
    /// Client threads for the handshake runs.
    pub threads: usize,
    /// Connections timed one at a time, per kind.
    pub first_byte: usize,
    /// Payload sizes for the bytes and the echo.
    pub sizes: Vec<usize>,
    /// Events sent per size for the bytes.
    pub events: usize,
    /// Echo connections.
    pub conns: usize,
    /// Echo messages in flight per connection.
    pub in_flight: usize,
    /// Seconds per echo run.
    pub secs: f64,
    /// Idle connections per server (0: none).
    pub idle: usize,
    /// Idle connections for the heap view (0: none).
    pub heap: usize,
    /// Whether nginx is measured too.
    pub nginx: bool,
    /// Whether each echo gets one more run under `perf stat`.
    pub syscalls: bool,
    /// Where `tls.md` goes.
    pub out: PathBuf,
    /// The machine, for the note under the tables.
    pub machine: String,
}

/// The server binaries the bench starts.
#[derive(Debug, Clone)]
pub struct Bins {
    /// `ch10-server`: chapter 10's echo over ws.
    pub ch10: PathBuf,
    /// `ch13-server`: the showdown over plain TCP.
    pub ch13: PathBuf,
    /// `ch14-server`: the showdown over TLS.
    pub ch14: PathBuf,
    /// `ch14-ws-server`: chapter 10's echo over wss.
    pub ch14_ws: PathBuf,
}

/// One kind of connection in the handshake table.
struct Kind {
    /// "ours" or "nginx".
    server: &'static str,
    /// The row's name: the TLS version and handshake, and the server.
    label: String,
    addr: SocketAddr,
    /// The client's TLS configuration; `None` for plain TCP.
    tls: Option<Arc<ClientConfig>>,
    /// Whether sessions are resumed (the cache is filled first).
    resume: bool,
    /// The processes whose CPU time counts.
    pids: Vec<u32>,
    /// The row of the same server over plain TCP.
    plain: usize,
}

/// Every row of the handshake table: for our servers and for nginx, plain
/// TCP, then TLS 1.3 and 1.2, full and resumed, with an X25519 key share, and
/// a full TLS 1.3 handshake with rustls+ring's default P-384 share.
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

/// The handshake table: see [`handshake`] and [`kinds`].
pub fn handshake_table(
    o: &Plan,
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

/// The bytes table: one WebSocket message and one SSE event per payload
/// size, taken apart ([`overhead`]), from chapter 13's showdown over TLS run
/// in this process.
pub fn bytes_table(o: &Plan, pki: &Pki, config: &Arc<ClientConfig>) -> anyhow::Result<Table> {
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

/// The echo table: every target under the same load, round by round
/// ([`echo`]), and with `o.syscalls` one more run each under `perf`.
pub fn echo_table(o: &Plan, targets: &[Target]) -> anyhow::Result<Table> {
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

/// The idle table: fresh `ch10-server` and `ch14-ws-server` processes, `o.idle`
/// silent WebSockets each ([`idle`]); `tls_args` names the certificate.
pub fn idle_table(o: &Plan, bins: &Bins, pki: &Pki, tls_args: &[&str]) -> anyhow::Result<Table> {
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

/// The heap table: the same two servers in this process, `o.heap` idle
/// connections each, seen by the counting allocator ([`memory`]).
pub fn heap_table(o: &Plan, pki: &Pki) -> anyhow::Result<Table> {
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
         tables (grown by doubling) and rarer blocks. The last column is inline in the loop's table \
         of `Option<transport>`, one slot per connection.",
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

//! `ch15-bench`: HTTP/2 against HTTP/1.1, measured, and written into the
//! book as `book/src/measured/h2.md`.

use std::path::PathBuf;

use anyhow::{Context, bail};
use ch01_tcp::cli::Args;
use ch07_bench::procfs;
use ch07_bench::server::ServerProc;
use ch14_bench::report::Table;
use ch14_tls::testing::Pki;
use ch15_bench::h2load::H2LOAD;
use ch15_bench::nginx::NginxFiles;
use ch15_bench::requests::Target;
use ch15_bench::site::Site;
use ch15_bench::tables::{self, Plan};

const USAGE: &str = "\
ch15-bench: HTTP/2 against HTTP/1.1 on this machine (chapter 15): h2load against
ch15-server and nginx, the octets of a long-poll cycle with and without HPACK, and
SSE fan-out over one HTTP/2 connection or a connection per stream

USAGE:
    taskset -c 1 target/release/ch15-bench [--server-cpu 0] [OPTIONS]

Build first:
    cargo build --release -p ch15-http2 -p ch15-bench
ch15-server is started from this binary's directory, pinned with `taskset -c
SERVER_CPU`, and so is nginx (Debian's, where it was found when this was built).
h2load (Debian's nghttp2-client) and this process, the clients, run where this
process is pinned.

Measures:
  requests  h2load GETs of the same two files (a small JSON, chapter 13's page) from
            one directory, from ch15-server (--root) and nginx (http2 on): h2c and h2
            over TLS, 10 connections × 10 streams; HTTP/1.1 and HTTP/1.1 over TLS,
            100 connections × 1; HTTP/1.1 pipelined, 10 × 10. Requests/s, server
            CPU per request, response head octets and HPACK's savings
  polls     one long-poll cycle's octets both ways over HTTP/1.1 and HTTP/2, with a
            browser's header fields: HPACK with and without its dynamic table, the
            first cycle, warm cycles back to back and each in a new second
  fan-out   --streams SSE streams on one HTTP/2 connection vs as many HTTP/1.1
            connections, events published at each of --rates: events delivered per
            second, server CPU per event, octets per event, latency; server memory
            per stream (and with --memory streams, opened and left silent)

OPTIONS:
    --server-cpu LIST   CPUs for the servers, as taskset -c takes them (default 0)
    --rounds N          rounds of each h2load run, alternated (default 5)
    --requests N        requests per h2load run (default 50000)
    --cycles N          long-poll cycles back to back (default 500)
    --slow-cycles N     long-poll cycles each in a new second (default 3)
    --streams N         fan-out streams (default 100)
    --rates LIST        fan-out publish rates, events/s (default 100,5000)
    --secs S            seconds of publishing per fan-out run (default 3)
    --memory N          streams for the memory reading alone; 0 skips it (default 1000)
    --syscalls          one more fan-out run per side under `perf stat -e
                        raw_syscalls:sys_enter`: server system calls per publish
    --no-nginx          leave nginx out
    --out DIR           where to write h2.md (default: the book's src/measured/)
    --machine TEXT      the machine, for the note under the tables
                        (default \"2-core x86_64 VM\")
    --help              this text";

fn options() -> anyhow::Result<(Plan, bool)> {
    let mut args = Args::from_env(USAGE);
    let rates: String = args.parsed_or("--rates", "100,5000".to_string())?;
    let o = Plan {
        cpu: args.parsed_or("--server-cpu", "0".to_string())?,
        rounds: args.parsed_or("--rounds", 5)?,
        requests: args.parsed_or("--requests", 50_000)?,
        cycles: args.parsed_or("--cycles", 500)?,
        slow_cycles: args.parsed_or("--slow-cycles", 3)?,
        streams: args.parsed_or("--streams", 100)?,
        rates: rates
            .split(',')
            .map(|r| {
                r.trim()
                    .parse()
                    .with_context(|| format!("not a rate: {r:?}"))
            })
            .collect::<anyhow::Result<_>>()?,
        secs: args.parsed_or("--secs", 3.0)?,
        memory: args.parsed_or("--memory", 1000)?,
        syscalls: args.flag("--syscalls"),
        out: args.value("--out")?.map(PathBuf::from).unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../book/src/measured"
            ))
        }),
        machine: args.parsed_or("--machine", "2-core x86_64 VM".to_string())?,
    };
    let nginx = !args.flag("--no-nginx");
    args.finish()?;
    if o.rounds == 0 || o.requests < 100 || o.cycles < 2 || o.streams < 2 {
        bail!("--rounds must be at least 1, --requests 100, --cycles and --streams 2");
    }
    if o.rates.iter().any(|r| !(*r > 0.0 && *r <= 100_000.0)) || !(o.secs > 0.0 && o.secs <= 600.0)
    {
        bail!("--rates must be in (0, 100000] events/s, --secs in (0, 600]");
    }
    if o.streams > 10_000 || o.memory > 10_000 || o.memory == 1 {
        bail!(
            "--streams and --memory are at most 10000 (20,000 open files per process), --memory not 1"
        );
    }
    Ok((o, nginx))
}

fn main() -> anyhow::Result<()> {
    let (o, nginx) = options()?;
    let h2load = H2LOAD
        .context("h2load was not found when this was built (apt-get install nghttp2-client)")?;
    let nginx_bin = if nginx {
        ch14_bench::nginx::NGINX
    } else {
        None
    };
    ch14_bench::idle::allow_open_files(o.streams.max(o.memory) as u64 + 1000)?;
    println!(
        "ch15-bench: servers on CPUs {}, clients on CPUs {}; h2load: {h2load}; nginx: {}",
        o.cpu,
        procfs::own_cpus().unwrap_or_else(|| "?".into()),
        nginx_bin.unwrap_or("left out")
    );
    let pki = Pki::make();
    let site = Site::make()?;
    let root = site.root.to_str().context("a UTF-8 temporary directory")?;
    let cert = pki.cert.to_str().context("a UTF-8 path")?;
    let key = pki.key.to_str().context("a UTF-8 path")?;
    let bin = tables::server_bin()?;
    let cpu = Some(o.cpu.as_str());
    let plain = ServerProc::start(&bin, &["--plain", "--rate", "0", "--root", root], cpu)?;
    let tls = ServerProc::start(
        &bin,
        &["--rate", "0", "--root", root, "--cert", cert, "--key", key],
        cpu,
    )?;
    let mut targets = vec![Target {
        name: "ch15-server",
        pid: plain.pid(),
        tls_pid: tls.pid(),
        h2c: plain.addr,
        h1: plain.addr,
        tls: tls.addr,
    }];
    let nginx = match nginx_bin {
        Some(program) => Some(NginxFiles::start(program, &pki, cpu, &site.root)?),
        None => None,
    };
    if let Some(n) = &nginx {
        targets.push(Target {
            name: "nginx",
            pid: n.pid(),
            tls_pid: n.pid(),
            h2c: n.h2c,
            h1: n.h1,
            tls: n.tls,
        });
    }
    let mut done = vec![tables::requests_table(&o, h2load, &site, &targets)?];
    println!("{}", done[0].text());
    done.push(tables::poll_table(&o, plain.addr)?);
    println!("{}", done[1].text());
    drop((plain, tls, nginx));
    let (fan, memory) = tables::fanout_tables(&o)?;
    println!("{}\n{}", fan.text(), memory.text());
    done.push(fan);
    done.push(memory);
    write_book(&o, &done)
}

fn write_book(o: &Plan, tables: &[Table]) -> anyhow::Result<()> {
    ch14_bench::report::write_book(tables, &o.machine, &o.cpu, &o.out, "h2.md")
}

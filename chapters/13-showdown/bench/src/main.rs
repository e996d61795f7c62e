//! `ch13-bench`: the four transports measured, and with `--all` every other
//! comparison of the book, in one run.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use anyhow::{Context, bail};
use ch01_tcp::cli::Args;
use ch13_bench::{RunConfig, Transport, others, report, run};

const USAGE: &str = "\
ch13-bench: measures short polling, long polling, SSE and WebSocket on this machine
(chapter 13). A fresh ch13 server runs in this process for each run; N clients of one
transport read the feed while a publisher sends --rate events a second. Prints, per
transport and N: delivery latency p50/p99 (publish to arrival), bytes on the wire per
delivered event in each direction (counted at the client sockets, every header of
every poll included), the server loop thread's CPU time per delivered event (from
/proc), and the requests per second the server answered.

USAGE:
    cargo run --release -p ch13-bench -- [OPTIONS]

OPTIONS:
    --clients LIST     client counts (default 1,100,1000; --quick: 1,10)
    --secs SECS        publishing time per run (default 5; --quick: 0.5)
    --rate HZ          events published per second (default 20)
    --poll-ms MS       short-polling interval (default 1000, as the page)
    --quick            a small, fast configuration (what cargo test runs)
    --all              also: parser vs httparse (ch05), masking (ch09), event loop
                       vs threads (ch07), WebSocket echo vs others (ch10), TCP floor
    --out DIR          write the Markdown table and SVG plots there (default:
                       the book's src/measured/, except with --quick: nowhere)
    --machine TEXT     the machine, printed on the plots (default \"2-core x86_64 VM\")
    --help             this text";

fn list(s: &str) -> anyhow::Result<Vec<usize>> {
    s.split(',')
        .map(|n| {
            n.trim()
                .parse::<usize>()
                .with_context(|| format!("{n:?} is not a number"))
        })
        .collect()
}

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let quick = args.flag("--quick");
    let all = args.flag("--all");
    let clients = list(&args.parsed_or(
        "--clients",
        if quick { "1,10" } else { "1,100,1000" }.to_string(),
    )?)?;
    let secs: f64 = args.parsed_or("--secs", if quick { 0.5 } else { 5.0 })?;
    let rate: f64 = args.parsed_or("--rate", 20.0)?;
    let poll_ms: u64 = args.parsed_or("--poll-ms", 1000)?;
    let out: Option<PathBuf> = args.value("--out")?.map(PathBuf::from);
    let machine: String = args.parsed_or("--machine", "2-core x86_64 VM".to_string())?;
    args.finish()?;
    let in_range = (0.0..=600.0).contains(&secs) && (0.0..=10_000.0).contains(&rate);
    if !in_range || secs == 0.0 || rate == 0.0 || poll_ms == 0 {
        bail!("--secs must be in (0, 600], --rate in (0, 10000], --poll-ms at least 1");
    }
    if clients.iter().any(|&n| n == 0 || n > 5000) {
        bail!("--clients must be between 1 and 5000");
    }
    let out = out.or_else(|| {
        (!quick).then(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../book/src/measured"
            ))
        })
    });
    let date = ch06_http_server::clock::iso_time(SystemTime::now());
    let note = format!(
        "{machine}, {}, ch13-bench --rate {rate} --secs {secs}",
        &date[..10]
    );
    println!(
        "ch13-bench: {rate} events/s for {secs} s per run; short polls every {poll_ms} ms; \
         clients send Chromium-like request heads ({} bytes of headers)",
        ch13_bench::clients::BROWSER_HEADERS.len()
    );
    others::print_floor(if quick { 1000 } else { 20_000 });
    println!();
    let mut results = Vec::new();
    for &n in &clients {
        for t in Transport::ALL {
            let cfg = RunConfig {
                transport: t,
                clients: n,
                rate,
                duration: Duration::from_secs_f64(secs),
                poll_interval: Duration::from_millis(poll_ms),
            };
            let r = run(cfg).with_context(|| format!("{} with {n} clients", t.name()))?;
            if r.failures.0 > 0 {
                println!(
                    "  note: {} with {n} clients: {} clients failed (first: {})",
                    t.name(),
                    r.failures.0,
                    r.failures.1.as_deref().unwrap_or("?")
                );
            }
            results.push(r);
        }
    }
    println!("{}", report::text_table(&results));
    println!(
        "published per run: {}; latency = server publish to client arrival; bytes and CPU \
         are per delivered event (short polling delivers only the samples it sees)",
        results.first().map_or(0, |r| r.published)
    );
    if let Some(dir) = out {
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let md = format!(
            "{}\nMeasured on a {machine}, {}, with `ch13-bench --rate {rate} --secs {secs}`.\n",
            report::markdown_table(&results),
            &date[..10]
        );
        for (name, text) in [
            ("ch13-table.md", md),
            ("ch13-latency.svg", report::latency_svg(&results, &note)),
            ("ch13-bytes.svg", report::bytes_svg(&results, &note)),
        ] {
            let path = dir.join(name);
            std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
            println!("wrote {}", path.display());
        }
    }
    if all {
        others::parser(quick);
        others::mask(quick);
        others::event_loop(quick);
        others::websocket_echo(quick);
    }
    Ok(())
}

//! `ch12-client`: an EventSource on the command line.

use std::io::Write;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use ch01_tcp::cli::Args;
use ch01_tcp::trace::Trace;
use ch06_http_server::client::HttpUrl;
use ch12_sse::client::{self, Ended, Flow, Happening, Options};
use ch12_sse::output::{jsonl, readable, with_received};
use ch12_sse::parser::Item;

const USAGE: &str = "\
ch12-client: an EventSource on the command line (chapter 12)

USAGE:
    ch12-client URL [--jsonl] [--timestamps] [--last-event-id ID] [--max-events N]
                    [--retry MS] [--idle-timeout SECS] [--trace]

Opens URL (e.g. http://127.0.0.1:7012/events) as a browser's EventSource does,
prints every event it dispatches, and reconnects when the stream breaks: it
waits the server's `retry:` time and sends Last-Event-ID, so it resumes right
after the last event it got. Exits 0 when the server answers 204 No Content.

OPTIONS:
    --jsonl               one JSON object per event, as a MessageEvent carries it:
                          {\"type\":\"message\",\"data\":\"…\",\"lastEventId\":\"…\"}
    --timestamps          add when each event arrived, in ms since the client started:
                          a \"receivedMs\" field last in each JSON line, or \"+N ms\" first
    --last-event-id ID    resume after ID on the first connection too
    --max-events N        exit 0 after N events
    --retry MS            reconnection time until the server sends retry: (default 3000)
    --idle-timeout SECS   reconnect when nothing (not even a heartbeat) arrives
                          for this long (default 60)
    --trace               print the request and every byte received to stderr;
                          also connection notes (open, lost, retry)
    --help                this text";

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let trace = Trace::new(args.flag("--trace"));
    let started = Instant::now();
    let json = args.flag("--jsonl");
    let timestamps = args.flag("--timestamps");
    let last_event_id = args.value("--last-event-id")?.unwrap_or_default();
    let max_events: Option<u64> = args
        .value("--max-events")?
        .map(|v| v.parse())
        .transpose()
        .context("--max-events takes a number")?;
    let retry_ms: u64 = args.parsed_or("--retry", 3000)?;
    let idle: f64 = args.parsed_or("--idle-timeout", 60.0)?;
    let Some(url) = args.positional() else {
        bail!("missing URL, e.g. http://127.0.0.1:7012/events (see --help)");
    };
    args.finish()?;
    if !(idle > 0.0 && idle < 86_400.0) {
        bail!("--idle-timeout must be between 0 and 86400 seconds, not {idle}");
    }
    if last_event_id.contains(['\r', '\n', '\0']) {
        bail!("--last-event-id cannot contain CR, LF or NUL");
    }
    let mut opts = Options::new(
        HttpUrl::parse(&url)
            .with_context(|| format!("{url:?} is not an http://host:port/path URL"))?,
    );
    opts.last_event_id = last_event_id;
    opts.retry = Duration::from_millis(retry_ms);
    opts.idle_timeout = Duration::from_secs_f64(idle);
    opts.trace = trace;

    let stdout = std::io::stdout();
    let mut seen = 0u64;
    let mut write_failed = None;
    let ended = client::run(opts, |happening| {
        let line = match happening {
            Happening::Item(Item::Event(e)) => {
                seen += 1;
                let line = if json { jsonl(e) } else { readable(e) };
                if timestamps {
                    with_received(line, json, started.elapsed().as_millis())
                } else {
                    line
                }
            }
            Happening::Item(Item::Retry(ms)) => {
                trace.note(&url, format!("retry: reconnect after {ms} ms"));
                return Flow::Continue;
            }
            Happening::Item(Item::Comment(text)) => {
                trace.note(&url, format!("comment :{text}"));
                return Flow::Continue;
            }
            Happening::Open { resumed_after } => {
                let from = if resumed_after.is_empty() {
                    "the start".to_string()
                } else {
                    format!("after id {resumed_after}")
                };
                trace.note(&url, format!("open: streaming from {from}"));
                return Flow::Continue;
            }
            Happening::Lost { why, retry } => {
                eprintln!(
                    "ch12-client: {why}; reconnecting in {} ms",
                    retry.as_millis()
                );
                return Flow::Continue;
            }
        };
        let mut out = stdout.lock();
        if let Err(e) = writeln!(out, "{line}").and_then(|()| out.flush()) {
            // stdout closed (a pipe into `head`): nothing more to do.
            write_failed = Some(e);
            return Flow::Stop;
        }
        if max_events.is_some_and(|max| seen >= max) {
            return Flow::Stop;
        }
        Flow::Continue
    })?;
    if let Some(e) = write_failed
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(e).context("writing to stdout");
    }
    match ended {
        Ended::NoContent => eprintln!("ch12-client: the server answered 204 No Content: done"),
        Ended::Stopped => {}
    }
    Ok(())
}

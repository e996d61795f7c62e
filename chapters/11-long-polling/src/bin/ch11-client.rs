//! `ch11-client`: a long-polling client that never loses or repeats an event.

use std::io::Write;
use std::time::Duration;

use anyhow::{Context, bail};
use ch01_tcp::cli::Args;
use ch01_tcp::trace::{Trace, escape};
use ch11_long_polling::client::{ClientConfig, Happened, PollClient};
use ch11_long_polling::json;

const USAGE: &str = "\
ch11-client: long-polls a chapter 11 feed and prints each event once, in order

USAGE:
    ch11-client URL [--after N] [--jsonl] [--timeout SECS] [--count N] [--trace]

It asks GET URL/poll?after=CURSOR, prints the events, moves its cursor to the last
id it fully received, and asks again at once. Cut connections and server errors are
retried with backoff from the same cursor, so nothing is lost or repeated. If the
server no longer has the events after the cursor (410), the client says so on stderr
(\"GAP: events A..=B are lost\") and resumes from the oldest event the server has.

OPTIONS:
    --after N        start after event N (0: everything the server still has);
                     default: only events published from now on
    --jsonl          print {\"id\":N,\"data\":\"…\"} per line instead of `#N data`
    --timeout SECS   how long the server may hold each poll (default 25)
    --count N        exit after N events
    --naive          the usual demo's bug: poll for \"what is new\" each time, with no
                     cursor, and see the events published between polls go missing
    --trace          print every byte sent and received to stderr
    --help           this text

EXAMPLE:
    ch11-client http://127.0.0.1:7011 --after 0";

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let trace = Trace::new(args.flag("--trace"));
    let jsonl = args.flag("--jsonl");
    let naive = args.flag("--naive");
    let after: Option<u64> = args
        .value("--after")?
        .map(|s| s.parse())
        .transpose()
        .context("--after")?;
    let timeout: f64 = args.parsed_or("--timeout", 25.0)?;
    let count: Option<u64> = args
        .value("--count")?
        .map(|s| s.parse())
        .transpose()
        .context("--count")?;
    let Some(url) = args.positional() else {
        bail!("give the server's URL, e.g. http://127.0.0.1:7011 (see --help)");
    };
    args.finish()?;
    if !(0.0..=120.0).contains(&timeout) {
        bail!("--timeout must be between 0 and 120 seconds");
    }
    let config = ClientConfig {
        poll_timeout: Duration::from_secs_f64(timeout),
        trace,
        forget_cursor: naive,
        ..ClientConfig::default()
    };
    let mut client = PollClient::new(&url, after, config)?;
    let mut seen = 0u64;
    let mut out = std::io::stdout().lock();
    let mut failed_write = false;
    client
        .run(|happened| {
            match happened {
                Happened::Event(e) => {
                    let line = if jsonl {
                        json::event(e)
                    } else {
                        // One line per event: newlines and controls in the data are escaped.
                        let shown = escape(e.data.as_bytes(), usize::MAX);
                        format!("#{} {}", e.id, &shown[1..shown.len() - 1])
                    };
                    if writeln!(out, "{line}").and_then(|()| out.flush()).is_err() {
                        failed_write = true; // stdout closed (| head): stop quietly
                        return false;
                    }
                    seen += 1;
                    return count.is_none_or(|c| seen < c);
                }
                Happened::Gap { from, to } if naive => {
                    eprintln!(
                        "GAP: events {from}..={to} were never fetched: published between two \
                         polls, and a poll without a cursor only asks for what is new"
                    );
                }
                Happened::Gap { from, to } => {
                    eprintln!(
                        "GAP: events {from}..={to} are lost: the server dropped them from its \
                         history before we could fetch them; resuming with event {}",
                        to + 1
                    );
                }
                Happened::Error(e, wait) => {
                    eprintln!("poll failed: {e}; retrying in {} ms", wait.as_millis());
                }
            }
            true
        })
        .with_context(|| format!("polling {url}"))?;
    let _ = failed_write;
    Ok(())
}

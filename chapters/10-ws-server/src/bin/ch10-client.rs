//! `ch10-client URL`: a WebSocket client on the command line.

use std::time::Duration;

use anyhow::bail;
use ch01_tcp::cli::Args;
use ch01_tcp::trace::Trace;
use ch10_ws_server::backoff::Backoff;
use ch10_ws_server::client::{Liveness, autobahn, session};

const USAGE: &str = "\
ch10-client: a WebSocket client (RFC 6455): stdin lines out as text messages,
messages in to stdout (text as is, binary as a hex summary)

USAGE:
    ch10-client URL [--reconnect] [--ping-interval SECS] [--pong-timeout SECS] [--echo] [--trace]
    ch10-client --autobahn ws://HOST:PORT [--agent NAME]

    URL                   e.g. ws://127.0.0.1:7010/chat?nick=ada or ws://127.0.0.1:7010/echo

OPTIONS:
    --reconnect           when the connection drops, reconnect (exponential backoff with jitter)
    --ping-interval SECS  send a Ping after this long without a byte from the server (default 30)
    --pong-timeout SECS   then, if nothing at all arrives for this long, the server is presumed
                          dead (frozen, unplugged, forgotten by a NAT): drop the connection, say
                          why, and reconnect (--reconnect) or exit 1 (default 10)
    --backoff SECS        first reconnect delay (default 0.5); it doubles up to --backoff-max
    --backoff-max SECS    largest reconnect delay (default 10)
    --echo                send every message back instead of printing it (stdin unused)
    --autobahn BASE       run Autobahn|Testsuite's client cases against its fuzzingserver at
                          BASE: every case in echo mode, then update its reports
    --agent NAME          the agent name for --autobahn (default ch10)
    --trace               print the handshake and every frame, decoded, to stderr
    --help                this text

At end of input it sends Close 1000, waits for the server's Close and FIN, and exits 0.
SO_KEEPALIVE and (Linux) TCP_USER_TIMEOUT are set to ping interval + pong timeout.
Status messages (connected, closed, reconnecting) go to stderr, starting with '*'.";

fn secs(args: &mut Args, name: &str, default: f64) -> anyhow::Result<Duration> {
    let v: f64 = args.parsed_or(name, default)?;
    if !(v > 0.0 && v < 86_400.0) {
        bail!("{name} must be between 0 and 86400 seconds, not {v}");
    }
    Ok(Duration::from_secs_f64(v))
}

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let trace = Trace::new(args.flag("--trace"));
    let reconnect = args.flag("--reconnect");
    let echo = args.flag("--echo");
    let autobahn_base = args.value("--autobahn")?;
    let agent = args.value("--agent")?.unwrap_or_else(|| "ch10".to_string());
    let base = secs(&mut args, "--backoff", 0.5)?;
    let cap = secs(&mut args, "--backoff-max", 10.0)?;
    let liveness = Liveness {
        ping_interval: secs(&mut args, "--ping-interval", 30.0)?,
        pong_timeout: secs(&mut args, "--pong-timeout", 10.0)?,
    };
    let url = args.positional();
    args.finish()?;
    if let Some(base) = autobahn_base {
        return autobahn::run(&base, &agent, trace);
    }
    let Some(url) = url else {
        bail!("a URL is needed, e.g. ch10-client ws://127.0.0.1:7010/echo (see --help)");
    };
    let opts = session::Options {
        url,
        trace,
        echo,
        reconnect,
        backoff: Backoff::new(base, cap.max(base)),
        liveness: Some(liveness),
    };
    session::run(&opts)
}

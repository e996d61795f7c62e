//! `ch03-server`: chapter 1's echo server on a listener built by hand with socket2.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use anyhow::Context;
use ch01_tcp::cli::{Args, announce};
use ch01_tcp::server::DEFAULT_MAX_CLIENTS;
use ch01_tcp::trace::Trace;
use ch03_socket2::options::DEFAULT_BACKLOG;
use ch03_socket2::server::{self, Config, DEFAULT_ADDR};
use ch03_socket2::{Applied, ListenOptions, listener, time_wait};

const USAGE: &str = "\
ch03-server: a TCP echo server (chapter 3) whose listener is built step by step
with socket2 (socket, options, bind, listen). Each flag sets one socket option;
at start-up it prints what the kernel really set (to stderr).

USAGE:
    ch03-server [--addr IP:PORT] [OPTIONS]
    ch03-server --demo-reuseaddr

OPTIONS:
    --addr IP:PORT      where to listen (default 127.0.0.1:7003; port 0 = any free port)
    --no-reuseaddr      do not set SO_REUSEADDR (a restart may then fail with
                        \"Address already in use\" while old connections are in TIME_WAIT)
    --backlog N         listen() backlog: connections queued before accept (default 128)
    --dual-stack        listen on [::]:PORT with IPV6_V6ONLY off: IPv4 clients connect
                        too and show up as ::ffff:a.b.c.d (PORT from --addr)
    --nodelay           TCP_NODELAY: no Nagle delay on accepted connections
    --rcvbuf BYTES      SO_RCVBUF (Linux doubles what you ask)
    --sndbuf BYTES      SO_SNDBUF (Linux doubles what you ask)
    --nonblocking       non-blocking listener: accept() meets WouldBlock, naps 10 ms
    --max-clients N     clients served at once, one thread each (default 64)
    --trace             print every byte (and the WouldBlocks) to stderr
    --demo-reuseaddr    reproduce EADDRINUSE after a restart (TIME_WAIT), then exit
    -h, --help          this text

Prints `listening on tcp://IP:PORT` when ready. Try `nc 127.0.0.1 7003`.";

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let trace = Trace::new(args.flag("--trace"));
    let demo = args.flag("--demo-reuseaddr");
    let default: SocketAddr = DEFAULT_ADDR.parse().expect("the default address parses");
    let mut addr: SocketAddr = args.parsed_or("--addr", default)?;
    let dual_stack = args.flag("--dual-stack");
    let backlog: u32 = args.parsed_or("--backlog", DEFAULT_BACKLOG.unsigned_abs())?;
    let mut opts = ListenOptions {
        reuse_address: !args.flag("--no-reuseaddr"),
        backlog: i32::try_from(backlog).context("--backlog is too large")?,
        nodelay: args.flag("--nodelay"),
        recv_buffer_size: bytes(&mut args, "--rcvbuf")?,
        send_buffer_size: bytes(&mut args, "--sndbuf")?,
        nonblocking: args.flag("--nonblocking"),
        ..ListenOptions::default()
    };
    let max_clients: usize = args.parsed_or("--max-clients", DEFAULT_MAX_CLIENTS)?;
    args.finish()?;
    anyhow::ensure!(max_clients > 0, "--max-clients must be at least 1");

    if demo {
        // The demo picks its own ports and options: refuse flags it would ignore.
        let plain = !dual_stack
            && opts == ListenOptions::default()
            && addr == default
            && max_clients == DEFAULT_MAX_CLIENTS;
        anyhow::ensure!(
            plain,
            "--demo-reuseaddr takes no other options (but --trace)"
        );
        return demo_reuseaddr();
    }
    if dual_stack {
        // [::] is every IPv6 address; with IPV6_V6ONLY off, every IPv4 one too.
        addr = SocketAddr::new(IpAddr::V6(Ipv6Addr::UNSPECIFIED), addr.port());
        opts.only_v6 = Some(false);
    }

    let listener = match listener(addr, &opts) {
        Ok(l) => l,
        // Say where to look: a live server, or leftovers of the last run.
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => anyhow::bail!(
            "{e}\nAnother socket holds port {port}: a server still running, or connections \
             of a previous run (in TIME_WAIT) when SO_REUSEADDR is off.\n\
             See them with: ss -tan 'sport = :{port}'",
            port = addr.port()
        ),
        Err(e) => return Err(e).context("cannot listen"),
    };
    report(&listener, &opts)?;
    let local = listener
        .local_addr()
        .context("asking the listening socket for its address")?;
    announce(&format!("tcp://{local}"));
    let config = Config {
        trace,
        nodelay: opts.nodelay,
        max_clients,
    };
    server::serve(listener, config).context("serving")
}

/// `--NAME BYTES`, if given.
fn bytes(args: &mut Args, name: &str) -> anyhow::Result<Option<usize>> {
    args.value(name)?
        .map(|v| {
            v.parse()
                .with_context(|| format!("{name}: cannot understand {v:?}"))
        })
        .transpose()
}

/// Prints the options as the kernel reports them, next to what we asked for.
fn report(listener: &std::net::TcpListener, opts: &ListenOptions) -> anyhow::Result<()> {
    let applied = Applied::of(listener).context("reading the options back")?;
    eprintln!("listener options, as getsockopt reports them:");
    for line in applied.to_string().lines() {
        eprintln!("  {line}");
    }
    eprintln!(
        "  backlog       {} asked (the kernel caps it at net.core.somaxconn)",
        opts.backlog
    );
    let asked = [
        ("SO_RCVBUF", opts.recv_buffer_size, applied.recv_buffer_size),
        ("SO_SNDBUF", opts.send_buffer_size, applied.send_buffer_size),
    ];
    for (name, asked, got) in asked {
        if let Some(asked) = asked {
            eprintln!("  {name}: asked {asked}, kernel set {got} (Linux doubles it: man 7 socket)");
        }
    }
    Ok(())
}

/// `--demo-reuseaddr`: the four combinations of SO_REUSEADDR on the old and the
/// new listener, each after a connection the server closed first.
fn demo_reuseaddr() -> anyhow::Result<()> {
    println!("A server closes a connection first, exits, and is restarted on the same port.");
    let on_off = |b: bool| if b { "with" } else { "without" };
    let mut step = 0;
    for (old, new) in [(false, false), (true, true), (false, true), (true, false)] {
        step += 1;
        let run = time_wait::reproduce(IpAddr::V4(Ipv4Addr::LOCALHOST), old, new)
            .context("reproducing TIME_WAIT")?;
        println!();
        println!(
            "{step}. first run {} SO_REUSEADDR, restart {} it",
            on_off(old),
            on_off(new)
        );
        println!(
            "   server {} closed first; client {} read EOF and closed",
            run.server, run.client
        );
        match run.server_state {
            Some(state) => println!("   server's end {} -> {}: {state}", run.server, run.client),
            None => println!("   (this system has no /proc/net/tcp to show the state)"),
        }
        match run.rebind {
            Ok(()) => println!("   bind {} again: ok", run.server),
            Err(e) => println!("   bind {} again: FAILED: {e}", run.server),
        }
    }
    Ok(())
}

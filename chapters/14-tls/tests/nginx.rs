//! nginx in front of chapter 13's showdown: four things a proxy does to
//! long-lived connections, each shown failing, then fixed.
//!
//! 1. `proxy_pass` alone does not forward a WebSocket upgrade: `Upgrade` and
//!    `Connection` are hop-by-hop, and nginx speaks HTTP/1.0 upstream.
//! 2. `proxy_read_timeout` cuts a quiet WebSocket or SSE stream; a heartbeat
//!    shorter than it keeps both open.
//! 3. `proxy_buffering` turns a steady SSE stream into bursts, unless the
//!    server says `X-Accel-Buffering: no` (ours does) or the config turns it off.
//! 4. nginx terminating TLS: `wss://` to nginx, plain `ws://` to us, and what
//!    our server learns about the client (Host, X-Forwarded-For/Proto, Origin).
//!
//! The backend is `ch14-server --plain --trace` where the test reads what our
//! server received (its trace is the request head nginx sent), and chapter
//! 13's library started in this process where the test sets the heartbeat or
//! publishes on a clock. Everything the book quotes is printed (`cargo test
//! -p ch14-tls --test nginx -- --nocapture`). Without nginx the tests are
//! ignored (`build.rs`); under `CI=true` they run.

mod common;

use std::net::{SocketAddr, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use ch06_http_server::client::HttpUrl;
use ch07_event_loop::Config;
use ch08_ws_handshake::ClientHandshake;
use ch12_sse::client::{self, Flow, Happening, Options};
use ch12_sse::output::{jsonl, with_received};
use ch12_sse::parser::Item;
use ch13_showdown::driver::Server as Showdown;
use ch13_showdown::{Counters, ShowdownConfig};
use ch14_tls::testing::ws::{self, Seen};
use common::nginx::{Front, Nginx, UPGRADE};
use common::{Pki, Server, T, trace_shows};

/// `ch14-server --plain --trace`: chapter 13's showdown without TLS, no taxi.
fn traced_backend() -> Server {
    let args = ["--plain", "--addr", "127.0.0.1:0", "--rate", "0", "--trace"];
    let s = Server::start(env!("CARGO_BIN_EXE_ch14-server"), &args).expect("ch14-server starts");
    assert!(s.url.starts_with("http://"), "ready line: {}", s.url);
    s
}

/// Chapter 13's showdown in this process, no taxi, with this heartbeat
/// (SSE comment and WebSocket ping interval alike).
fn showdown(heartbeat: Duration) -> Showdown {
    let options = ShowdownConfig {
        heartbeat,
        ..ShowdownConfig::default()
    };
    let addr = SocketAddr::from(([127, 0, 0, 1], 0));
    Showdown::start(addr, options, Config::default(), None).expect("the showdown starts")
}

fn upstream(server: &Server) -> SocketAddr {
    server.addr().parse().expect("host:port")
}

/// The request head the traced backend received for `GET target`, as its
/// `--trace` printed it: the request line and the indented header lines.
fn head_received(server: &Server, target: &str) -> String {
    let trace = trace_shows(server, &format!("GET {target} "));
    let mut lines = trace
        .lines()
        .skip_while(|l| !(l.starts_with("<- ") && l.contains(&format!("  GET {target} "))));
    let Some(first) = lines.next() else {
        panic!("no GET {target} in the backend's trace:\n{trace}")
    };
    let mut head = vec![first];
    head.extend(lines.take_while(|l| l.starts_with(' ')));
    head.join("\n")
}

/// The field `name` in a traced head (`Name: value`), if there.
fn field<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .filter_map(|l| l.trim().split_once(": "))
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

// ---------------------------------------------------------------------------
// 1. The upgrade
// ---------------------------------------------------------------------------

#[test]
#[cfg_attr(no_nginx, ignore = "no nginx (Debian's package; .ci/run installs it)")]
fn websocket_through_nginx_needs_the_upgrade_forwarded() {
    let backend = traced_backend();

    // proxy_pass alone.
    let nginx = Nginx::start(&Front {
        upstream: upstream(&backend),
        location: "",
        tls: None,
    });
    eprintln!("nginx without the upgrade lines:\n{}\n", nginx.location);
    let url = format!("ws://{}/ws", nginx.addr);
    let hs = ClientHandshake::new(&url).unwrap();
    let refused = match ws::open(TcpStream::connect(nginx.addr).unwrap(), &hs, T) {
        Ok(c) => panic!("a 101 through nginx without the upgrade lines:\n{}", c.head),
        Err(r) => r,
    };
    eprintln!(
        "the client sent the upgrade to nginx and saw:\n{}\n(ch08's check: {})\n",
        refused.answer.trim_end(),
        refused.why
    );
    let status = refused.answer.lines().next().unwrap_or_default();
    assert!(
        status.starts_with("HTTP/1.1 4"),
        "a refusal, not a 101: {}",
        refused.answer
    );
    let seen = head_received(&backend, "/ws");
    eprintln!("what our server received from nginx:\n{seen}\n");
    // nginx's defaults (proxy module docs): HTTP/1.0 upstream, its own
    // `Connection: close`, and `Upgrade` dropped (a hop-by-hop field).
    assert!(seen.contains("GET /ws HTTP/1.0"), "{seen}");
    assert_eq!(field(&seen, "connection"), Some("close"), "{seen}");
    assert_eq!(field(&seen, "upgrade"), None, "{seen}");
    assert!(field(&seen, "sec-websocket-key").is_some(), "{seen}");

    // The three lines.
    let nginx = Nginx::start(&Front {
        upstream: upstream(&backend),
        location: UPGRADE,
        tls: None,
    });
    eprintln!("nginx with them:\n{}\n", nginx.location);
    let hs = ClientHandshake::new(&format!("ws://{}/ws", nginx.addr)).unwrap();
    let mut client = ws::open(TcpStream::connect(nginx.addr).unwrap(), &hs, T)
        .unwrap_or_else(|r| panic!("no 101 ({}):\n{}", r.why, r.answer));
    eprintln!("the client saw:\n{}", client.head.trim_end());
    assert!(client.head.starts_with("HTTP/1.1 101"), "{}", client.head);
    let seen = head_received(&backend, "/ws");
    eprintln!("\nwhat our server received from nginx:\n{seen}\n");
    assert!(seen.contains("GET /ws HTTP/1.1"), "{seen}");
    assert_eq!(field(&seen, "upgrade"), Some("websocket"), "{seen}");
    assert_eq!(field(&seen, "connection"), Some("upgrade"), "{seen}");
    // Text sent by a /ws client is published, and comes back to it.
    client.send_text("hello through nginx");
    let echo = client.text_by(Instant::now() + T);
    eprintln!("sent \"hello through nginx\", got back: {echo}");
    assert!(echo.contains("hello through nginx"), "{echo}");
}

// ---------------------------------------------------------------------------
// 2. proxy_read_timeout against the heartbeat
// ---------------------------------------------------------------------------

/// The `proxy_read_timeout` of experiment 2 (nginx's default is 60 s).
const READ_TIMEOUT: Duration = Duration::from_secs(2);

/// How a watched stream ended, if it did before the watch was over.
#[derive(Debug)]
struct Watched {
    /// When the stream was cut, after it opened; `None`: still open.
    cut_after: Option<Duration>,
    /// What the client saw when it was cut.
    how: String,
    /// Pings answered (WebSocket) or heartbeat comments read (SSE).
    beats: u32,
}

/// Opens `/ws` through nginx and reads until it is cut or `watch` passes.
fn watch_websocket(nginx: SocketAddr, watch: Duration) -> Watched {
    let hs = ClientHandshake::new(&format!("ws://{nginx}/ws")).unwrap();
    let mut client = ws::open(TcpStream::connect(nginx).unwrap(), &hs, T)
        .unwrap_or_else(|r| panic!("no 101 ({}):\n{}", r.why, r.answer));
    let opened = Instant::now();
    loop {
        let seen = client.next_by(opened + watch);
        let how = match seen {
            Seen::Quiet => {
                return Watched {
                    cut_after: None,
                    how: "open".into(),
                    beats: client.pings,
                };
            }
            Seen::Text(_) | Seen::Binary(_) => continue,
            Seen::Close(code) => format!("a Close frame, code {code:?}"),
            Seen::Ended(why) => {
                format!("no Close frame, {why}: a browser's onclose says code 1006")
            }
        };
        return Watched {
            cut_after: Some(opened.elapsed()),
            how,
            beats: client.pings,
        };
    }
}

/// Opens `/events` through nginx with chapter 12's EventSource and reads
/// until the stream is lost or `watch` passes.
fn watch_sse(nginx: SocketAddr, watch: Duration) -> Watched {
    let mut opts = Options::new(HttpUrl::parse(&format!("http://{nginx}/events")).unwrap());
    opts.idle_timeout = watch + T;
    let mut opened = None;
    let mut beats = 0;
    let mut cut = None;
    let ended = client::run(opts, |happening| {
        let since = |opened: Option<Instant>| opened.map_or(Duration::ZERO, |t| t.elapsed());
        match happening {
            Happening::Open { .. } => opened = Some(Instant::now()),
            Happening::Item(Item::Comment(_)) => beats += 1,
            Happening::Item(_) => {}
            Happening::Lost { why, .. } => {
                cut = Some((since(opened), why));
                return Flow::Stop;
            }
        }
        if since(opened) >= watch {
            Flow::Stop
        } else {
            Flow::Continue
        }
    });
    ended.expect("an event stream");
    match cut {
        // Lost after the watch: our own idle timeout, not nginx.
        Some((after, why)) if after < watch => Watched {
            cut_after: Some(after),
            how: why,
            beats,
        },
        _ => Watched {
            cut_after: None,
            how: "open".into(),
            beats,
        },
    }
}

/// Watches a WebSocket and an SSE stream through `nginx` at once.
fn watch_both(nginx: SocketAddr, watch: Duration) -> (Watched, Watched) {
    let ws = thread::spawn(move || watch_websocket(nginx, watch));
    let sse = watch_sse(nginx, watch);
    (ws.join().expect("the WebSocket watcher"), sse)
}

fn seconds(d: Option<Duration>) -> String {
    d.map_or("never".into(), |d| format!("{:.2} s", d.as_secs_f64()))
}

#[test]
#[cfg_attr(no_nginx, ignore = "no nginx (Debian's package; .ci/run installs it)")]
fn proxy_read_timeout_cuts_quiet_streams_and_heartbeats_keep_them_open() {
    let location = format!("proxy_read_timeout {}s;\n{UPGRADE}", READ_TIMEOUT.as_secs());

    // Heartbeat 5 s, nginx's timeout 2 s.
    let quiet = showdown(Duration::from_secs(5));
    let nginx = Nginx::start(&Front {
        upstream: quiet.addr,
        location: &location,
        tls: None,
    });
    eprintln!("nginx:\n{}\n", nginx.location);
    let (ws, sse) = watch_both(nginx.addr, Duration::from_secs(5));
    eprintln!("heartbeat every 5 s, proxy_read_timeout 2s:");
    eprintln!(
        "  WebSocket cut after {}: {}",
        seconds(ws.cut_after),
        ws.how
    );
    eprintln!(
        "  SSE stream cut after {}: {}",
        seconds(sse.cut_after),
        sse.how
    );
    let log = nginx.error_log();
    let timed_out: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("upstream timed out"))
        .collect();
    eprintln!("nginx's error log:\n{}\n", timed_out.join("\n"));
    // Cut at nginx's timeout: generous bounds around 2 s, well before the
    // first heartbeat at 5 s.
    let around =
        |d: Option<Duration>| d.is_some_and(|d| d.as_secs_f64() > 1.5 && d.as_secs_f64() < 4.5);
    assert!(around(ws.cut_after), "{ws:?}");
    assert!(around(sse.cut_after), "{sse:?}");
    assert!(ws.how.contains("no Close frame"), "{ws:?}");
    assert!(
        log.contains("upstream timed out") && log.contains("while proxying upgraded connection"),
        "{log}"
    );
    assert!(log.contains("while reading upstream"), "{log}");

    // Heartbeat 1 s: both still open at three times nginx's timeout.
    let beating = showdown(Duration::from_secs(1));
    let nginx = Nginx::start(&Front {
        upstream: beating.addr,
        location: &location,
        tls: None,
    });
    let watch = READ_TIMEOUT * 3;
    let (ws, sse) = watch_both(nginx.addr, watch);
    eprintln!("heartbeat every 1 s, proxy_read_timeout 2s, watched {watch:?}:");
    let state = |w: &Watched| match w.cut_after {
        None => format!("still open at {watch:?}"),
        Some(d) => format!("cut after {}: {}", seconds(Some(d)), w.how),
    };
    eprintln!("  WebSocket: {}, {} pings answered", state(&ws), ws.beats);
    eprintln!(
        "  SSE stream: {}, {} heartbeat comments",
        state(&sse),
        sse.beats
    );
    assert_eq!(ws.cut_after, None, "{ws:?}");
    assert_eq!(sse.cut_after, None, "{sse:?}");
    assert!(ws.beats >= 3, "the server kept pinging: {ws:?}");
    assert!(sse.beats >= 3, "the server kept sending comments: {sse:?}");
}

// ---------------------------------------------------------------------------
// 3. proxy_buffering and SSE
// ---------------------------------------------------------------------------

/// Events published, one every [`EVERY`].
const EVENTS: u64 = 30;
const EVERY: Duration = Duration::from_millis(100);

/// One SSE client's view: when each event arrived, after the test started.
struct Arrivals {
    config: &'static str,
    /// (id, arrival), in arrival order.
    got: Vec<(u64, Duration)>,
    /// ch12-client --jsonl --timestamps lines, for the book.
    lines: Vec<String>,
}

/// Reads `/events` through `nginx`, recording arrivals, until the stream
/// is lost (the test stops nginx when it has seen enough).
fn record(nginx: SocketAddr, t0: Instant) -> Arrivals {
    let mut opts = Options::new(HttpUrl::parse(&format!("http://{nginx}/events")).unwrap());
    opts.idle_timeout = T;
    let mut got = Vec::new();
    let mut lines = Vec::new();
    let _ = client::run(opts, |happening| match happening {
        Happening::Item(Item::Event(e)) => {
            let at = t0.elapsed();
            got.push((e.last_event_id.parse().unwrap_or(0), at));
            lines.push(with_received(jsonl(e), true, at.as_millis()));
            Flow::Continue
        }
        Happening::Open { .. } | Happening::Item(_) => Flow::Continue,
        Happening::Lost { .. } => Flow::Stop,
    });
    Arrivals {
        config: "",
        got,
        lines,
    }
}

/// Events that arrived within 5 ms of the one before: the bursts.
fn bunched(got: &[(u64, Duration)]) -> usize {
    got.windows(2)
        .filter(|w| w[1].1 - w[0].1 < Duration::from_millis(5))
        .count()
}

#[test]
#[cfg_attr(no_nginx, ignore = "no nginx (Debian's package; .ci/run installs it)")]
fn proxy_buffering_makes_sse_bursty_unless_the_server_says_no() {
    let server = showdown(Duration::from_secs(30));
    // nginx buffers proxied responses by default (proxy_buffering on), but a
    // response with `X-Accel-Buffering: no` turns it off for itself; ours
    // sends it (chapter 12's stream head). Ignoring it shows the default.
    let configs: [&'static str; 3] = [
        "proxy_ignore_headers X-Accel-Buffering;",
        "",
        "proxy_ignore_headers X-Accel-Buffering;\nproxy_buffering off;",
    ];
    let fronts: Vec<Nginx> = configs
        .iter()
        .map(|location| {
            Nginx::start(&Front {
                upstream: server.addr,
                location,
                tls: None,
            })
        })
        .collect();
    let t0 = Instant::now();
    let readers: Vec<_> = fronts
        .iter()
        .zip(configs)
        .map(|(nginx, config)| {
            let addr = nginx.addr;
            thread::spawn(move || Arrivals {
                config,
                ..record(addr, t0)
            })
        })
        .collect();
    // Wait until our server has the three streams open. (Not until each
    // client sees its response head: a buffering nginx holds even that
    // back, until there is a body to send with it.)
    let deadline = Instant::now() + T;
    while Counters::get(&server.counters.sse_streams) < configs.len() as u64 {
        assert!(Instant::now() < deadline, "the streams did not all open");
        thread::sleep(Duration::from_millis(10));
    }
    // Publish on a clock: event i at start + i × 100 ms. Each is ~300 bytes
    // of text, so that nginx's default 4 KiB buffer holds about a dozen.
    let start = Instant::now();
    let mut published = Vec::new();
    for i in 1..=EVENTS {
        if let Some(wait) = (start + EVERY * (i as u32 - 1)).checked_duration_since(Instant::now())
        {
            thread::sleep(wait);
        }
        published.push(t0.elapsed());
        let text = format!("event {i:02} {}", ".".repeat(290));
        server.publisher.publish(text).expect("the loop runs");
    }
    // What has not arrived 1.5 s after the last publication is stuck in a
    // buffer; stopping nginx ends the streams (and the readers).
    thread::sleep(Duration::from_millis(1500));
    drop(fronts);
    let runs: Vec<Arrivals> = readers
        .into_iter()
        .map(|r| r.join().expect("a reader"))
        .collect();

    let ms = |d: Duration| d.as_millis();
    eprintln!("published: {EVENTS} events, one every {EVERY:?}, ~300 bytes each");
    eprintln!("arrival times (ms since the start), per nginx config:");
    eprint!("  id  published");
    for (i, _) in runs.iter().enumerate() {
        eprint!("  config {}", i + 1);
    }
    eprintln!();
    for id in 1..=EVENTS {
        eprint!("  {id:2}  {:9}", ms(published[id as usize - 1]));
        for run in &runs {
            match run.got.iter().find(|(i, _)| *i == id) {
                Some((_, at)) => eprint!("  {:8}", ms(*at)),
                None => eprint!("  {:>8}", "-"),
            }
        }
        eprintln!();
    }
    for (i, run) in runs.iter().enumerate() {
        eprintln!(
            "config {}: {}\n  {} of {EVENTS} events arrived, {} within 5 ms of the one before",
            i + 1,
            if run.config.is_empty() {
                "(nothing: nginx's defaults)".to_string()
            } else {
                run.config.replace('\n', " ")
            },
            run.got.len(),
            bunched(&run.got)
        );
        // ch12-client --jsonl --timestamps lines around the first burst's end.
        for line in run.lines.iter().skip(10).take(4) {
            eprintln!("  {}", line.replace(&".".repeat(290), "…"));
        }
    }

    let [ignored, honoured, off] = &runs[..] else {
        unreachable!()
    };
    // Buffered: the first event waited for the buffer to fill (more than
    // half a second behind its publication), and events came in bunches.
    let first_delay = |run: &Arrivals| {
        run.got
            .iter()
            .find(|(id, _)| *id == 1)
            .map(|(_, at)| *at - published[0])
    };
    assert!(
        first_delay(ignored).is_none_or(|d| d > Duration::from_millis(500)),
        "{:?}",
        ignored.got
    );
    assert!(bunched(&ignored.got) >= 5, "{:?}", ignored.got);
    assert!(
        ignored.got.len() < EVENTS as usize,
        "the last ones wait for a buffer that never fills: {:?}",
        ignored.got
    );
    // Not buffered (our header, or proxy_buffering off): every event, each
    // on its own.
    for run in [honoured, off] {
        assert_eq!(
            run.got.len(),
            EVENTS as usize,
            "{}: {:?}",
            run.config,
            run.got
        );
        assert!(bunched(&run.got) <= 3, "{}: {:?}", run.config, run.got);
        assert!(
            first_delay(run).is_some_and(|d| d < Duration::from_millis(300)),
            "{}: {:?}",
            run.config,
            run.got
        );
    }
}

// ---------------------------------------------------------------------------
// 4. wss:// to nginx, ws:// to us
// ---------------------------------------------------------------------------

/// What nginx should tell the server about the client (nginx's proxy module
/// docs): the Host the client asked for, its address, and its scheme.
const FORWARDED: &str = "\
proxy_set_header Host $http_host;
proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
proxy_set_header X-Forwarded-Proto $scheme;";

/// Opens `wss://localhost:PORT/ws` through `nginx` (TLS to nginx, trusting
/// the test CA), with `Origin` as a page on that site would send it.
fn wss(
    pki: &Pki,
    nginx: &Nginx,
) -> ws::WsClient<rustls::StreamOwned<rustls::ClientConnection, TcpStream>> {
    let site = format!("localhost:{}", nginx.addr.port());
    let tls = pki.connect(&nginx.addr.to_string(), "localhost");
    let hs = ClientHandshake::new(&format!("ws://{site}/ws"))
        .unwrap()
        .with_origin(&format!("https://{site}"));
    ws::open(tls, &hs, T).unwrap_or_else(|r| panic!("no 101 ({}):\n{}", r.why, r.answer))
}

#[test]
#[cfg_attr(no_nginx, ignore = "no nginx (Debian's package; .ci/run installs it)")]
#[cfg_attr(no_openssl, ignore = "no openssl command to make certificates")]
fn nginx_terminates_tls_and_tells_the_server_who_asked() {
    let pki = Pki::make();
    let backend = traced_backend();
    let tls = Some((pki.cert.as_path(), pki.key.as_path()));
    let site_of = |nginx: &Nginx| format!("localhost:{}", nginx.addr.port());

    // The upgrade forwarded, nothing else.
    let nginx = Nginx::start(&Front {
        upstream: upstream(&backend),
        location: UPGRADE,
        tls,
    });
    eprintln!("nginx, listen {} ssl:\n{}\n", nginx.addr, nginx.location);
    let mut client = wss(&pki, &nginx);
    client.send_text("over wss");
    let echo = client.text_by(Instant::now() + T);
    eprintln!("sent \"over wss\" to nginx, got back: {echo}");
    assert!(echo.contains("over wss"), "{echo}");
    let seen = head_received(&backend, "/ws");
    eprintln!("wss:// through nginx works; what our server received:\n{seen}\n");
    // The Host nginx dialled, not the one the client asked for; nothing
    // says who the client is (the TCP peer is nginx) or that it used TLS.
    assert_eq!(field(&seen, "host"), Some(backend.addr()), "{seen}");
    assert_eq!(field(&seen, "x-forwarded-for"), None, "{seen}");
    assert_eq!(field(&seen, "x-forwarded-proto"), None, "{seen}");
    let origin = format!("https://{}", site_of(&nginx));
    assert_eq!(field(&seen, "origin"), Some(origin.as_str()), "{seen}");

    // With the forwarding lines.
    let location = format!("{UPGRADE}\n{FORWARDED}");
    let nginx = Nginx::start(&Front {
        upstream: upstream(&backend),
        location: &location,
        tls,
    });
    eprintln!("nginx with the forwarding lines:\n{}\n", nginx.location);
    let mut client = wss(&pki, &nginx);
    // An event published over https through nginx reaches the wss client.
    let answer = pki.request(
        &nginx.addr.to_string(),
        "POST",
        "/publish",
        "published over https",
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let event = client.text_by(Instant::now() + T);
    eprintln!("published over https through nginx, the wss client got: {event}");
    assert!(event.contains("published over https"), "{event}");
    let seen = head_received(&backend, "/ws");
    eprintln!("what our server received:\n{seen}\n");
    let site = site_of(&nginx);
    let origin = format!("https://{site}");
    assert_eq!(field(&seen, "host"), Some(site.as_str()), "{seen}");
    assert_eq!(field(&seen, "x-forwarded-for"), Some("127.0.0.1"), "{seen}");
    assert_eq!(field(&seen, "x-forwarded-proto"), Some("https"), "{seen}");
    assert_eq!(field(&seen, "origin"), Some(origin.as_str()), "{seen}");
    assert_eq!(field(&seen, "upgrade"), Some("websocket"), "{seen}");
}

//! haproxy in front of our servers (Debian's haproxy 2.6, started by each
//! test on loopback):
//!
//! 1. who sees what: TLS passed through (`mode tcp`) ends at `ch14-server`,
//!    which sees the SNI but only haproxy's address; TLS terminated at
//!    haproxy (`mode http`) hands chapter 13's plain server the client's
//!    address, scheme, Host and Origin as headers, and a WebSocket still
//!    upgrades through it;
//! 2. two servers with two feeds: round-robin sends a resuming long poll or
//!    SSE stream to a feed whose ids mean other events; sticky routing
//!    (`balance source`, or a cookie for clients that keep one) fixes it.
//!
//! Without haproxy (or openssl, for the certificates) the tests are ignored,
//! by `build.rs`; under `CI=true` they run.

mod common;

use std::io::Write;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use ch06_http_server::client::{Connection, FullResponse, request_head};
use ch08_ws_handshake::ClientHandshake;
use ch13_showdown::ShowdownConfig;
use ch14_tls::testing::ws;
use common::daemon::{Daemon, free_port, temp_dir};
use common::tap::Tap;
use common::two_feeds::{Received, TwoFeeds, follow_polls, follow_stream};
use common::{Pki, StartServer, T, haproxy, plain_showdown, read_to_close, trace_shows};

/// A free loopback address for haproxy to listen on.
fn front() -> SocketAddr {
    format!("127.0.0.1:{}", free_port()).parse().unwrap()
}

// ---------------------------------------------------------------------------
// 1. TLS ends at the proxy or at our server: what each one sees.

#[test]
#[cfg_attr(no_openssl, ignore = "no openssl command to make certificates")]
#[cfg_attr(
    no_haproxy,
    ignore = "no haproxy (Debian's package; .ci/run installs it)"
)]
fn tls_passed_through_in_mode_tcp_ends_at_our_server() {
    let pki = Pki::make();
    let mut server = pki.server();
    let front = front();
    let cfg = format!(
        "\
frontend tls_in
    mode tcp
    option tcplog
    bind {front}
    # The ClientHello is in the clear: wait for it, and route on its SNI.
    tcp-request inspect-delay 5s
    tcp-request content accept if {{ req.ssl_hello_type 1 }}
    use_backend ch14 if {{ req.ssl_sni -i localhost }}
    # No default_backend: a hello without that name gets no server.

backend ch14
    mode tcp
    # Connect from 127.0.0.2, so the server's trace tells haproxy from the client.
    server s1 {} source 127.0.0.2
",
        server.addr()
    );
    let proxy = haproxy::start(&cfg, &[front]);
    let _ = server.stderr_so_far(); // what it printed before this test's client

    let mut tls = pki.connect(&front.to_string(), "localhost");
    let client = tls.sock.local_addr().unwrap();
    let req = format!(
        "GET /state HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
        front.port()
    );
    tls.write_all(req.as_bytes()).unwrap();
    let mut answer = Vec::new();
    read_to_close(&mut tls, &mut answer);
    drop(tls); // haproxy logs a TCP session when both sides have closed
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 "), "{answer}");
    let trace = trace_shows(&server, "GET /state");
    eprintln!(
        "the client is {client}; ch14-server's trace:\n{}",
        plaintext_lines(&trace)
    );

    // The TLS session is the client's, end to end: our server did the
    // handshake, so it saw the name the client asked for...
    assert!(trace.contains("SNI Some(\"localhost\")"), "{trace}");
    assert!(trace.contains("GET /state HTTP/1.1"), "{trace}");
    // ...but the TCP connection is haproxy's: its address, not the client's,
    // and nothing in the request says who the client was (haproxy cannot
    // add a header to bytes it cannot read).
    assert!(trace.contains("-- 127.0.0.2:"), "{trace}");
    assert!(!trace.contains(&client.to_string()), "{trace}");
    assert!(
        !trace.to_ascii_lowercase().contains("x-forwarded-for"),
        "{trace}"
    );

    // haproxy read the SNI without decrypting anything: a ClientHello without
    // one (a client dialling an IP address sends none, RFC 6066 §3) is refused.
    let sock = std::net::TcpStream::connect(front).unwrap();
    sock.set_read_timeout(Some(T)).unwrap();
    let nameless = sock.local_addr().unwrap();
    let refused = pki.handshake_over(sock, "127.0.0.1");
    eprintln!("without SNI: {:?}", refused.as_ref().map(|_| "a session"));
    assert!(refused.is_err(), "haproxy found no backend for it");
    // haproxy's log line for each session (`option tcplog`): which backend
    // and server it chose.
    let served = wait_for_log(&proxy, &format!("{client} "));
    let nosrv = wait_for_log(&proxy, &format!("{nameless} "));
    eprintln!("haproxy's log:\n{served}\n{nosrv}");
    assert!(served.contains(" tls_in ch14/s1 "), "{served}");
    assert!(nosrv.contains(" tls_in tls_in/<NOSRV> "), "{nosrv}");
    assert!(server.is_running());
}

#[test]
#[cfg_attr(no_openssl, ignore = "no openssl command to make certificates")]
#[cfg_attr(
    no_haproxy,
    ignore = "no haproxy (Debian's package; .ci/run installs it)"
)]
fn tls_terminated_in_mode_http_the_server_sees_forwarded_headers_and_a_websocket_upgrades() {
    let pki = Pki::make();
    let server = plain_showdown(ShowdownConfig::default());
    let tap = Tap::start(server.addr);
    let front = front();
    let dir = temp_dir("haproxy");
    let pem = haproxy::pem_bundle(&pki, &dir);
    let cfg = format!(
        "\
frontend https_in
    mode http
    option httplog
    bind {front} ssl crt {} alpn http/1.1
    # Adds X-Forwarded-For: the client's address, after any the client
    # sent itself: only the last one is haproxy's word.
    option forwardfor
    # The scheme the client used; set-header replaces one the client sent.
    http-request set-header X-Forwarded-Proto https
    default_backend showdown

backend showdown
    mode http
    server s1 {} source 127.0.0.2
",
        pem.display(),
        tap.addr
    );
    let _proxy = haproxy::start_in(dir, &cfg, &[front]);

    // A browser on https://localhost:PORT/ opening wss://localhost:PORT/ws.
    let site = format!("localhost:{}", front.port());
    let tls = pki.connect(&front.to_string(), "localhost");
    let client = tls.sock.local_addr().unwrap();
    let alpn = tls
        .conn
        .alpn_protocol()
        .map(|p| String::from_utf8_lossy(p).into_owned());
    eprintln!("the client is {client}; haproxy's TLS answered ALPN {alpn:?}");
    assert_eq!(alpn.as_deref(), Some("http/1.1"));
    let hs = ClientHandshake::new(&format!("ws://{site}/ws"))
        .unwrap()
        .with_origin(&format!("https://{site}"));
    // It also claims to be someone else, over plain http: anyone can write
    // these fields, so a server may only trust what its proxy adds.
    let forged = "X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: http\r\n\r\n";
    let request = String::from_utf8(hs.request()).unwrap();
    let request = request.strip_suffix("\r\n").unwrap().to_string() + forged;
    let mut ws = ws::open_with(tls, &hs, request.as_bytes(), T)
        .unwrap_or_else(|r| panic!("no 101 through haproxy: {r:?} {}", &r.answer));

    // Events flow both ways through haproxy's tunnel.
    server
        .publisher
        .publish("published behind haproxy")
        .unwrap();
    let first = ws.next_text();
    ws.send_text("sent through haproxy");
    let second = ws.next_text();
    eprintln!("the wss client received: {first}\n                         {second}");
    assert!(first.contains("published behind haproxy"), "{first}");
    assert!(second.contains("sent through haproxy"), "{second}");

    // What chapter 13's server received, copied on the way by the tap.
    let seen = tap.wait_to_server("GET /ws", T);
    let head = String::from_utf8_lossy(&seen.to_server);
    let head = head
        .split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_string();
    let answer = String::from_utf8_lossy(&seen.to_peer);
    let answer = answer
        .split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_string();
    eprintln!(
        "from {} the server received:\n{head}\nand answered:\n{answer}",
        seen.peer
    );
    assert_eq!(seen.peer.ip().to_string(), "127.0.0.2", "haproxy's address");
    let lower = head.to_ascii_lowercase();
    for field in [
        format!("host: {site}"),
        format!("origin: https://{site}"),
        "upgrade: websocket".to_string(),
    ] {
        assert!(lower.contains(&field), "{field:?} in the head: {head}");
    }
    let values = |name: &str| -> Vec<String> {
        lower
            .lines()
            .filter_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
            .collect()
    };
    // The forged address is still there, and haproxy's comes last.
    assert_eq!(values("x-forwarded-for:"), ["203.0.113.9", "127.0.0.1"]);
    // The forged scheme is gone.
    assert_eq!(values("x-forwarded-proto:"), ["https"]);
    assert!(answer.starts_with("HTTP/1.1 101"), "{answer}");
    assert!(
        !head.contains("\x16\x03"),
        "plain HTTP: no TLS record reached the server"
    );
}

// ---------------------------------------------------------------------------
// 2. Two servers, two feeds: round-robin against resuming clients.

const POLL_PUBLISHED: [&str; 8] = ["a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3"];
const SSE_PUBLISHED: [&str; 10] = ["a1", "a2", "a3", "a4", "a5", "a6", "b1", "b2", "b3", "b4"];

/// Which feed a client's first event came from.
fn first_feed(got: &Received) -> char {
    got.events[0].1.chars().next().unwrap()
}

#[test]
#[cfg_attr(
    no_haproxy,
    ignore = "no haproxy (Debian's package; .ci/run installs it)"
)]
fn round_robin_sends_a_resuming_long_poll_to_the_other_feed() {
    // Twice: the first poll on the longer feed (a), then on the shorter (b).
    for order in [[("a", ""), ("b", "")], [("b", ""), ("a", "")]] {
        let feeds = TwoFeeds::start();
        let (_proxy, front) = feeds.behind_haproxy("balance roundrobin", order);
        let got = follow_polls(front, 6);
        got.report(&POLL_PUBLISHED);
        // Every poll went to the other server. The cursor from one feed is
        // ahead of the other (410, and the client starts again from 0) or
        // behind it (the other feed's events, under ids the client has seen).
        assert!(
            got.story.iter().any(|l| l.contains("410 Gone")),
            "{:?}",
            got.story
        );
        assert!(got.duplicates() > 0, "{:?}", got.events);
        if first_feed(&got) == 'a' {
            // a's cursor (5) is always ahead of b (3): b's events never come.
            assert_eq!(got.lost(&POLL_PUBLISHED), ["b1", "b2", "b3"]);
        } else {
            // b's cursor (3) on a: a4 and a5 arrive as if they followed b3,
            // silently; a1..a3 only come after the next 410.
            assert!(got.story[1].contains("[4 a4, 5 a5]"), "{:?}", got.story);
            assert!(!got.ids_reused().is_empty(), "{:?}", got.events);
        }
    }
}

#[test]
#[cfg_attr(
    no_haproxy,
    ignore = "no haproxy (Debian's package; .ci/run installs it)"
)]
fn round_robin_sends_a_reconnecting_event_stream_to_the_other_feed() {
    for order in [[("a", ""), ("b", "")], [("b", ""), ("a", "")]] {
        let feeds = TwoFeeds::start();
        let (_proxy, front) = feeds.behind_haproxy("balance roundrobin", order);
        let got = follow_stream(front, &feeds);
        got.report(&SSE_PUBLISHED);
        let story = got.story.join("\n");
        assert!(story.contains("reconnected with Last-Event-ID"), "{story}");
        // The stream resumed on the other feed: its ids name other events.
        assert!(
            got.events.iter().any(|(_, d)| d.starts_with('a')),
            "{story}"
        );
        assert!(
            got.events.iter().any(|(_, d)| d.starts_with('b')),
            "{story}"
        );
        assert!(!got.ids_reused().is_empty() || !got.lost(&SSE_PUBLISHED).is_empty());
        if first_feed(&got) == 'a' {
            // Last-Event-ID 5 is ahead of b's feed: b says so with a reset
            // and starts from its oldest event; a6 is never seen.
            assert!(
                story
                    .contains("event: reset, id: 0, data: {\"after\":5,\"oldest\":1,\"latest\":3}"),
                "{story}"
            );
            assert_eq!(got.lost(&SSE_PUBLISHED), ["a6"]);
        } else {
            // Last-Event-ID 3 is behind a's: a4, a5, a6 follow b3 as if
            // nothing were wrong; a1..a3 and b4 are lost, without a word.
            assert!(!story.contains("reset"), "{story}");
            assert_eq!(got.lost(&SSE_PUBLISHED), ["a1", "a2", "a3", "b4"]);
        }
    }
}

#[test]
#[cfg_attr(
    no_haproxy,
    ignore = "no haproxy (Debian's package; .ci/run installs it)"
)]
fn balance_source_keeps_each_client_on_one_feed() {
    let feeds = TwoFeeds::start();
    let (_proxy, front) = feeds.behind_haproxy("balance source", [("a", ""), ("b", "")]);
    let polls = follow_polls(front, 3);
    polls.report(&POLL_PUBLISHED);
    let stream = follow_stream(front, &feeds);
    stream.report(&SSE_PUBLISHED);
    // Every client here is 127.0.0.1, so the hash of the source address
    // picks one server for all of them; whichever it is, each client saw
    // that feed exactly once, in order.
    for got in [&polls, &stream] {
        let one = &got.events[0].1[..1];
        assert!(
            got.events.iter().all(|(_, d)| d.starts_with(one)),
            "{:?}",
            got.events
        );
        assert_eq!(got.duplicates(), 0, "{:?}", got.events);
        assert!(got.ids_reused().is_empty());
        let ids: Vec<u64> = got.events.iter().map(|(id, _)| *id).collect();
        let expected: Vec<u64> = (1..=ids.len() as u64).collect();
        assert_eq!(ids, expected, "in order, no gap");
    }
    assert!(
        !stream.story.join("\n").contains("reset"),
        "{:?}",
        stream.story
    );
    assert_eq!(
        stream
            .story
            .iter()
            .filter(|l| l.starts_with("reconnected"))
            .count(),
        1
    );
}

#[test]
#[cfg_attr(
    no_haproxy,
    ignore = "no haproxy (Debian's package; .ci/run installs it)"
)]
fn a_cookie_keeps_a_client_on_one_feed_only_if_it_sends_the_cookie_back() {
    let feeds = TwoFeeds::start();
    let (_proxy, front) = feeds.behind_haproxy(
        "balance roundrobin\n    cookie SRV insert indirect nocache",
        [("a", "cookie a"), ("b", "cookie b")],
    );
    let poll = |cookie: Option<&str>| -> FullResponse {
        let mut conn = Connection::connect(&front.to_string(), T, T).unwrap();
        let mut fields = vec![("Connection", "close")];
        if let Some(c) = cookie {
            fields.push(("Cookie", c));
        }
        let req = request_head(
            "GET",
            "/poll?after=0&timeout=0",
            &front.to_string(),
            &fields,
        );
        conn.exchange(&req).unwrap().0
    };
    let show = |r: &FullResponse| {
        format!(
            "served by {}, Set-Cookie: {}",
            r.header("x-served-by").unwrap_or("?"),
            r.header("set-cookie").unwrap_or("(none)")
        )
    };
    // Without the cookie, requests alternate, and each answer offers one.
    let first = poll(None);
    let second = poll(None);
    eprintln!("no cookie: {}\nno cookie: {}", show(&first), show(&second));
    assert_ne!(first.header("x-served-by"), second.header("x-served-by"));
    let set = first
        .header("set-cookie")
        .expect("haproxy inserts its cookie");
    let cookie = set.split(';').next().unwrap().to_string();
    // With it (as a browser's EventSource or fetch sends it), every request
    // lands on the server the cookie names, and haproxy sets no new one.
    for _ in 0..3 {
        let r = poll(Some(&cookie));
        eprintln!("{cookie}: {}", show(&r));
        assert_eq!(r.header("x-served-by"), first.header("x-served-by"));
        assert!(r.header("set-cookie").is_none());
    }
    // Chapter 11's client keeps no cookies: for it, this is still round-robin.
    let got = follow_polls(front, 4);
    got.report(&POLL_PUBLISHED);
    assert!(
        got.duplicates() > 0 || !got.ids_reused().is_empty(),
        "{:?}",
        got.events
    );
}

/// The lines of a `ch14-server` trace that a reader wants: connections, the
/// TLS summary and the plaintext heads (not the records' byte counts).
fn plaintext_lines(trace: &str) -> String {
    trace
        .lines()
        .filter(|l| !l.contains(" record "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Waits until haproxy's log (its stderr) has a line containing `needle`;
/// returns that line.
fn wait_for_log(proxy: &Daemon, needle: &str) -> String {
    let deadline = Instant::now() + T;
    loop {
        let log = std::fs::read_to_string(proxy.dir.join("stderr.log")).unwrap_or_default();
        if let Some(line) = log.lines().find(|l| l.contains(needle)) {
            return line.to_string();
        }
        assert!(
            Instant::now() < deadline,
            "no {needle:?} in haproxy's log: {log}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

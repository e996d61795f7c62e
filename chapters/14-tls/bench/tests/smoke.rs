//! ch14-bench's measurements end to end, small, against servers started in
//! this process: the handshake client (flights and resumption), the bytes of
//! an event taken apart (and the arithmetic they must match), chapter 10's
//! load client over chapter 14's transport, and the allocator's view of an
//! idle connection. Protocol facts are asserted; no figure is.

use std::net::SocketAddr;
use std::time::Duration;

use ch07_event_loop::{Config, Running};
use ch10_bench::echo_load::{EchoLoad, run_on};
use ch10_ws_server::WsConfig;
use ch13_showdown::ShowdownConfig;
use ch14_bench::alloc::Counting;
use ch14_bench::client::{KeyShare, Version, client_config, connect_wss};
use ch14_bench::{handshake, memory, overhead};
use ch14_tls::testing::Pki;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn any_port() -> SocketAddr {
    "127.0.0.1:0".parse().unwrap()
}

#[test]
#[cfg_attr(no_openssl, ignore = "no openssl command to make certificates")]
fn the_bench_measures_tls_end_to_end() {
    let pki = Pki::make();
    let tls = ch14_tls::server_config(&pki.cert, &pki.key).unwrap();
    let options = ShowdownConfig {
        max_message: 20_000,
        ..ShowdownConfig::default()
    };
    let showdown =
        ch14_tls::server::start(any_port(), tls.clone(), options, Config::default(), None).unwrap();

    // A full TLS 1.3 handshake costs the client one flight before its
    // request (RFC 8446 §2), TLS 1.2 two; resumption keeps TLS 1.3's count.
    let config = |v, resume| client_config(&pki, v, resume, KeyShare::X25519);
    for (version, resume, flights) in [
        (Version::Tls13, false, 2),
        (Version::Tls13, true, 2),
        (Version::Tls12, false, 3),
    ] {
        let run = handshake::run(
            showdown.addr,
            Some(config(version, resume)),
            resume,
            3,
            1,
            0,
            &[],
        )
        .unwrap();
        assert_eq!(run.conns.len(), 3);
        assert_eq!(
            run.resumed(),
            if resume { 3 } else { 0 },
            "{version:?} resume {resume}"
        );
        for c in &run.conns {
            assert_eq!(c.flights, flights, "{version:?} resume {resume}: {c:?}");
        }
    }
    let plain = handshake::one(0, showdown.addr, None);
    assert!(plain.is_err(), "plain HTTP to the TLS port gets no 200");

    // Bytes: 20,000 bytes need two records; every event adds up.
    let found = overhead::measure(
        &pki,
        showdown.addr,
        &config(Version::Tls13, true),
        &[16, 20_000],
        2,
    )
    .unwrap();
    for o in &found {
        assert_eq!(o.wrong, 0, "{o:?}");
        assert!(o.ws.adds_up() && o.sse.adds_up(), "{o:?}");
    }
    assert_eq!(
        (found[0].ws.records, found[1].ws.records),
        (1, 2),
        "{found:?}"
    );
    assert_eq!(found[0].ws.tls(), overhead::PER_RECORD);
    drop(showdown);

    // Chapter 10's load client over chapter 14's transport, client side: a
    // message bigger than a record, every echo checked byte for byte.
    let lp = ch14_tls::server::ws_server(
        any_port(),
        tls.clone(),
        WsConfig::default(),
        Config::default(),
    )
    .unwrap();
    let echo = Running::start(lp).unwrap();
    let conns: Vec<_> = (0..2)
        .map(|i| connect_wss(i, echo.addr, "/echo", &config(Version::Tls13, false)).unwrap())
        .collect();
    let load = EchoLoad {
        conns: 2,
        in_flight: 4,
        size: 40_000,
        duration: Duration::from_millis(100),
    };
    let r = run_on(conns, &load).unwrap();
    assert!(
        r.messages >= 8,
        "at least the first messages in flight came back: {r:?}"
    );
    echo.stop().unwrap();

    // What an idle connection holds: over TLS, rustls' 4 KiB buffer of
    // received ciphertext among the rest (the book names it from this).
    let over_tls = memory::tls(tls, config(Version::Tls13, false), 50).unwrap();
    let over_tcp = memory::plain(50).unwrap();
    assert!(
        over_tls
            .held
            .iter()
            .any(|h| h.size == 4096 && h.per_conn >= 0.9),
        "{over_tls:?}"
    );
    assert!(
        over_tls.heap_per_conn > over_tcp.heap_per_conn + 4096.0,
        "{over_tls:?} {over_tcp:?}"
    );
}

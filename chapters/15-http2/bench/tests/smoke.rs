//! ch15-bench's measurements end to end, small, against `ch15-server`'s
//! library started in this process: the long-poll cycle's octets (and the
//! arithmetic of frames they must obey), the fan-out over one HTTP/2
//! connection and over HTTP/1.1 connections, the memory reading, and h2load
//! against our server and nginx. Protocol facts are asserted; no figure is.

use std::net::SocketAddr;

use ch07_event_loop::Config;
use ch13_showdown::ShowdownConfig;
use ch13_showdown::driver::Server;
use ch15_bench::fanout::{self, FanoutConfig, Over};
use ch15_bench::poll_cycle::{self, Wire};
use ch15_bench::requests::{self, Target, VARIANTS};
use ch15_bench::site::Site;
use ch15_http2::H2Config;

/// The showdown over HTTP/2 and HTTP/1.1 (h2c), no taxi, serving `root`.
fn server(root: Option<&Site>) -> Server {
    let mut options = ShowdownConfig::default();
    if let Some(site) = root {
        options.root = site.root.clone();
    }
    let any: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let (server, _) = ch15_http2::server::start::start(
        any,
        None,
        options,
        H2Config::default(),
        Config::default(),
        None,
    )
    .expect("the server starts");
    server
}

#[test]
fn a_warm_http2_poll_is_a_few_octets_and_every_octet_is_accounted_for() {
    let s = server(None);
    let h1 = poll_cycle::run(s.addr, Wire::Http1, 6, 0).unwrap();
    let bare = poll_cycle::run(s.addr, Wire::Http2 { table: 0 }, 6, 0).unwrap();
    let hpack = poll_cycle::run(s.addr, Wire::Http2 { table: 4096 }, 6, 0).unwrap();
    eprintln!("HTTP/1.1: {:?}", h1.cycles[1]);
    eprintln!("HTTP/2, no table: {:?}", bare.cycles[1]);
    eprintln!(
        "HTTP/2: {:?}, then {:?}; setup {:?}",
        hpack.cycles[0], hpack.cycles[1], hpack.setup
    );
    for c in &h1.cycles {
        // HTTP/1.1: the request is its head; the response its head and body.
        assert_eq!(c.request, c.request_head, "{c:?}");
        assert_eq!(c.response, c.response_head + c.body, "{c:?}");
    }
    for c in bare.cycles.iter().chain(&hpack.cycles) {
        // HTTP/2: one HEADERS frame (9 octets and the block) each way, one
        // DATA frame for the event; nothing else moves in a cycle this small.
        assert_eq!(c.request, c.request_head + 9, "{c:?}");
        assert_eq!(c.response, c.response_head + c.body + 18, "{c:?}");
    }
    let (first, warm) = (hpack.cycles[0], hpack.cycles[5]);
    assert!(
        first.request_head > 150,
        "the first block names every field: {first:?}"
    );
    assert!(
        warm.request_head < 40 && warm.response_head < 40,
        "warm blocks are indexes and the new :path: {warm:?}"
    );
    // Without the dynamic table nothing shrinks after the first cycle.
    assert!(bare.cycles[5].request_head + 5 >= bare.cycles[0].request_head);
    // The same event, the same body, whichever the framing (the ids grow a digit at most).
    assert!(h1.cycles[1].body.abs_diff(hpack.cycles[1].body) <= 2);
    assert!(hpack.setup.0 >= 24 + 9, "the preface and a SETTINGS frame");
}

#[test]
fn fan_out_delivers_every_event_on_every_stream_both_ways() {
    let config = FanoutConfig {
        streams: 5,
        rate: 50.0,
        secs: 0.3,
        syscalls: false,
    };
    for over in [Over::Http2, Over::Http1] {
        // A fresh server each time: event ids from 1.
        let s = server(None);
        let r = fanout::run(over, std::process::id(), s.addr, config).unwrap();
        eprintln!("{}: {r:?}", over.name());
        assert_eq!(r.failures.0, 0, "{r:?}");
        assert_eq!(r.published, 15);
        assert_eq!(r.delivered, r.published * 5, "{r:?}");
        assert_eq!(r.missed, 0);
        assert_eq!(r.latency_ms.count as u64, r.delivered);
        assert_eq!(r.connections, if over == Over::Http2 { 1 } else { 5 });
        assert!(
            r.bytes_per_event() > 40.0,
            "an event's JSON and framing: {r:?}"
        );
        let idle = fanout::idle(over, std::process::id(), s.addr, 3).unwrap();
        assert!(idle.rss_kib.0 > 0 && idle.slab_kib.0 > 0, "{idle:?}");
    }
}

#[test]
#[cfg_attr(
    no_h2load,
    ignore = "no h2load (Debian's nghttp2-client; .ci/run installs it)"
)]
fn h2load_gets_the_files_from_ours_and_nginx_over_h2_and_http1() {
    let program = ch15_bench::h2load::H2LOAD.expect("build.rs found h2load");
    let nginx_program = ch14_bench::nginx::NGINX.expect("nginx (Debian's; .ci/run installs it)");
    let site = Site::make().unwrap();
    let ours = server(Some(&site));
    let pki = ch14_tls::testing::Pki::make();
    let nginx = ch15_bench::nginx::NginxFiles::start(nginx_program, &pki, None, &site.root)
        .expect("nginx starts");
    let me = std::process::id();
    let targets = [
        Target {
            name: "ch15-server",
            pid: me,
            tls_pid: me,
            h2c: ours.addr,
            h1: ours.addr,
            tls: ours.addr, // not used: no TLS in process here
        },
        Target {
            name: "nginx",
            pid: nginx.pid(),
            tls_pid: nginx.pid(),
            h2c: nginx.h2c,
            h1: nginx.h1,
            tls: nginx.tls,
        },
    ];
    for target in &targets {
        for variant in VARIANTS.iter().filter(|v| !v.tls || target.name == "nginx") {
            let s = requests::once(program, target, variant, "/small.json", 300).unwrap();
            eprintln!("{} {}: {:?}", target.name, variant.label, s.run);
            assert_eq!(s.run.succeeded, 300);
            let protocol = match (variant.h1, variant.tls) {
                (true, _) => "http/1.1",
                (false, false) => "h2c",
                (false, true) => "h2",
            };
            assert_eq!(s.run.protocol, protocol);
            assert_eq!(s.run.data_bytes, 300 * site.size("/small.json"));
            if variant.h1 {
                assert_eq!(s.run.savings_pct, 0.0, "text heads");
            } else {
                assert!(s.run.savings_pct > 0.0, "HPACK saved something");
            }
        }
    }
}

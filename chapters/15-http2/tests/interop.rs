//! Independent HTTP/2 peers against our connection: Debian's `nghttp`
//! (nghttp2's client, which prints every frame), `curl
//! --http2-prior-knowledge`, and `h2load`, nghttp2's load generator. The
//! server is the blocking harness in `common/harness.rs`. Without the
//! programs the tests are ignored (see `build.rs`); under CI they run.

mod common;

use std::time::Duration;

use ch15_http2::conn::H2Config;
use common::harness::{Harness, big_body, run, tool};

const LIMIT: Duration = Duration::from_secs(30);

fn temp(what: &str) -> std::path::PathBuf {
    ch01_tcp::testing::fresh_dir(&format!("ch15-{what}")).unwrap()
}

/// nghttp's `-v` output with each long run of DATA and WINDOW_UPDATE frames
/// folded after its first two, for the book.
fn collapsed(verbose: &str) -> String {
    // An entry is a time-stamped line and the indented lines under it.
    let mut entries: Vec<Vec<&str>> = Vec::new();
    for line in verbose.lines() {
        match entries.last_mut() {
            Some(entry) if !line.starts_with('[') => entry.push(line),
            _ => entries.push(vec![line]),
        }
    }
    let bulk = |e: &[&str]| e[0].contains(" DATA frame") || e[0].contains(" WINDOW_UPDATE frame");
    let mut out = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let run = entries[i..].iter().take_while(|e| bulk(e)).count();
        if run > 4 {
            // The first two as they are, then a count of the rest.
            for entry in &entries[i..i + 2] {
                out.extend(entry.iter().map(|l| l.to_string()));
            }
            let rest = &entries[i + 2..i + run];
            let data = rest.iter().filter(|e| e[0].contains("DATA")).count();
            out.push(format!(
                "          … {data} more DATA frames and {} WINDOW_UPDATEs …",
                rest.len() - data
            ));
            i += run;
        } else {
            out.extend(entries[i].iter().map(|l| l.to_string()));
            i += 1;
        }
    }
    out.join("\n")
}

/// The frames nghttp's `-v` printed, one line each, time stamps removed.
fn frame_lines(verbose: &str) -> Vec<String> {
    verbose
        .lines()
        .filter_map(|l| l.split_once("] ").map(|(_, rest)| rest.to_string()))
        .filter(|l| l.starts_with("recv ") || l.starts_with("send "))
        .collect()
}

#[test]
#[cfg_attr(
    no_nghttp,
    ignore = "no nghttp (Debian's nghttp2-client; .ci/run installs it)"
)]
fn nghttp_fetches_a_page_and_a_flow_controlled_megabyte() {
    let server = Harness::start(H2Config::default());
    let dir = temp("nghttp");
    // -w 16 -W 16: windows of 65,535 octets on the stream and the connection,
    // so the 1 MiB body needs the client's WINDOW_UPDATEs all the way.
    let ran = run(
        tool("nghttp"),
        &[
            "-nv",
            "-w",
            "16",
            "-W",
            "16",
            &server.url("/"),
            &server.url("/big"),
        ],
        &dir,
        LIMIT,
    );
    let lines = frame_lines(&ran.stdout);
    assert!(ran.status.success(), "{}\n{}", ran.stdout, ran.stderr);
    let first: Vec<_> = lines.iter().take(12).collect();
    eprintln!(
        "nghttp -nv, the first frames:\n{}",
        first
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    let received: usize = ran
        .stdout
        .lines()
        .filter(|l| l.contains("recv DATA frame"))
        .filter_map(|l| {
            l.split("length=")
                .nth(1)?
                .split(',')
                .next()?
                .parse::<usize>()
                .ok()
        })
        .sum();
    let updates = lines
        .iter()
        .filter(|l| l.starts_with("send WINDOW_UPDATE"))
        .count();
    eprintln!("DATA received: {received} octets; WINDOW_UPDATEs sent by nghttp: {updates}");
    assert!(lines.iter().any(|l| l.starts_with("recv SETTINGS frame")));
    // nghttp opens its requests on 13 and 15: 3 to 11 are the idle streams
    // its PRIORITY frames build a dependency tree from (RFC 7540 §5.3).
    let ok = lines.iter().filter(|l| l.ends_with(":status: 200")).count();
    assert_eq!(ok, 2, "{lines:#?}");
    let hello = "hello from ch15, you asked for /\n".len();
    assert_eq!(received, (1 << 20) + hello);
    assert!(
        updates >= 10,
        "a 64 KiB window renewed many times: {updates}"
    );
    assert!(server.stats().failures.is_empty(), "{:?}", server.stats());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
#[cfg_attr(
    no_nghttp,
    ignore = "no nghttp (Debian's nghttp2-client; .ci/run installs it)"
)]
fn nghttp_sees_a_graceful_goaway() {
    let server = Harness::start(H2Config::default());
    let dir = temp("nghttp-goaway");
    // `/bye` makes the harness shut down gracefully; `/big`, with small
    // windows, keeps the connection busy long enough for nghttp to answer
    // the shutdown's PING, so both GOAWAYs go out and `/big` still completes.
    let ran = run(
        tool("nghttp"),
        &[
            "-nv",
            "-w",
            "16",
            "-W",
            "16",
            &server.url("/bye"),
            &server.url("/big"),
        ],
        &dir,
        LIMIT,
    );
    assert!(ran.status.success(), "{}\n{}", ran.stdout, ran.stderr);
    let lines = frame_lines(&ran.stdout);
    eprintln!("{}", collapsed(&ran.stdout));
    let goaways: Vec<_> = ran
        .stdout
        .lines()
        .filter(|l| l.contains("(last_stream_id="))
        .collect();
    eprintln!("{}", goaways.join("\n"));
    assert!(
        goaways[0].contains("last_stream_id=2147483647, error_code=NO_ERROR"),
        "{goaways:?}"
    );
    assert!(
        goaways[1].contains("last_stream_id=15, error_code=NO_ERROR"),
        "{goaways:?}"
    );
    let ok = lines.iter().filter(|l| l.ends_with(":status: 200")).count();
    assert_eq!(ok, 2, "both requests were answered");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
#[cfg_attr(no_curl, ignore = "no curl")]
fn curl_with_prior_knowledge_gets_bodies_and_echoes() {
    let server = Harness::start(H2Config::default());
    let dir = temp("curl");
    let out = dir.join("big.bin");
    let ran = run(
        tool("curl"),
        &[
            "-sS",
            "-v",
            "--http2-prior-knowledge",
            "-o",
            out.to_str().unwrap(),
            &server.url("/big"),
        ],
        &dir,
        LIMIT,
    );
    assert!(ran.status.success(), "{}", ran.stderr);
    assert!(ran.stderr.contains("< HTTP/2 200"), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("< content-length: 1048576"),
        "{}",
        ran.stderr
    );
    assert_eq!(std::fs::read(&out).unwrap(), big_body());
    // A POST: curl sends the body in DATA frames, we echo it back.
    let body = dir.join("body.txt");
    std::fs::write(&body, "x".repeat(100_000)).unwrap();
    let ran = run(
        tool("curl"),
        &[
            "-sS",
            "--http2-prior-knowledge",
            "--data-binary",
            &format!("@{}", body.display()),
            &server.url("/echo"),
        ],
        &dir,
        LIMIT,
    );
    assert!(ran.status.success(), "{}", ran.stderr);
    assert_eq!(ran.stdout, "x".repeat(100_000));
    // A streamed body (no content-length) and a 404.
    let ran = run(
        tool("curl"),
        &["-sS", "--http2-prior-knowledge", &server.url("/stream")],
        &dir,
        LIMIT,
    );
    assert_eq!(ran.stdout.lines().count(), 100);
    let ran = run(
        tool("curl"),
        &[
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code} %{http_version}",
            "--http2-prior-knowledge",
            &server.url("/missing"),
        ],
        &dir,
        LIMIT,
    );
    assert_eq!(ran.stdout, "404 2");
    assert!(server.stats().failures.is_empty(), "{:?}", server.stats());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
#[cfg_attr(
    no_h2load,
    ignore = "no h2load (Debian's nghttp2-client; .ci/run installs it)"
)]
fn h2load_gets_a_thousand_answers_over_four_connections() {
    let server = Harness::start(H2Config::default());
    let dir = temp("h2load");
    let ran = run(
        tool("h2load"),
        &["-n", "1000", "-c", "4", "-m", "10", &server.url("/")],
        &dir,
        LIMIT,
    );
    assert!(ran.status.success(), "{}\n{}", ran.stdout, ran.stderr);
    let summary: Vec<_> = ran
        .stdout
        .lines()
        .filter(|l| {
            l.starts_with("requests:")
                || l.starts_with("status codes:")
                || l.starts_with("traffic:")
        })
        .collect();
    eprintln!(
        "h2load -n 1000 -c 4 -m 10 (took {:?}):\n{}",
        ran.took,
        summary.join("\n")
    );
    assert!(
        ran.stdout.contains("requests: 1000 total, 1000 started, 1000 done, 1000 succeeded, 0 failed, 0 errored, 0 timeout"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains("status codes: 1000 2xx"),
        "{}",
        ran.stdout
    );
    let stats = server.stats();
    assert_eq!((stats.connections, stats.requests), (4, 1000));
    assert!(stats.failures.is_empty(), "{stats:?}");
    std::fs::remove_dir_all(dir).unwrap();
}

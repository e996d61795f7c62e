//! `ch15-server` from outside: chapter 13's showdown over HTTP/2, with
//! independent clients. h2c with prior knowledge (nghttp, curl, h2load) and
//! HTTP/1.1 on the same port; over TLS, ALPN picks h2 or http/1.1; an SSE
//! stream and a held long poll share one connection with other requests.
//! Without the programs the tests are ignored (see `build.rs`); under CI they
//! run.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use ch01_tcp::testing::Server;
use common::harness::{run, tool};

const LIMIT: Duration = Duration::from_secs(30);

fn temp(what: &str) -> std::path::PathBuf {
    ch01_tcp::testing::fresh_dir(&format!("ch15-server-{what}")).unwrap()
}

/// `ch15-server --plain` on a free port, no taxi, with `--trace`.
fn plain_server() -> Server {
    let args = ["--plain", "--addr", "127.0.0.1:0", "--rate", "0", "--trace"];
    Server::start(env!("CARGO_BIN_EXE_ch15-server"), &args).expect("ch15-server starts")
}

/// Publishes `text` with a plain HTTP/1.1 POST (the same port speaks both).
fn publish(addr: &str, text: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(LIMIT)).unwrap();
    let req = format!(
        "POST /publish HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
#[cfg_attr(
    no_nghttp,
    ignore = "no nghttp (Debian's nghttp2-client; .ci/run installs it)"
)]
fn h2c_and_http1_on_one_port() {
    let server = plain_server();
    let addr = server.addr().to_string();
    let answer = publish(&addr, "hello over HTTP/1.1");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let dir = temp("nghttp");
    let url = format!("http://{addr}/state");
    let ran = run(tool("nghttp"), &["-nv", &url], &dir, LIMIT);
    assert!(ran.status.success(), "nghttp: {}{}", ran.stdout, ran.stderr);
    assert!(ran.stdout.contains(":status: 200"), "{}", ran.stdout);
    assert!(ran.stdout.contains("recv DATA frame"), "{}", ran.stdout);
    assert!(ran.stdout.contains("GOAWAY"), "{}", ran.stdout);
    let trace = server.stderr_so_far();
    assert!(
        trace.contains("the HTTP/2 connection preface: h2"),
        "{trace}"
    );
    assert!(
        trace.contains("    :path: /state"),
        "HPACK decoded in the trace: {trace}"
    );
    assert!(
        trace.contains("POST /publish HTTP/1.1"),
        "HTTP/1.1 traced too: {trace}"
    );
}

#[test]
#[cfg_attr(no_curl, ignore = "no curl")]
fn curl_gets_the_taxi_state_over_h2c_and_http1() {
    let server = plain_server();
    let addr = server.addr().to_string();
    publish(&addr, "a message");
    let dir = temp("curl");
    let url = format!("http://{addr}/state");
    let h2 = run(
        tool("curl"),
        &[
            "-sS",
            "--http2-prior-knowledge",
            "-w",
            "\n%{http_version} %{http_code}",
            &url,
        ],
        &dir,
        LIMIT,
    );
    assert!(h2.stdout.ends_with("\n2 200"), "{}{}", h2.stdout, h2.stderr);
    let h1 = run(
        tool("curl"),
        &["-sS", "-w", "\n%{http_version} %{http_code}", &url],
        &dir,
        LIMIT,
    );
    assert!(
        h1.stdout.ends_with("\n1.1 200"),
        "{}{}",
        h1.stdout,
        h1.stderr
    );
    // The same answer both ways: the same route, decided once.
    let body = |s: &str| s.rsplit_once('\n').map(|(b, _)| b.to_string()).unwrap();
    assert_eq!(body(&h2.stdout), body(&h1.stdout));
}

#[test]
#[cfg_attr(
    no_h2load,
    ignore = "no h2load (Debian's nghttp2-client; .ci/run installs it)"
)]
fn h2load_many_requests_on_few_connections_all_succeed() {
    let server = plain_server();
    let addr = server.addr().to_string();
    publish(&addr, "a message");
    let dir = temp("h2load");
    let url = format!("http://{addr}/state");
    let ran = run(
        tool("h2load"),
        &["-n", "2000", "-c", "4", "-m", "20", &url],
        &dir,
        LIMIT,
    );
    eprintln!("{}", ran.stdout);
    assert!(ran.status.success(), "{}{}", ran.stdout, ran.stderr);
    assert!(
        ran.stdout.contains("2000 succeeded, 0 failed, 0 errored"),
        "{}",
        ran.stdout
    );
}

/// Reads from `s` until `needle` appears (or panics after [`LIMIT`]).
fn read_until(s: &mut TcpStream, got: &mut Vec<u8>, needle: &[u8]) {
    let deadline = Instant::now() + LIMIT;
    let mut buf = [0; 4096];
    while !got.windows(needle.len()).any(|w| w == needle) {
        assert!(Instant::now() < deadline, "no {needle:?} in time");
        let n = s.read(&mut buf).expect("reading");
        assert!(n > 0, "closed before {:?}", String::from_utf8_lossy(needle));
        got.extend_from_slice(&buf[..n]);
    }
}

#[test]
#[cfg_attr(
    no_nghttp,
    ignore = "no nghttp (Debian's nghttp2-client; .ci/run installs it)"
)]
fn a_stream_and_a_held_poll_share_a_connection_and_get_the_same_event() {
    let server = plain_server();
    let addr = server.addr().to_string();
    // nghttp opens both streams on one connection and waits for both to end:
    // the poll ends with the event, the SSE stream with the timeout
    // (`-t`, after which nghttp resets it and exits with an error).
    let dir = temp("share");
    let events = format!("http://{addr}/events");
    let poll = format!("http://{addr}/poll?after=0");
    let program = tool("nghttp");
    let publisher = {
        let addr = addr.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(500));
            publish(&addr, "one event for both")
        })
    };
    let ran = run(
        program,
        &["-n", "-v", "-t", "3", &events, &poll],
        &dir,
        LIMIT,
    );
    let published = publisher.join().unwrap();
    assert!(published.starts_with("HTTP/1.1 200"), "{published}");
    let out = &ran.stdout;
    // One connection ("Connected" once), two streams, one event on each.
    assert_eq!(out.matches("] Connected").count(), 1, "{out}");
    assert!(out.contains(":path: /events"), "{out}");
    assert!(out.contains(":path: /poll?after=0"), "{out}");
    assert!(out.contains("content-type: text/event-stream"), "{out}");
    let trace = server.stderr_so_far();
    assert!(
        trace.matches("one event for both").count() >= 2,
        "both streams sent the event: {trace}"
    );
    // A raw HTTP/1.1 stream on the same server still works alongside.
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(LIMIT)).unwrap();
    s.write_all(b"GET /events?after=0 HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut got = Vec::new();
    read_until(&mut s, &mut got, b"one event for both");
}

#[test]
#[cfg_attr(no_curl, ignore = "no curl")]
fn over_tls_alpn_picks_h2_or_http1() {
    let pki = ch14_tls::testing::Pki::make();
    let (cert, key) = (pki.cert.to_str().unwrap(), pki.key.to_str().unwrap());
    let args = [
        "--cert",
        cert,
        "--key",
        key,
        "--addr",
        "127.0.0.1:0",
        "--rate",
        "0",
    ];
    let server =
        Server::start(env!("CARGO_BIN_EXE_ch15-server"), &args).expect("ch15-server starts");
    let port = server.addr().rsplit(':').next().unwrap().to_string();
    let url = format!("https://localhost:{port}/route");
    let ca = pki.ca.to_str().unwrap();
    let dir = temp("alpn");
    let ask = |extra: &str| {
        let mut args = vec!["-sS", "-v", "--cacert", ca, "-o", "/dev/null"];
        args.extend(["-w", "%{http_version} %{http_code}", extra, &url]);
        run(tool("curl"), &args, &dir, LIMIT)
    };
    let h2 = ask("--http2");
    assert_eq!(h2.stdout, "2 200", "{}", h2.stderr);
    assert!(
        h2.stderr.contains("ALPN: server accepted h2"),
        "{}",
        h2.stderr
    );
    let h1 = ask("--http1.1");
    assert_eq!(h1.stdout, "1.1 200", "{}", h1.stderr);
    assert!(
        h1.stderr.contains("ALPN: server accepted http/1.1"),
        "{}",
        h1.stderr
    );
}

#[test]
fn an_idle_h2_connection_gets_a_graceful_goaway() {
    use ch15_http2::frame::{Decoded, Frame, FrameDecoder, PREFACE, Settings};
    let args = [
        "--plain",
        "--addr",
        "127.0.0.1:0",
        "--rate",
        "0",
        "--idle-timeout",
        "1",
    ];
    let server = Server::start(env!("CARGO_BIN_EXE_ch15-server"), &args).expect("it starts");
    let mut s = TcpStream::connect(server.addr()).unwrap();
    s.set_read_timeout(Some(LIMIT)).unwrap();
    let mut out = PREFACE.to_vec();
    Frame::Settings(Settings::new(Vec::new())).encode(&mut out);
    Frame::Settings(Settings::ack()).encode(&mut out);
    s.write_all(&out).unwrap();
    let started = Instant::now();
    // Read to the server's close; note the GOAWAYs on the way.
    let mut bytes = Vec::new();
    s.read_to_end(&mut bytes).unwrap();
    let took = started.elapsed();
    let mut frames = FrameDecoder::client();
    let (mut at, mut goaways) = (0, Vec::new());
    while at < bytes.len() {
        let (n, found) = frames.decode(&bytes[at..]).expect("valid frames");
        at += n;
        if let Some(Decoded::Frame(Frame::GoAway(g))) = found {
            goaways.push((g.last_stream, g.code));
        }
        if n == 0 {
            break;
        }
    }
    eprintln!("closed after {took:?} with GOAWAYs {goaways:?}");
    assert!(
        took >= Duration::from_millis(900),
        "not before the timeout: {took:?}"
    );
    assert!(took < Duration::from_secs(5), "soon after it: {took:?}");
    let last = goaways.last().expect("a GOAWAY before the close");
    assert_eq!(
        last.1,
        ch15_http2::ErrorCode::NO_ERROR,
        "graceful: {goaways:?}"
    );
}

#[test]
fn root_serves_static_files_from_the_given_directory() {
    // The bench serves the same files from ch15-server and nginx: `--root`.
    let dir = temp("root");
    std::fs::write(dir.join("small.json"), "{\"from\":\"the given root\"}").unwrap();
    let root = dir.to_str().unwrap();
    let args = [
        "--plain",
        "--addr",
        "127.0.0.1:0",
        "--rate",
        "0",
        "--root",
        root,
    ];
    let server =
        Server::start(env!("CARGO_BIN_EXE_ch15-server"), &args).expect("ch15-server starts");
    let mut s = TcpStream::connect(server.addr()).unwrap();
    s.set_read_timeout(Some(LIMIT)).unwrap();
    s.write_all(b"GET /small.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut got = String::new();
    s.read_to_string(&mut got).unwrap();
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
    assert!(got.contains("Content-Type: application/json"), "{got}");
    assert!(got.ends_with("{\"from\":\"the given root\"}"), "{got}");
    // A root that is not a directory is refused at start.
    let missing = dir.join("missing");
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_ch15-server"))
        .args(["--plain", "--root", missing.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("not a directory"),
        "{refused:?}"
    );
}

//! The four transports end to end, over raw loopback sockets: each endpoint's
//! answers, resume by id, gaps reported, `POST /cut`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use ch05_http_parser::Status;
use ch07_event_loop::Config;
use ch08_ws_handshake::ClientHandshake;
use ch09_ws_frames::encoder::encode_frame_masked;
use ch09_ws_frames::{Event, OpCode, Receiver, Role};
use ch13_showdown::ShowdownConfig;
use ch13_showdown::driver::Server;

fn server(rate: Option<f64>, history: usize) -> Server {
    let options = ShowdownConfig {
        history,
        ..ShowdownConfig::default()
    };
    Server::start(
        "127.0.0.1:0".parse().unwrap(),
        options,
        Config::default(),
        rate,
    )
    .expect("the server starts")
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s
}

/// Reads until `done(bytes so far)` or 5 s pass.
fn read_until(s: &mut TcpStream, done: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while !done(&String::from_utf8_lossy(&got)) && Instant::now() < deadline {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(_) => break,
        }
    }
    String::from_utf8_lossy(&got).into_owned()
}

/// One request, the whole response (Content-Length bodies; the server closes
/// after it because we ask it to).
fn request(addr: SocketAddr, method: &str, target: &str, body: &str) -> String {
    let mut s = connect(addr);
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    read_until(&mut s, |_| false)
}

fn wait_for_events(addr: SocketAddr, n: u64) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        let r = request(addr, "GET", "/state", "");
        if let Some(at) = r.find("\"latest\":")
            && r[at + 9..]
                .trim_end_matches('}')
                .parse::<u64>()
                .is_ok_and(|l| l >= n)
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the taxi did not publish {n} events");
}

#[test]
fn short_polling_sees_the_newest_position() {
    let srv = server(Some(50.0), 1000);
    wait_for_events(srv.addr, 3);
    let r = request(srv.addr, "GET", "/state", "");
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    assert!(r.contains("Cache-Control: no-store"), "{r}");
    assert!(
        r.contains("{\"id\":") && r.contains("\\\"t\\\":\\\"pos\\\""),
        "{r}"
    );
    let r = request(srv.addr, "POST", "/state", "");
    assert!(r.starts_with("HTTP/1.1 405"), "{r}");
    let r = request(srv.addr, "GET", "/route", "");
    assert!(r.contains("\"points\":[[60,60]"), "{r}");
    let r = request(srv.addr, "GET", "/", "");
    assert!(
        r.starts_with("HTTP/1.1 200") && r.contains("four transports"),
        "{r}"
    );
}

#[test]
fn long_polling_resumes_holds_and_reports_gaps() {
    let srv = server(None, 5);
    for i in 0..7 {
        let r = request(srv.addr, "POST", "/publish", &format!("m{i}"));
        assert!(r.contains(&format!("{{\"id\":{}}}", i + 1)), "{r}");
    }
    // Events 1 and 2 were dropped (history 5): after=0 is a gap, told as 410.
    let r = request(srv.addr, "GET", "/poll?after=0", "");
    assert!(r.starts_with("HTTP/1.1 410"), "{r}");
    assert!(r.contains("\"oldest\":3"), "{r}");
    // after=5: events 6 and 7 at once, in order, nothing else.
    let r = request(srv.addr, "GET", "/poll?after=5", "");
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    let body = &r[r.find("\r\n\r\n").unwrap() + 4..];
    assert!(
        body.starts_with("[{\"id\":6,") && body.contains("{\"id\":7,"),
        "{body}"
    );
    assert!(body.contains("\\\"text\\\":\\\"m6\\\""), "{body}");
    // Up to date: held, then 204 after the timeout.
    let t = Instant::now();
    let r = request(srv.addr, "GET", "/poll?after=7&timeout=0.3", "");
    assert!(r.starts_with("HTTP/1.1 204"), "{r}");
    assert!(t.elapsed() >= Duration::from_millis(250));
    // Held, then answered by a publish from another connection.
    let mut held = connect(srv.addr);
    held.write_all(b"GET /poll?after=7 HTTP/1.1\r\nHost: t\r\n\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(100));
    request(srv.addr, "POST", "/publish", "late");
    let r = read_until(&mut held, |s| s.contains("]"));
    assert!(
        r.starts_with("HTTP/1.1 200") && r.contains("{\"id\":8,"),
        "{r}"
    );
    let r = request(srv.addr, "GET", "/poll?after=x", "");
    assert!(r.starts_with("HTTP/1.1 400"), "{r}");
    // A message is at most 4 KiB: it is kept and sent to everyone.
    let r = request(srv.addr, "POST", "/publish", &"x".repeat(5000));
    assert!(r.starts_with("HTTP/1.1 413"), "{r}");
}

#[test]
fn the_message_limit_is_a_setting() {
    // The default is a chat line (above); a server may allow more, up to
    // what the HTTP body limit allows, and still refuses one byte past it.
    let options = ShowdownConfig {
        max_message: 65_536,
        ..ShowdownConfig::default()
    };
    let srv = Server::start(
        "127.0.0.1:0".parse().unwrap(),
        options,
        Config::default(),
        None,
    )
    .expect("the server starts");
    let r = request(srv.addr, "POST", "/publish", &"x".repeat(65_536));
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    let r = request(srv.addr, "POST", "/publish", &"x".repeat(65_537));
    assert!(
        r.starts_with("HTTP/1.1 413") && r.contains("at most 65536 bytes"),
        "{r}"
    );
}

#[test]
fn sse_streams_resumes_and_resets() {
    let srv = server(None, 5);
    for i in 0..3 {
        request(srv.addr, "POST", "/publish", &format!("m{i}"));
    }
    let mut s = connect(srv.addr);
    s.write_all(b"GET /events HTTP/1.1\r\nHost: t\r\nLast-Event-ID: 1\r\n\r\n")
        .unwrap();
    let r = read_until(&mut s, |s| s.contains("id: 3"));
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    assert!(r.contains("Content-Type: text/event-stream"), "{r}");
    assert!(r.contains("retry: "), "{r}");
    assert!(
        !r.contains("id: 1\n") && r.contains("id: 2\n") && r.contains("id: 3\n"),
        "{r}"
    );
    // Live: a publish arrives on the open stream.
    request(srv.addr, "POST", "/publish", "live");
    let r = read_until(&mut s, |s| s.contains("id: 4"));
    assert!(r.contains("\\\"live\\\"") || r.contains("\"live\""), "{r}");
    // A cursor older than the history gets `event: reset`, then what is kept.
    for i in 0..5 {
        request(srv.addr, "POST", "/publish", &format!("n{i}"));
    }
    let mut old = connect(srv.addr);
    old.write_all(b"GET /events?after=1 HTTP/1.1\r\nHost: t\r\n\r\n")
        .unwrap();
    let r = read_until(&mut old, |s| s.contains("id: 9"));
    assert!(r.contains("event: reset"), "{r}");
    assert!(r.contains("id: 5\n") && r.contains("id: 9\n"), "{r}");
    // POST /cut ends both streams.
    let r = request(srv.addr, "POST", "/cut", "");
    assert!(r.contains("\"cut\":"), "{r}");
    for stream in [&mut s, &mut old] {
        let rest = read_until(stream, |_| false);
        assert!(!rest.contains("id: 10"), "{rest}");
    }
}

/// A WebSocket client from chapter 8's handshake and chapter 9's frames.
struct Ws {
    s: TcpStream,
    rx: Receiver,
    buf: Vec<u8>,
}

impl Ws {
    fn open(addr: SocketAddr, path: &str) -> Ws {
        let hs = ClientHandshake::new(&format!("ws://{addr}{path}")).unwrap();
        let mut s = connect(addr);
        s.write_all(&hs.request()).unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let n = s.read(&mut chunk).expect("the 101");
            assert!(n > 0, "closed during the handshake");
            buf.extend_from_slice(&chunk[..n]);
            if let Status::Complete((_, used)) = hs.check_response(&buf).unwrap() {
                buf.drain(..used);
                break;
            }
        }
        Ws {
            s,
            rx: Receiver::new(Role::Client),
            buf,
        }
    }

    fn send(&mut self, text: &str) {
        let mut out = Vec::new();
        encode_frame_masked(
            &mut out,
            true,
            OpCode::Text,
            text.as_bytes(),
            rand::random(),
        );
        self.s.write_all(&out).unwrap();
    }

    /// Text messages until one contains `want` (5 s at most).
    fn until(&mut self, want: &str) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut got = Vec::new();
        let mut chunk = [0u8; 4096];
        while Instant::now() < deadline {
            let mut at = 0;
            while at < self.buf.len() {
                let (n, ev) = self.rx.feed(&mut self.buf[at..]).unwrap();
                at += n;
                match ev {
                    Some(e @ Event::Message { .. }) => got.push(e.as_text().unwrap().to_string()),
                    Some(_) => {}
                    None => break,
                }
            }
            self.buf.clear();
            if got.iter().any(|m| m.contains(want)) {
                return got;
            }
            match self.s.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
            }
        }
        got
    }
}

#[test]
fn websocket_resumes_and_publishes_what_it_is_sent() {
    let srv = server(None, 5);
    for i in 0..3 {
        request(srv.addr, "POST", "/publish", &format!("m{i}"));
    }
    let mut ws = Ws::open(srv.addr, "/ws?after=1");
    let got = ws.until("\"id\":3");
    assert!(got[0].starts_with("{\"id\":2,"), "{got:?}");
    assert_eq!(got.len(), 2, "{got:?}");
    // Text sent is published: it comes back as event 4, and long polling sees it.
    ws.send("hello \"ws\"");
    let got = ws.until("\"id\":4");
    assert!(
        got.last()
            .unwrap()
            .contains(r#"\"text\":\"hello \\\"ws\\\"\""#),
        "{got:?}"
    );
    let r = request(srv.addr, "GET", "/poll?after=3", "");
    assert!(r.contains("{\"id\":4,"), "{r}");
    // A gap: reset first, then the oldest kept.
    for i in 0..5 {
        request(srv.addr, "POST", "/publish", &format!("n{i}"));
    }
    let mut old = Ws::open(srv.addr, "/ws?after=0");
    let got = old.until("\"id\":9");
    assert!(got[0].starts_with("{\"reset\":"), "{got:?}");
    assert!(got[1].starts_with("{\"id\":5,"), "{got:?}");
    // A bad upgrade is refused with chapter 8's status.
    let r = request(srv.addr, "GET", "/ws", "");
    assert!(r.starts_with("HTTP/1.1 4"), "{r}");
}

#[test]
fn a_handshake_with_many_fields_is_upgraded_like_any_request() {
    // The showdown once parsed the handshake a second time with 64 header
    // slots: 70 extra fields (chapter 6 accepts 100) got "400 ... must be a GET".
    let srv = server(None, 5);
    for n in [10, 70, 95] {
        let hs = ClientHandshake::new(&format!("ws://{}/ws", srv.addr)).unwrap();
        let request = String::from_utf8(hs.request()).unwrap();
        let extra: String = (0..n).map(|i| format!("X-Extra-{i}: v\r\n")).collect();
        let request = request.replacen("\r\n\r\n", &format!("\r\n{extra}\r\n"), 1);
        let mut s = connect(srv.addr);
        s.write_all(request.as_bytes()).unwrap();
        let head = read_until(&mut s, |got| got.contains("\r\n\r\n"));
        assert!(
            head.starts_with("HTTP/1.1 101 "),
            "{n} extra fields: {head}"
        );
    }
}

#[test]
fn the_binary_says_what_it_does_and_announces_its_address() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ch13-server"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("four ways") && help.contains("--rate"),
        "{help}"
    );
    let srv = ch01_tcp::testing::Server::start(
        env!("CARGO_BIN_EXE_ch13-server"),
        &["--addr", "127.0.0.1:0", "--rate", "20"],
    )
    .unwrap();
    assert!(srv.url.starts_with("http://127.0.0.1:"), "{}", srv.url);
    wait_for_events(srv.addr().parse().unwrap(), 2);
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_ch13-server"))
        .args(["--rate", "-1"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
}

/// An EventSource in miniature: reads `/events` with chapter 5's chunked
/// decoder and chapter 12's parser, and when the server drops the stream,
/// reconnects with `Last-Event-ID`. Returns the ids seen and the reconnects.
fn read_all_events(addr: SocketAddr, until_id: u64) -> (Vec<u64>, usize) {
    use ch05_http_parser::ChunkedDecoder;
    use ch12_sse::parser::{Item, Parser};
    let deadline = Instant::now() + Duration::from_secs(30);
    let (mut ids, mut reconnects) = (Vec::new(), 0);
    let mut last = 0u64;
    while last < until_id && Instant::now() < deadline && reconnects < 100 {
        let mut s = connect(addr);
        write!(
            s,
            "GET /events HTTP/1.1\r\nHost: t\r\nLast-Event-ID: {last}\r\n\r\n"
        )
        .unwrap();
        let (mut head_done, mut raw) = (false, Vec::new());
        let (mut chunks, mut parser) = (ChunkedDecoder::new(), Parser::new());
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match s.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            raw.extend_from_slice(&buf[..n]);
            if !head_done {
                let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
                    continue;
                };
                raw.drain(..end + 4);
                head_done = true;
            }
            let mut text = Vec::new();
            let d = chunks.decode(&raw, &mut text).unwrap();
            raw.drain(..d.consumed);
            let mut items = Vec::new();
            parser.feed(&text, &mut items).unwrap();
            for item in items {
                if let Item::Event(e) = item
                    && let Ok(id) = e.last_event_id.parse::<u64>()
                {
                    ids.push(id);
                    last = id;
                }
            }
            if last >= until_id {
                break;
            }
        }
        if last < until_id {
            reconnects += 1;
        }
    }
    (ids, reconnects)
}

#[test]
fn a_stream_that_does_not_read_is_dropped_and_its_client_loses_nothing() {
    let options = ShowdownConfig {
        history: 10_000,
        heartbeat: Duration::from_millis(300),
        ..ShowdownConfig::default()
    };
    let srv = Server::start(
        "127.0.0.1:0".parse().unwrap(),
        options,
        Config::default(),
        None,
    )
    .expect("the server starts");
    // A stream whose client never reads.
    let mut stalled = connect(srv.addr);
    stalled
        .write_all(b"GET /events?after=0 HTTP/1.1\r\nHost: t\r\n\r\n")
        .unwrap();
    // One that reads everything, resuming whenever it is dropped for being slow.
    let addr = srv.addr;
    let reader = std::thread::spawn(move || read_all_events(addr, 4000));
    // 16 MB of events: more than loopback's socket buffers and the 128 KiB
    // write queue a stream may have.
    let big = "x".repeat(4000);
    for _ in 0..4000 {
        srv.publisher.publish(big.clone()).unwrap();
    }
    let (ids, reconnects) = reader.join().unwrap();
    eprintln!("the reader reconnected {reconnects} times");
    assert_eq!(
        ids,
        (1..=4000).collect::<Vec<u64>>(),
        "every id once, in order"
    );
    // The stalled stream holds at most its queue limit; a heartbeat interval
    // without progress drops it (bounded wait: 10 s).
    let deadline = Instant::now() + Duration::from_secs(10);
    while ch13_showdown::Counters::get(&srv.counters.slow_dropped) == 0 && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    let dropped = ch13_showdown::Counters::get(&srv.counters.slow_dropped);
    assert!(dropped >= 1, "the stalled stream was not dropped");
    drop(stalled);
}

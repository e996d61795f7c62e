//! End-to-end: the built `ch04-chat` binary on a free port, real TCP clients.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use ch01_tcp::testing::Server;

const CHAT: &str = env!("CARGO_BIN_EXE_ch04-chat");
/// No single read in these tests should wait longer than this.
const PATIENCE: Duration = Duration::from_secs(20);

fn start(extra: &[&str]) -> Server {
    let mut args = vec!["--addr", "127.0.0.1:0"];
    args.extend_from_slice(extra);
    Server::start(CHAT, &args).expect("server starts")
}

/// A chat client: lines in, lines out, every read bounded by [`PATIENCE`].
struct Client {
    read: BufReader<TcpStream>,
    write: TcpStream,
}

impl Client {
    fn connect(server: &Server) -> Client {
        let stream = TcpStream::connect(server.addr()).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let write = stream.try_clone().unwrap();
        let mut c = Client {
            read: BufReader::new(stream),
            write,
        };
        assert_eq!(c.line(), "* welcome to ch04-chat. what is your nickname?");
        c
    }

    /// Connects and joins as `nick`; returns the client and its hello line.
    fn join(server: &Server, nick: &str) -> (Client, String) {
        let mut c = Client::connect(server);
        c.send(&format!("{nick}\n"));
        let hello = c.line();
        assert!(hello.starts_with(&format!("* hello {nick}.")), "{hello:?}");
        (c, hello)
    }

    fn send(&mut self, text: &str) {
        self.write.write_all(text.as_bytes()).expect("send");
    }

    /// The next line, without its '\n'. Panics on EOF or timeout.
    fn line(&mut self) -> String {
        let mut line = String::new();
        let n = self.read.read_line(&mut line).expect("read a line in time");
        assert!(n > 0, "the server closed the connection");
        assert!(line.ends_with('\n'), "partial line {line:?}");
        line.pop();
        line
    }

    /// True when the server closed the connection (read returns 0).
    fn at_eof(&mut self) -> bool {
        let mut buf = [0u8; 64];
        matches!(self.read.read(&mut buf), Ok(0))
    }
}

#[test]
fn two_clients_chat_with_join_and_leave_notices() {
    let server = start(&[]);
    let (mut ann, hello) = Client::join(&server, "ann");
    assert!(hello.contains("here now: ann."), "{hello:?}");
    let (mut bob, hello) = Client::join(&server, "bob");
    assert!(hello.contains("here now: ann, bob."), "{hello:?}");
    assert_eq!(ann.line(), "* bob joined");

    bob.send("hi ann\n");
    assert_eq!(ann.line(), "<bob> hi ann");
    ann.send("hello bob \u{1F44B}\n");
    assert_eq!(bob.line(), "<ann> hello bob \u{1F44B}");

    ann.send("/who\n");
    assert_eq!(ann.line(), "* here now: ann, bob");
    bob.send("/quit\n");
    assert_eq!(bob.line(), "* bye");
    assert!(bob.at_eof(), "the server closes after /quit");
    assert_eq!(ann.line(), "* bob left");
}

#[test]
fn a_message_sent_one_byte_at_a_time() {
    let server = start(&[]);
    let (mut ann, _) = Client::join(&server, "ann");
    let mut bob = Client::connect(&server);
    bob.write.set_nodelay(true).unwrap();
    // Nickname and message, each byte its own write (and, with a pause, its own
    // segment): the 'é' and 'ö' are split between their two UTF-8 bytes.
    for b in "bob\nhéllo wörld\r\n".bytes() {
        bob.write.write_all(&[b]).unwrap();
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(bob.line().starts_with("* hello bob."));
    assert_eq!(ann.line(), "* bob joined");
    assert_eq!(ann.line(), "<bob> héllo wörld");
}

#[test]
fn duplicate_and_invalid_nicknames_are_refused() {
    let server = start(&[]);
    let (mut ann, _) = Client::join(&server, "ann");
    let mut other = Client::connect(&server);
    other.send("ANN\n");
    assert_eq!(
        other.line(),
        "* error: the nickname ANN is taken, try another. what is your nickname?"
    );
    other.send("a b\n");
    assert!(other.line().starts_with("* error: ' ' is not allowed"));
    other.send(&format!("{}\n", "x".repeat(17)));
    assert!(
        other
            .line()
            .starts_with("* error: a nickname has at most 16")
    );
    other.send("/nick bob\n");
    assert!(other.line().starts_with("* hello bob."));
    assert_eq!(ann.line(), "* bob joined");
    // Renaming to a taken name fails too; to a free one, everyone is told.
    other.send("/nick ann\n");
    assert_eq!(
        other.line(),
        "* error: the nickname ann is taken, try another"
    );
    other.send("/nick cid\n");
    assert_eq!(other.line(), "* you are now cid");
    assert_eq!(ann.line(), "* bob is now cid");
}

#[test]
fn a_too_long_line_is_dropped_and_the_connection_kept() {
    let server = start(&["--max-line", "64"]);
    let (mut ann, _) = Client::join(&server, "ann");
    let (mut bob, _) = Client::join(&server, "bob");
    assert_eq!(ann.line(), "* bob joined");
    bob.send(&format!("{}\n", "x".repeat(100_000)));
    assert_eq!(bob.line(), "* error: line too long (max 64 bytes), dropped");
    bob.send(&format!("{}\n", "y".repeat(60)));
    assert_eq!(ann.line(), format!("<bob> {}", "y".repeat(60)));
}

#[test]
fn invalid_utf8_and_control_bytes_are_replaced() {
    let server = start(&[]);
    let (mut ann, _) = Client::join(&server, "ann");
    let (mut bob, _) = Client::join(&server, "bob");
    assert_eq!(ann.line(), "* bob joined");
    bob.write.write_all(b"caf\xe9 \x1b[2J\n").unwrap();
    assert_eq!(ann.line(), "<bob> caf\u{fffd} \u{fffd}[2J");
}

#[test]
fn closing_or_resetting_without_quit_gives_a_leave_notice() {
    let server = start(&[]);
    let (mut ann, _) = Client::join(&server, "ann");
    let (bob, _) = Client::join(&server, "bob");
    assert_eq!(ann.line(), "* bob joined");
    drop(bob); // FIN, no /quit
    assert_eq!(ann.line(), "* bob left");

    let (cid, _) = Client::join(&server, "cid");
    assert_eq!(ann.line(), "* cid joined");
    // SO_LINGER 0 makes close() send a RST, as a crashed client's kernel would.
    socket2::SockRef::from(&cid.write)
        .set_linger(Some(Duration::ZERO))
        .unwrap();
    drop(cid);
    let line = ann.line();
    assert!(line.starts_with("* cid left ("), "{line:?}");
    assert!(line.contains("reset"), "{line:?}");
}

#[test]
fn a_client_that_never_reads_does_not_stall_the_others() {
    const MESSAGES: usize = 10_016; // a multiple of 32
    let server = start(&["--queue", "64"]);
    let (mut stuck, _) = Client::join(&server, "stuck");
    let (mut fast, _) = Client::join(&server, "fast");
    let (mut talker, _) = Client::join(&server, "talker");
    assert_eq!(fast.line(), "* talker joined");

    // 10,000 lines of ~500 bytes: 5 MB, far more than the socket buffers and the
    // 64-message queue can hold for `stuck`, which reads nothing meanwhile. The
    // talker sends in bursts of 32 and waits for `fast` to read each burst, so
    // `fast` never falls 64 behind: it must get every message, in order.
    let pad = "z".repeat(490);
    let deadline = Instant::now() + Duration::from_secs(120);
    for burst in 0..MESSAGES / 32 {
        let lines: String = (burst * 32..burst * 32 + 32)
            .map(|i| format!("{i} {pad}\n"))
            .collect();
        talker.send(&lines);
        for i in burst * 32..burst * 32 + 32 {
            let line = fast.line();
            assert!(
                line.starts_with(&format!("<talker> {i} ")),
                "fast reader, message {i}: {:?}",
                &line[..line.len().min(40)]
            );
        }
        assert!(
            Instant::now() < deadline,
            "fast reader stalled at burst {burst}"
        );
    }

    // Now `stuck` reads: it gets some messages, a count of those dropped, and
    // the last ones; delivered + missed accounts for every message.
    let (mut delivered, mut missed, mut last) = (0usize, 0usize, None);
    let mut notices = 0;
    while last != Some(MESSAGES - 1) {
        let line = stuck.line();
        if let Some(rest) = line.strip_prefix("<talker> ") {
            let n: usize = rest.split(' ').next().unwrap().parse().unwrap();
            assert!(
                last.is_none_or(|l| n > l),
                "out of order: {n} after {last:?}"
            );
            delivered += 1;
            last = Some(n);
        } else if let Some(rest) = line.strip_prefix("* you missed ") {
            missed += rest.split(' ').next().unwrap().parse::<usize>().unwrap();
            notices += 1;
        } else {
            assert!(line.ends_with(" joined"), "unexpected {line:?}");
        }
    }
    assert!(
        notices >= 1 && missed > 0,
        "the slow reader was told what it missed"
    );
    assert_eq!(
        delivered + missed,
        MESSAGES,
        "every message delivered or counted"
    );
}

#[test]
fn trace_shows_the_bytes() {
    let server = start(&["--trace"]);
    let (mut ann, _) = Client::join(&server, "ann");
    ann.send("/who\n");
    assert_eq!(ann.line(), "* here now: ann");
    let deadline = Instant::now() + PATIENCE;
    let mut err = String::new();
    while !err.contains(r#""* here now: ann\n""#) && Instant::now() < deadline {
        err.push_str(&server.stderr_so_far());
    }
    assert!(err.contains("connected"), "{err}");
    assert!(err.contains(r#"4 bytes   "ann\n""#), "{err}");
    assert!(err.contains(r#"-> 127.0.0.1:"#), "{err}");
    assert!(err.contains(r#""* here now: ann\n""#), "{err}");
}

#[test]
fn idle_cost_prints_its_table() {
    let out = Command::new(env!("CARGO_BIN_EXE_ch04-idle-cost"))
        .args(["--sizes", "3,10"])
        .output()
        .expect("run ch04-idle-cost");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("RSS/conn"), "{stdout}");
    // The row for N = 10: 10 connections, 2 threads each, over the baseline.
    let row = stdout
        .lines()
        .find(|l| l.split_whitespace().next() == Some("10"))
        .unwrap_or_else(|| panic!("no row for N=10 in\n{stdout}"));
    let threads: u64 = row.split_whitespace().nth(1).unwrap().parse().unwrap();
    let base: u64 = stdout
        .lines()
        .find_map(|l| l.strip_prefix("baseline: "))
        .and_then(|l| l.split_whitespace().next()?.parse().ok())
        .expect("baseline line");
    assert_eq!(threads, base + 20, "{stdout}");
}

//! The loop's interface, driven by a small test service: stale ids, messages
//! from other threads through the Waker, wakes, read_again, send_to and its limit, and
//! backpressure on a peer that does not read.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ch07_event_loop::echo::EchoService;
use ch07_event_loop::{Config, ConnId, Connection, Cx, LoopCx, PushError, Running, Service, spawn};

const T: Duration = Duration::from_secs(10);

/// What the service saw, shared with the test thread.
#[derive(Default, Debug)]
struct Log {
    accepted: Vec<ConnId>,
    closed: Vec<ConnId>,
    pushes: Vec<Result<(), PushError>>,
}

/// Commands the test sends from its own thread.
enum Cmd {
    SendTo(ConnId, Vec<u8>),
    Wake(ConnId),
    Close(ConnId),
}

struct Svc {
    log: Arc<Mutex<Log>>,
    serial: u32,
}

/// Each connection remembers which accept it came from.
struct Conn {
    serial: u32,
    /// After a "hold" line: busy (as a held long poll is) until woken.
    holding: bool,
}

impl Service for Svc {
    type Conn = Conn;
    type Msg = Cmd;

    fn accept(&mut self, cx: &mut Cx<'_>, _peer: SocketAddr) -> Option<Conn> {
        self.serial += 1;
        self.log.lock().unwrap().accepted.push(cx.id());
        // Greet with our id so the test knows it.
        cx.write(format!("{} serial {}\n", cx.id(), self.serial).as_bytes());
        Some(Conn {
            serial: self.serial,
            holding: false,
        })
    }

    fn on_message(&mut self, lp: &mut LoopCx<'_>, msg: Cmd) {
        match msg {
            Cmd::SendTo(id, bytes) => {
                let r = lp.send_to(id, &bytes);
                self.log.lock().unwrap().pushes.push(r);
            }
            Cmd::Wake(id) => lp.wake(id),
            Cmd::Close(id) => lp.close_conn(id),
        }
    }

    fn on_closed(&mut self, _lp: &mut LoopCx<'_>, id: ConnId, _conn: Conn) {
        self.log.lock().unwrap().closed.push(id);
    }
}

impl Connection<Svc> for Conn {
    fn on_data(&mut self, svc: &mut Svc, cx: &mut Cx<'_>, input: &mut [u8]) -> usize {
        if self.holding {
            return 0; // busy: the input waits in the loop
        }
        // Line-based: answer each complete line with "serial: line".
        let Some(end) = input.iter().position(|&b| b == b'\n') else {
            return 0;
        };
        let line = String::from_utf8_lossy(&input[..end]).into_owned();
        // "tell N text" queues text on the connection accepted N-th; "wake N" wakes it.
        let target = |n: &str| {
            let n: usize = n.parse().ok()?;
            svc.log
                .lock()
                .unwrap()
                .accepted
                .get(n.checked_sub(1)?)
                .copied()
        };
        match line.split_once(' ') {
            Some(("tell", rest)) => {
                let (n, text) = rest.split_once(' ').unwrap_or((rest, ""));
                if let Some(id) = target(n) {
                    let r = cx.send_to(id, format!("from {}: {text}\n", self.serial).as_bytes());
                    svc.log.lock().unwrap().pushes.push(r);
                }
            }
            Some(("wake", n)) => {
                if let Some(id) = target(n) {
                    cx.wake(id);
                }
            }
            _ if line == "hold" => {
                self.holding = true;
                cx.write(format!("{}: holding\n", self.serial).as_bytes());
            }
            _ => cx.write(format!("{}: {line}\n", self.serial).as_bytes()),
        }
        end + 1
    }

    fn on_wake(&mut self, _svc: &mut Svc, cx: &mut Cx<'_>) {
        if self.holding {
            self.holding = false;
            cx.write(format!("{}: released\n", self.serial).as_bytes());
            // What arrived while we were busy is in the loop's buffer already.
            cx.read_again();
        } else {
            cx.write(format!("{}: woken\n", self.serial).as_bytes());
        }
    }
}

fn start(config: Config) -> (Running<Svc>, Arc<Mutex<Log>>) {
    let log = Arc::new(Mutex::new(Log::default()));
    let svc = Svc {
        log: log.clone(),
        serial: 0,
    };
    (
        spawn("127.0.0.1:0".parse().unwrap(), svc, config).unwrap(),
        log,
    )
}

struct Client {
    lines: BufReader<TcpStream>,
    id: String,
}

impl Client {
    fn connect(addr: SocketAddr) -> Client {
        let s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(T)).unwrap();
        let mut c = Client {
            lines: BufReader::new(s),
            id: String::new(),
        };
        let greeting = c.line();
        c.id = greeting.split(' ').next().unwrap().to_string();
        c
    }
    fn line(&mut self) -> String {
        let mut l = String::new();
        self.lines.read_line(&mut l).unwrap();
        l
    }
    fn send(&mut self, s: &str) {
        self.lines.get_mut().write_all(s.as_bytes()).unwrap();
    }
}

/// Polls `cond` until true, for at most `T`.
fn eventually(mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < T, "condition not reached in {T:?}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn lines_are_split_however_they_arrive() {
    let (server, _log) = start(Config::default());
    let mut c = Client::connect(server.addr);
    c.send("hel");
    c.send("lo\nwor");
    c.send("ld\n\n");
    assert_eq!(c.line(), "1: hello\n");
    assert_eq!(c.line(), "1: world\n");
    assert_eq!(c.line(), "1: \n");
}

#[test]
fn a_stale_id_never_reaches_the_connection_in_its_slot() {
    let (server, log) = start(Config::default());
    let h = server.handle();
    let old = Client::connect(server.addr);
    let old_id = log.lock().unwrap().accepted[0];
    assert_eq!(old.id, old_id.to_string());
    drop(old);
    eventually(|| log.lock().unwrap().closed.contains(&old_id));

    let mut new = Client::connect(server.addr);
    let new_id = log.lock().unwrap().accepted[1];
    assert_eq!(new_id.index(), old_id.index(), "the slot is reused");
    assert_ne!(new_id, old_id, "with a new generation");

    // Everything addressed to the old id is dropped...
    h.send(Cmd::Wake(old_id)).unwrap();
    h.send(Cmd::SendTo(old_id, b"for the old connection\n".to_vec()))
        .unwrap();
    h.send(Cmd::Close(old_id)).unwrap();
    // ...and the new one still works and hears only what is meant for it.
    h.send(Cmd::Wake(new_id)).unwrap();
    assert_eq!(new.line(), "2: woken\n");
    new.send("ping\n");
    assert_eq!(new.line(), "2: ping\n");
    assert_eq!(log.lock().unwrap().pushes, vec![Err(PushError::Gone)]);
    assert!(h.stats().stale >= 2, "{:?}", h.stats());
}

#[test]
fn read_again_offers_input_that_arrived_while_busy() {
    let (server, log) = start(Config::default());
    let h = server.handle();
    let mut c = Client::connect(server.addr);
    // "hold" makes the connection busy; "after" arrives with it and waits.
    c.send("hold\nafter\n");
    assert_eq!(c.line(), "1: holding\n");
    let id = log.lock().unwrap().accepted[0];
    h.send(Cmd::Wake(id)).unwrap();
    assert_eq!(c.line(), "1: released\n");
    // No new bytes will come to announce "after": only read_again brings it
    // back (without it, this read times out and the test fails).
    assert_eq!(c.line(), "1: after\n");
}

#[test]
fn the_waker_delivers_messages_from_other_threads() {
    waker_delivers(Config::default());
}

#[test]
fn a_flood_of_messages_is_taken_a_few_per_turn() {
    // A tiny channel: senders wait, the loop takes two per turn and comes back.
    waker_delivers(Config {
        max_messages: 2,
        ..Config::default()
    });
}

fn waker_delivers(config: Config) {
    let (server, log) = start(config);
    let mut c = Client::connect(server.addr);
    let id = log.lock().unwrap().accepted[0];
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let h = server.handle().clone();
            std::thread::spawn(move || {
                for i in 0..100 {
                    h.send(Cmd::SendTo(id, format!("t{t} m{i}\n").into_bytes()))
                        .unwrap();
                }
            })
        })
        .collect();
    let mut got = Vec::new();
    for _ in 0..400 {
        got.push(c.line());
    }
    for t in threads {
        t.join().unwrap();
    }
    for t in 0..4 {
        let mine: Vec<_> = got
            .iter()
            .filter(|l| l.starts_with(&format!("t{t} ")))
            .collect();
        let want: Vec<_> = (0..100).map(|i| format!("t{t} m{i}\n")).collect();
        assert_eq!(
            mine,
            want.iter().collect::<Vec<_>>(),
            "thread {t}'s messages, in order"
        );
    }
    assert_eq!(server.handle().stats().messages, 400);
}

#[test]
fn send_to_refuses_past_the_queue_limit() {
    let config = Config {
        max_write_queue: 64 * 1024,
        ..Config::default()
    };
    let (server, log) = start(config);
    let h = server.handle();
    let _silent = Client::connect(server.addr); // never reads again
    let id = log.lock().unwrap().accepted[0];
    // 200 × 64 KiB = 12.5 MiB: far more than the kernel buffers hold.
    for _ in 0..200 {
        h.send(Cmd::SendTo(id, vec![b'x'; 64 * 1024])).unwrap();
    }
    eventually(|| log.lock().unwrap().pushes.len() == 200);
    let pushes = &log.lock().unwrap().pushes;
    let full = pushes
        .iter()
        .filter(|r| **r == Err(PushError::Full))
        .count();
    assert!(full > 0, "the queue must refuse at some point: {pushes:?}");
    assert!(pushes[0].is_ok(), "the first push fits");
    let stats = h.stats();
    assert!(
        stats.max_write_queue <= 2 * 64 * 1024,
        "queue grew to {}",
        stats.max_write_queue
    );
    assert_eq!(stats.sends_refused, full as u64);
}

#[test]
fn a_peer_that_does_not_read_stops_being_read() {
    // EchoService a flood from a client that never reads: the server's queue fills,
    // it stops reading (backpressure), the kernel buffers fill, and our writes
    // stall. Memory on the server stays bounded by the queue limit.
    let limit = 64 * 1024;
    let config = Config {
        max_write_queue: limit,
        ..Config::default()
    };
    let server = spawn(
        "127.0.0.1:0".parse().unwrap(),
        EchoService { idle: T },
        config.clone(),
    )
    .unwrap();
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.set_nonblocking(true).unwrap();
    let chunk = vec![b'y'; 16 * 1024];
    let mut sent = 0usize;
    let start = Instant::now();
    let mut stalled_since = None;
    // Write until our writes have been refused for 300 ms straight.
    while start.elapsed() < T {
        match s.write(&chunk) {
            Ok(n) => {
                sent += n;
                stalled_since = None;
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                let since = *stalled_since.get_or_insert_with(Instant::now);
                if since.elapsed() > Duration::from_millis(300) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            Err(e) => panic!("write failed: {e}"),
        }
        assert!(
            sent < 1 << 30,
            "1 GiB accepted: the server never stopped reading"
        );
    }
    let stats = server.handle().stats();
    assert!(stats.backpressure_pauses >= 1, "{stats:?}");
    // One on_data call may write at most what one read brought (the shared buffer).
    assert!(
        stats.max_write_queue as usize <= limit + config.read_buf,
        "queue grew to {} (limit {limit})",
        stats.max_write_queue
    );
    // Now read: the server resumes and every byte comes back.
    s.set_nonblocking(false).unwrap();
    s.set_read_timeout(Some(T)).unwrap();
    let mut got = 0usize;
    let mut buf = vec![0; 64 * 1024];
    while got < sent {
        let n = s.read(&mut buf).unwrap();
        assert!(n > 0, "EOF after {got} of {sent} bytes");
        got += n;
    }
    assert_eq!(got, sent);
}

#[test]
fn one_connection_reaches_another_and_hears_it_close() {
    let (server, log) = start(Config::default());
    let mut a = Client::connect(server.addr);
    let mut b = Client::connect(server.addr);
    a.send("tell 2 hello from a\n");
    assert_eq!(b.line(), "from 1: hello from a\n");
    a.send("wake 2\n");
    assert_eq!(b.line(), "2: woken\n");
    let b_id = log.lock().unwrap().accepted[1];
    drop(b);
    eventually(|| log.lock().unwrap().closed.contains(&b_id));
    // B is gone: a push to its id is refused, and nothing reaches anyone else.
    a.send("tell 2 anyone there?\n");
    a.send("ping\n");
    assert_eq!(a.line(), "1: ping\n");
    assert_eq!(
        log.lock().unwrap().pushes,
        vec![Ok(()), Err(PushError::Gone)]
    );
}

#[test]
fn the_loop_stops_and_returns_the_service() {
    let (server, log) = start(Config::default());
    let c = Client::connect(server.addr);
    let svc = server.stop().unwrap();
    assert_eq!(svc.serial, 1);
    assert_eq!(log.lock().unwrap().accepted.len(), 1);
    drop(c);
}

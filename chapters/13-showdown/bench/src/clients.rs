//! The bench's clients: one state machine per transport, driven by a mio loop
//! in [`crate::run()`]. Every byte read or written is counted here, at the
//! client's socket, so the figures include every header of every poll.
//!
//! Each client parses what it receives with the earlier chapters' code:
//! response heads and bodies with chapter 6's client (its head reader and body
//! framing), event streams with chapter 12's parser, frames with chapter 9's
//! receiver, and the feed's JSON with chapter 11's reader.

use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

use ch05_http_parser::{Limits, Status};
use ch06_http_server::client::{BodyReader, ResponseHead, parse_response_head};
use ch08_ws_handshake::ClientHandshake;
use ch09_ws_frames::encoder::encode_frame_masked;
use ch09_ws_frames::{Event as WsEvent, OpCode, Receiver, Role};
use ch11_long_polling::json_read;
use ch12_sse::parser::{Item, Parser as SseParser};
use mio::net::TcpStream;

use ch13_showdown::events;

/// The four ways to get the feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// `GET /state` every polling interval.
    ShortPoll,
    /// `GET /poll?after=N`, again as soon as each answer arrives.
    LongPoll,
    /// `GET /events`, one endless response.
    Sse,
    /// `GET /ws` upgraded, one text message per event.
    WebSocket,
}

impl Transport {
    /// All four, in the order the tables list them.
    pub const ALL: [Transport; 4] = [
        Transport::ShortPoll,
        Transport::LongPoll,
        Transport::Sse,
        Transport::WebSocket,
    ];

    /// Its name in tables.
    pub fn name(self) -> &'static str {
        match self {
            Transport::ShortPoll => "short polling",
            Transport::LongPoll => "long polling",
            Transport::Sse => "SSE",
            Transport::WebSocket => "WebSocket",
        }
    }

    /// Its colour in plots (the page uses the same order).
    pub fn color(self) -> &'static str {
        match self {
            Transport::ShortPoll => "#999999",
            Transport::LongPoll => "#e69f00",
            Transport::Sse => "#0072b2",
            Transport::WebSocket => "#009e73",
        }
    }
}

/// The headers a browser adds to every request to this origin (Chromium's,
/// without cookies): the bench sends them too, so poll overhead is realistic.
pub const BROWSER_HEADERS: &str = "Connection: keep-alive\r\n\
User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36\r\n\
Accept: */*\r\n\
Sec-Fetch-Site: same-origin\r\n\
Sec-Fetch-Mode: cors\r\n\
Sec-Fetch-Dest: empty\r\n\
Accept-Encoding: gzip, deflate, br, zstd\r\n\
Accept-Language: en-US,en;q=0.9\r\n";

fn get(path: &str, host: &str, extra: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{BROWSER_HEADERS}{extra}\r\n").into_bytes()
}

/// Where a client's protocol stands.
enum State {
    /// Waiting for a whole HTTP response (a poll), or idle between short polls.
    Http { waiting: bool },
    /// Waiting for the head of the SSE response.
    SseHead,
    /// Reading the stream: chapter 6's body framing, then the event-stream parser.
    SseBody {
        chunks: BodyReader,
        parser: SseParser,
    },
    /// Waiting for the 101.
    WsHead(Box<ClientHandshake>),
    /// Frames.
    WsOpen(Receiver),
}

/// What went wrong with a client (the run reports it, never panics).
#[derive(Debug)]
pub struct LoadError(pub String);

/// One bench client.
pub struct Client {
    pub(crate) sock: TcpStream,
    transport: Transport,
    host: String,
    state: State,
    out: Vec<u8>,
    inbuf: Vec<u8>,
    /// Bytes read from / written to the socket.
    pub bytes_in: u64,
    /// Bytes written.
    pub bytes_out: u64,
    /// The id of the newest event received (the cursor).
    pub last_id: u64,
    /// Events that never arrived (ids skipped), for the push transports.
    pub missed: u64,
    /// Each new id received and when (ms since the epoch), in order.
    pub arrivals: Vec<(u64, f64)>,
    /// Ready: the stream is open (SSE, WebSocket) or the first request is sent.
    pub ready: bool,
    /// Short polling: when to poll next.
    pub next_poll: Option<Instant>,
    interval: Duration,
    /// Sent when the current poll was sent (short polling schedules from it).
    poll_sent: Instant,
}

impl Client {
    /// A client of `transport` on a connecting socket; queues its first request.
    pub fn new(
        sock: TcpStream,
        transport: Transport,
        host: &str,
        first_poll: Instant,
        interval: Duration,
    ) -> Result<Client, LoadError> {
        let mut c = Client {
            sock,
            transport,
            host: host.to_string(),
            state: State::Http { waiting: false },
            out: Vec::new(),
            inbuf: Vec::new(),
            bytes_in: 0,
            bytes_out: 0,
            last_id: 0,
            missed: 0,
            arrivals: Vec::new(),
            ready: false,
            next_poll: None,
            interval,
            poll_sent: Instant::now(),
        };
        match transport {
            Transport::ShortPoll => {
                c.next_poll = Some(first_poll);
                c.ready = true;
            }
            Transport::LongPoll => {
                c.poll_again();
                c.ready = true;
            }
            Transport::Sse => {
                c.out = get("/events?after=0", host, "Accept: text/event-stream\r\n");
                c.state = State::SseHead;
            }
            Transport::WebSocket => {
                let hs = ClientHandshake::new(&format!("ws://{host}/ws?after=0"))
                    .map_err(|e| LoadError(format!("handshake: {e}")))?;
                c.out = hs.request();
                c.state = State::WsHead(Box::new(hs));
            }
        }
        Ok(c)
    }

    fn poll_again(&mut self) {
        let path = format!("/poll?after={}&timeout=30", self.last_id);
        self.out.extend_from_slice(&get(&path, &self.host, ""));
        self.state = State::Http { waiting: true };
    }

    /// Short polling: sends `GET /state` if it is time.
    pub fn tick(&mut self, now: Instant) -> io::Result<()> {
        if let (Some(at), State::Http { waiting: false }) = (self.next_poll, &self.state)
            && now >= at
        {
            self.next_poll = None;
            self.poll_sent = now;
            let req = get("/state", &self.host, "");
            self.out.extend_from_slice(&req);
            self.state = State::Http { waiting: true };
            self.flush()?;
        }
        Ok(())
    }

    /// Writes what is queued, until done or `WouldBlock`.
    pub fn flush(&mut self) -> io::Result<()> {
        while !self.out.is_empty() {
            match self.sock.write(&self.out) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => {
                    self.bytes_out += n as u64;
                    self.out.drain(..n);
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Reads until `WouldBlock` and handles what arrived. `Ok(false)`: EOF.
    pub fn read(&mut self, buf: &mut [u8]) -> Result<bool, LoadError> {
        let mut open = true;
        loop {
            match self.sock.read(buf) {
                Ok(0) => {
                    open = false;
                    break;
                }
                Ok(n) => {
                    self.bytes_in += n as u64;
                    self.inbuf.extend_from_slice(&buf[..n]);
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(LoadError(format!("read: {e}"))),
            }
        }
        self.process()?;
        self.flush().map_err(|e| LoadError(format!("write: {e}")))?;
        Ok(open)
    }

    fn deliver(&mut self, id: u64, _data: &str) {
        if id <= self.last_id {
            return; // never counted twice
        }
        if self.transport != Transport::ShortPoll && id > self.last_id + 1 {
            self.missed += id - self.last_id - 1;
        }
        self.last_id = id;
        // The publish time of every event is known to the bench (see `run`):
        // record when each id arrived, latencies are worked out at the end.
        self.arrivals.push((id, events::now_ms()));
    }

    fn process(&mut self) -> Result<(), LoadError> {
        loop {
            match &mut self.state {
                State::Http { waiting } => {
                    if !*waiting {
                        return Ok(());
                    }
                    let Some((status, body)) = take_response(&mut self.inbuf)? else {
                        return Ok(());
                    };
                    self.on_response(status, &body)?;
                }
                State::SseHead => {
                    let (h, n) = match parse_response_head(&self.inbuf, &Limits::default()) {
                        Ok(Status::Complete(done)) => done,
                        Ok(Status::Partial) => return Ok(()),
                        Err(e) => return Err(LoadError(format!("response head: {e}"))),
                    };
                    if h.status != 200 {
                        return Err(LoadError(format!("SSE answered {}", h.status)));
                    }
                    self.inbuf.drain(..n);
                    // An event stream never ends: no body limit; each piece is
                    // parsed and dropped, and the parser has limits of its own.
                    let kind = h
                        .body_kind(false)
                        .map_err(|e| LoadError(format!("framing: {e}")))?;
                    let chunks = BodyReader::new(kind, u64::MAX)
                        .map_err(|e| LoadError(format!("body: {e}")))?;
                    self.state = State::SseBody {
                        chunks,
                        parser: SseParser::new(),
                    };
                    self.ready = true;
                }
                State::SseBody { chunks, parser } => {
                    let mut text = Vec::new();
                    let used = chunks
                        .decode(&self.inbuf, &mut text)
                        .map_err(|e| LoadError(format!("body: {e}")))?;
                    self.inbuf.drain(..used);
                    let mut items = Vec::new();
                    parser
                        .feed(&text, &mut items)
                        .map_err(|e| LoadError(format!("event stream: {e}")))?;
                    for item in items {
                        if let Item::Event(e) = item
                            && e.event_type == "message"
                            && let Ok(id) = e.last_event_id.parse()
                        {
                            self.deliver(id, &e.data);
                        }
                    }
                    return Ok(());
                }
                State::WsHead(hs) => {
                    let n = match hs.check_response(&self.inbuf) {
                        Ok(Status::Complete((_, n))) => n,
                        Ok(Status::Partial) => return Ok(()),
                        Err(e) => return Err(LoadError(format!("101: {e}"))),
                    };
                    self.inbuf.drain(..n);
                    self.state = State::WsOpen(Receiver::new(Role::Client));
                    self.ready = true;
                }
                State::WsOpen(rx) => {
                    let mut input = std::mem::take(&mut self.inbuf);
                    let mut at = 0;
                    let mut got = Vec::new();
                    let mut pongs = Vec::new();
                    while at < input.len() {
                        let (n, event) = rx
                            .feed(&mut input[at..])
                            .map_err(|v| LoadError(format!("frames: {v}")))?;
                        at += n;
                        match event {
                            None => break,
                            Some(WsEvent::Ping(p)) => pongs.push(p.into_owned()),
                            Some(e) => {
                                if let Some(text) = e.as_text() {
                                    got.push(text.to_owned());
                                }
                            }
                        }
                    }
                    input.clear();
                    self.inbuf = input;
                    for p in pongs {
                        // RFC 6455 §5.3: a client masks every frame.
                        encode_frame_masked(&mut self.out, true, OpCode::Pong, &p, rand_key());
                    }
                    for text in got {
                        let v =
                            json_read::parse(&text).map_err(|e| LoadError(format!("json: {e}")))?;
                        if let (Some(id), Some(data)) = (
                            v.get("id").and_then(|v| v.as_u64()),
                            v.get("data").and_then(|v| v.as_str()),
                        ) {
                            self.deliver(id, data);
                        }
                    }
                    return Ok(());
                }
            }
        }
    }

    fn on_response(&mut self, status: u16, body: &[u8]) -> Result<(), LoadError> {
        let text = std::str::from_utf8(body).map_err(|_| LoadError("body not UTF-8".into()))?;
        match (self.transport, status) {
            (Transport::ShortPoll, 200) => {
                let v = json_read::parse(text).map_err(|e| LoadError(format!("json: {e}")))?;
                if let (Some(id), Some(data)) = (
                    v.get("id").and_then(|v| v.as_u64()),
                    v.get("data").and_then(|v| v.as_str()),
                ) && id > 0
                {
                    self.deliver(id, data);
                }
                // As the page does: the next poll one interval after this one was sent.
                self.next_poll = Some(self.poll_sent + self.interval);
                self.state = State::Http { waiting: false };
            }
            (Transport::LongPoll, 200) => {
                let evs =
                    json_read::parse_events(text).map_err(|e| LoadError(format!("json: {e}")))?;
                for e in evs {
                    self.deliver(e.id, &e.data);
                }
                self.poll_again();
            }
            (Transport::LongPoll, 204) => self.poll_again(),
            (Transport::LongPoll, 410) => {
                let v = json_read::parse(text).map_err(|e| LoadError(format!("json: {e}")))?;
                let oldest = v.get("oldest").and_then(|v| v.as_u64()).unwrap_or(1);
                self.missed += oldest.saturating_sub(self.last_id + 1);
                self.last_id = oldest - 1;
                self.poll_again();
            }
            (_, s) => return Err(LoadError(format!("unexpected status {s}"))),
        }
        Ok(())
    }
}

/// A masking key: fresh per frame (§5.3). The bench needs no cryptographic
/// strength, but takes it from `rand` like every client in this book.
fn rand_key() -> [u8; 4] {
    rand::random()
}

/// The most a bench response body may hold (a batch of polled events).
const MAX_BODY: u64 = 1 << 20;

/// Takes one whole response off the front of `buf`: its status and body,
/// framed by chapter 6's client rules (Content-Length, chunked, or none).
fn take_response(buf: &mut Vec<u8>) -> Result<Option<(u16, Vec<u8>)>, LoadError> {
    let (h, n) = match parse_response_head(buf, &Limits::default()) {
        Ok(Status::Complete(done)) => done,
        Ok(Status::Partial) => return Ok(None),
        Err(e) => return Err(LoadError(format!("response head: {e}"))),
    };
    let mut reader = body_reader(&h)?;
    let mut body = Vec::new();
    let used = reader
        .decode(&buf[n..], &mut body)
        .map_err(|e| LoadError(format!("body: {e}")))?;
    if !reader.is_done() {
        return Ok(None); // the rest of the body is still on its way
    }
    buf.drain(..n + used);
    Ok(Some((h.status, body)))
}

/// Chapter 6's body reader for a response to a GET.
fn body_reader(h: &ResponseHead) -> Result<BodyReader, LoadError> {
    let kind = h
        .body_kind(false)
        .map_err(|e| LoadError(format!("framing: {e}")))?;
    BodyReader::new(kind, MAX_BODY).map_err(|e| LoadError(format!("body: {e}")))
}

//! RFC 8441 against `ch15-server`, from a client written with this chapter's
//! own codecs (the browser test shows Chromium doing the same): the server
//! announces SETTINGS_ENABLE_CONNECT_PROTOCOL; an extended CONNECT on `/ws`
//! gets 200 and then WebSocket frames in DATA both ways; one without a
//! version gets 400 on its stream and the connection goes on; a GET of `/ws`
//! over HTTP/2 gets 400 (there is no Upgrade in HTTP/2).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use ch01_tcp::testing::Server;
use ch09_ws_frames::encoder::encode_frame_masked;
use ch09_ws_frames::{Event, OpCode, Receiver, Role};
use ch15_http2::frame::{
    Data, Decoded, Frame, FrameDecoder, PREFACE, SettingId, Settings, encode_field_block,
};
use ch15_http2::hpack::{self, HeaderField};

const LIMIT: Duration = Duration::from_secs(10);

/// What the client saw on one stream.
#[derive(Debug, Default)]
struct StreamSeen {
    status: Option<String>,
    data: Vec<u8>,
    reset: bool,
}

/// A bare HTTP/2 client over TCP: frames and HPACK from this crate.
struct Client {
    sock: TcpStream,
    frames: FrameDecoder,
    fields_in: hpack::Decoder,
    fields_out: hpack::Encoder,
    buf: Vec<u8>,
    connect_protocol: bool,
}

impl Client {
    fn connect(addr: &str) -> Client {
        let mut sock = TcpStream::connect(addr).unwrap();
        sock.set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let mut out = PREFACE.to_vec();
        Frame::Settings(Settings::new(Vec::new())).encode(&mut out);
        sock.write_all(&out).unwrap();
        Client {
            sock,
            frames: FrameDecoder::client(),
            fields_in: hpack::Decoder::default(),
            fields_out: hpack::Encoder::default(),
            buf: Vec::new(),
            connect_protocol: false,
        }
    }

    fn headers(&mut self, stream: u32, fields: &[(&str, &str)], end_stream: bool) {
        let list: Vec<HeaderField> = fields
            .iter()
            .map(|(n, v)| HeaderField::new(*n, *v))
            .collect();
        let mut block = Vec::new();
        self.fields_out.encode(&list, &mut block);
        let mut out = Vec::new();
        encode_field_block(stream, &block, end_stream, 16384, &mut out);
        self.sock.write_all(&out).unwrap();
    }

    fn data(&mut self, stream: u32, data: &[u8]) {
        let mut out = Vec::new();
        Frame::Data(Data {
            stream,
            end_stream: false,
            data,
            pad: None,
        })
        .encode(&mut out);
        self.sock.write_all(&out).unwrap();
    }

    /// Reads and decodes until `done` says so, or [`LIMIT`]. ACKs SETTINGS.
    fn until(&mut self, seen: &mut [StreamSeen; 8], done: impl Fn(&[StreamSeen; 8]) -> bool) {
        let deadline = Instant::now() + LIMIT;
        while !done(seen) {
            assert!(Instant::now() < deadline, "not done in time: {seen:?}");
            let mut chunk = [0; 16384];
            match self.sock.read(&mut chunk) {
                Ok(0) => panic!("the server closed: {seen:?}"),
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
                Err(_) => continue, // the 100 ms read timeout
            }
            let mut at = 0;
            let mut acks = Vec::new();
            while at < self.buf.len() {
                let (n, found) = self.frames.decode(&self.buf[at..]).expect("valid frames");
                at += n;
                match found {
                    Some(Decoded::Frame(Frame::Settings(s))) if !s.ack => {
                        self.connect_protocol |= s
                            .params
                            .iter()
                            .any(|p| p.id == SettingId::ENABLE_CONNECT_PROTOCOL && p.value == 1);
                        Frame::Settings(Settings::ack()).encode(&mut acks);
                    }
                    Some(Decoded::Frame(Frame::Headers(h))) => {
                        let list = self.fields_in.decode(h.fragment).expect("a field block");
                        let status = list
                            .get(":status")
                            .map(|v| String::from_utf8_lossy(v).into());
                        seen[(h.stream as usize / 2) % 8].status = status;
                    }
                    Some(Decoded::Frame(Frame::Data(d))) => {
                        seen[(d.stream as usize / 2) % 8]
                            .data
                            .extend_from_slice(d.data);
                    }
                    Some(Decoded::Frame(Frame::RstStream(r))) => {
                        seen[(r.stream as usize / 2) % 8].reset = true;
                    }
                    _ => {}
                }
                if n == 0 {
                    break;
                }
            }
            self.buf.drain(..at);
            if !acks.is_empty() {
                self.sock.write_all(&acks).unwrap();
            }
        }
    }
}

/// The text messages in a stream's DATA so far (server frames: unmasked).
fn texts(data: &[u8]) -> Vec<String> {
    let mut rx = Receiver::new(Role::Client);
    let mut bytes = data.to_vec();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let (n, event) = rx.feed(&mut bytes[at..]).expect("valid WebSocket frames");
        if let Some(Event::Message { .. }) = &event {
            out.push(
                event
                    .as_ref()
                    .and_then(Event::as_text)
                    .unwrap_or("")
                    .to_string(),
            );
        }
        at += n;
        if n == 0 {
            break;
        }
    }
    out
}

#[test]
fn an_extended_connect_carries_a_websocket_on_a_stream() {
    let args = ["--plain", "--addr", "127.0.0.1:0", "--rate", "0"];
    let server = Server::start(env!("CARGO_BIN_EXE_ch15-server"), &args).expect("it starts");
    let addr = server.addr().to_string();
    let mut c = Client::connect(&addr);
    let mut seen: [StreamSeen; 8] = Default::default();
    let ws = [
        (":method", "CONNECT"),
        (":protocol", "websocket"),
        (":scheme", "http"),
        (":path", "/ws?after=0"),
        (":authority", addr.as_str()),
        ("sec-websocket-version", "13"),
    ];
    // Stream 1: a WebSocket. Stream 3: the same without a version. Stream 5:
    // a GET of /ws, as an HTTP/1.1 client would try it.
    c.headers(1, &ws, false);
    c.headers(3, &ws[..5], false);
    let get = [
        (":method", "GET"),
        (":scheme", "http"),
        (":path", "/ws"),
        (":authority", addr.as_str()),
    ];
    c.headers(5, &get, true);
    c.until(&mut seen, |s| {
        s[0].status.is_some() && s[1].status.is_some() && s[2].status.is_some()
    });
    assert!(
        c.connect_protocol,
        "SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 announced"
    );
    assert_eq!(seen[0].status.as_deref(), Some("200"), "{seen:?}");
    assert_eq!(
        seen[1].status.as_deref(),
        Some("400"),
        "no version: {seen:?}"
    );
    assert_eq!(
        seen[2].status.as_deref(),
        Some("400"),
        "GET /ws over h2: {seen:?}"
    );
    // A text frame (masked, RFC 6455 §5.3) in DATA is published; the event
    // comes back on the same stream as a text frame.
    let mut frame = Vec::new();
    encode_frame_masked(
        &mut frame,
        true,
        OpCode::Text,
        b"over a stream",
        [9, 8, 7, 6],
    );
    c.data(1, &frame);
    c.until(&mut seen, |s| {
        texts(&s[0].data)
            .iter()
            .any(|t| t.contains("over a stream"))
    });
    assert!(!seen[0].reset, "the WebSocket's stream is still open");
}

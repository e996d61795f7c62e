//! A scripted HTTP/2 client for the connection tests: it builds frames with
//! the crate's own encoders, feeds them to an `H2Conn`, and decodes what the
//! server sends back with a client-side frame decoder and HPACK decoder, so
//! every test reads the server's answer frame by frame.

use std::time::{Duration, Instant};

use ch15_http2::ErrorCode;
use ch15_http2::conn::{ConnError, Event, H2Config, H2Conn};
use ch15_http2::frame::{
    Data, Decoded, FieldBlockAssembler, Frame, FrameDecoder, PREFACE, Ping, RstStream, Setting,
    Settings, WindowUpdate, encode_field_block,
};
use ch15_http2::hpack::{self, HeaderField};

/// One frame the server sent, owned, with header blocks decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Got {
    Settings {
        ack: bool,
        params: Vec<Setting>,
    },
    Headers {
        stream: u32,
        fields: Vec<(String, String)>,
        end_stream: bool,
    },
    Data {
        stream: u32,
        data: Vec<u8>,
        end_stream: bool,
    },
    WindowUpdate {
        stream: u32,
        increment: u32,
    },
    Ping {
        ack: bool,
        opaque: [u8; 8],
    },
    Reset {
        stream: u32,
        code: ErrorCode,
    },
    GoAway {
        last_stream: u32,
        code: ErrorCode,
        debug: String,
    },
    Other(String),
}

impl Got {
    /// The `:status` of a HEADERS.
    pub fn status(&self) -> Option<&str> {
        match self {
            Got::Headers { fields, .. } => fields
                .iter()
                .find(|(n, _)| n == ":status")
                .map(|(_, v)| v.as_str()),
            _ => None,
        }
    }
}

/// A client talking to one server connection.
pub struct Peer {
    pub conn: H2Conn,
    pub now: Instant,
    encoder: hpack::Encoder,
    frames: FrameDecoder,
    blocks: FieldBlockAssembler,
    decoder: hpack::Decoder,
    /// Everything the server sent that was not read yet.
    pub got: Vec<Got>,
    /// The server's output in raw bytes, for tests that count octets.
    pub raw_out: usize,
}

/// Fields from `(name, value)` pairs.
pub fn fields(pairs: &[(&str, &str)]) -> Vec<HeaderField> {
    pairs
        .iter()
        .map(|(n, v)| HeaderField::new(*n, *v))
        .collect()
}

/// A GET for `path`'s fields.
pub fn get(path: &str) -> Vec<HeaderField> {
    fields(&[
        (":method", "GET"),
        (":scheme", "http"),
        (":authority", "127.0.0.1:7015"),
        (":path", path),
    ])
}

/// A POST's fields, with a content-length if given.
pub fn post(path: &str, content_length: Option<usize>) -> Vec<HeaderField> {
    let mut f = get(path);
    f[0] = HeaderField::new(":method", "POST");
    if let Some(n) = content_length {
        f.push(HeaderField::new("content-length", n.to_string()));
    }
    f
}

impl Peer {
    /// A connection with `config`, the server's preface read.
    pub fn new(config: H2Config) -> Peer {
        let now = Instant::now();
        let mut peer = Peer {
            conn: H2Conn::new(config, now),
            now,
            encoder: hpack::Encoder::default(),
            frames: FrameDecoder::client(),
            blocks: FieldBlockAssembler::new(1 << 20),
            decoder: hpack::Decoder::new(4096, 1 << 20),
            got: Vec::new(),
            raw_out: 0,
        };
        peer.read();
        peer.got.clear();
        peer
    }

    /// A connection past the preface: our preface and SETTINGS sent, the
    /// server's SETTINGS acknowledged, its ACK of ours read.
    pub fn ready(config: H2Config) -> Peer {
        let mut peer = Peer::new(config);
        let mut bytes = PREFACE.to_vec();
        bytes.extend(frame(&Frame::Settings(Settings::new(Vec::new()))));
        bytes.extend(frame(&Frame::Settings(Settings::ack())));
        peer.send(&bytes).expect("a clean preface");
        assert_eq!(
            peer.read(),
            vec![Got::Settings {
                ack: true,
                params: vec![]
            }]
        );
        assert!(peer.conn.settings_acked());
        peer
    }

    /// Feeds bytes to the server.
    pub fn send(&mut self, bytes: &[u8]) -> Result<(), ConnError> {
        let n = self.conn.feed(bytes, self.now)?;
        assert_eq!(n, bytes.len(), "feed consumes everything");
        Ok(())
    }

    /// Feeds one frame.
    pub fn send_frame(&mut self, f: &Frame<'_>) -> Result<(), ConnError> {
        self.send(&frame(f))
    }

    /// The bytes of a HEADERS (and CONTINUATIONs) for `fields`, encoded with
    /// this peer's HPACK state.
    pub fn headers_bytes(
        &mut self,
        stream: u32,
        fields: &[HeaderField],
        end_stream: bool,
    ) -> Vec<u8> {
        let mut block = Vec::new();
        self.encoder.encode(fields, &mut block);
        let mut out = Vec::new();
        encode_field_block(stream, &block, end_stream, 16_384, &mut out);
        out
    }

    /// Sends a HEADERS.
    pub fn headers(
        &mut self,
        stream: u32,
        fields: &[HeaderField],
        end_stream: bool,
    ) -> Result<(), ConnError> {
        let bytes = self.headers_bytes(stream, fields, end_stream);
        self.send(&bytes)
    }

    /// Sends a DATA.
    pub fn data(&mut self, stream: u32, data: &[u8], end_stream: bool) -> Result<(), ConnError> {
        self.send_frame(&Frame::Data(Data {
            stream,
            end_stream,
            data,
            pad: None,
        }))
    }

    /// Sends a WINDOW_UPDATE.
    pub fn window_update(&mut self, stream: u32, increment: u32) -> Result<(), ConnError> {
        self.send_frame(&Frame::WindowUpdate(WindowUpdate { stream, increment }))
    }

    /// Sends a RST_STREAM.
    pub fn rst(&mut self, stream: u32, code: ErrorCode) -> Result<(), ConnError> {
        self.send_frame(&Frame::RstStream(RstStream { stream, code }))
    }

    /// Sends a PING.
    pub fn ping(&mut self, opaque: [u8; 8]) -> Result<(), ConnError> {
        self.send_frame(&Frame::Ping(Ping { ack: false, opaque }))
    }

    /// Sends SETTINGS.
    pub fn settings(&mut self, params: Vec<Setting>) -> Result<(), ConnError> {
        self.send_frame(&Frame::Settings(Settings::new(params)))
    }

    /// Takes all the server's output (as a blocking socket would) and decodes it.
    pub fn read(&mut self) -> Vec<Got> {
        self.read_room(usize::MAX)
    }

    /// Takes the server's output with only `room` octets of space for DATA.
    pub fn read_room(&mut self, room: usize) -> Vec<Got> {
        let bytes = self.conn.pending_output(room).to_vec();
        self.conn.consumed_output(bytes.len());
        self.raw_out += bytes.len();
        self.decode(&bytes);
        std::mem::take(&mut self.got)
    }

    fn decode(&mut self, bytes: &[u8]) {
        let mut at = 0;
        while at < bytes.len() {
            let (n, found) = self
                .frames
                .decode(&bytes[at..])
                .unwrap_or_else(|e| panic!("the server sent a bad frame: {e}"));
            at += n;
            let Some(found) = found else { continue };
            let got = match found {
                Decoded::Frame(Frame::Settings(s)) => Got::Settings {
                    ack: s.ack,
                    params: s.params,
                },
                Decoded::Frame(Frame::Headers(h)) => match self.blocks.headers(&h).unwrap() {
                    Some(b) => {
                        let (stream, end_stream) = (b.stream, b.end_stream);
                        let list = self.decoder.decode(b.block).expect("our HPACK decodes");
                        Got::Headers {
                            stream,
                            fields: pairs(&list),
                            end_stream,
                        }
                    }
                    None => continue,
                },
                Decoded::Frame(Frame::Continuation(c)) => {
                    match self.blocks.continuation(&c).unwrap() {
                        Some(b) => {
                            let (stream, end_stream) = (b.stream, b.end_stream);
                            let list = self.decoder.decode(b.block).expect("our HPACK decodes");
                            Got::Headers {
                                stream,
                                fields: pairs(&list),
                                end_stream,
                            }
                        }
                        None => continue,
                    }
                }
                Decoded::Frame(Frame::Data(d)) => Got::Data {
                    stream: d.stream,
                    data: d.data.to_vec(),
                    end_stream: d.end_stream,
                },
                Decoded::Frame(Frame::WindowUpdate(w)) => Got::WindowUpdate {
                    stream: w.stream,
                    increment: w.increment,
                },
                Decoded::Frame(Frame::Ping(p)) => Got::Ping {
                    ack: p.ack,
                    opaque: p.opaque,
                },
                Decoded::Frame(Frame::RstStream(r)) => Got::Reset {
                    stream: r.stream,
                    code: r.code,
                },
                Decoded::Frame(Frame::GoAway(g)) => Got::GoAway {
                    last_stream: g.last_stream,
                    code: g.code,
                    debug: String::from_utf8_lossy(g.debug).into_owned(),
                },
                other => Got::Other(other.to_string()),
            };
            self.got.push(got);
        }
    }

    /// All events the server produced so far.
    pub fn events(&mut self) -> Vec<Event> {
        std::iter::from_fn(|| self.conn.next_event()).collect()
    }

    /// Moves the clock on.
    pub fn wait(&mut self, d: Duration) {
        self.now += d;
    }
}

/// A frame's bytes.
pub fn frame(f: &Frame<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    f.encode(&mut out);
    out
}

/// `(name, value)` of a decoded list.
pub fn pairs(list: &hpack::HeaderList) -> Vec<(String, String)> {
    list.iter()
        .map(|f| {
            (
                String::from_utf8_lossy(&f.name).into_owned(),
                String::from_utf8_lossy(&f.value).into_owned(),
            )
        })
        .collect()
}

/// The one GOAWAY among `got`, as (last stream, code).
pub fn goaway(got: &[Got]) -> (u32, ErrorCode) {
    let found: Vec<_> = got
        .iter()
        .filter_map(|g| match g {
            Got::GoAway {
                last_stream, code, ..
            } => Some((*last_stream, *code)),
            _ => None,
        })
        .collect();
    assert_eq!(found.len(), 1, "one GOAWAY in {got:?}");
    found[0]
}

/// The RST_STREAMs among `got`.
pub fn resets(got: &[Got]) -> Vec<(u32, ErrorCode)> {
    got.iter()
        .filter_map(|g| match g {
            Got::Reset { stream, code } => Some((*stream, *code)),
            _ => None,
        })
        .collect()
}

//! A raw HTTP/2 client, just enough for the bench, made of chapter 15's own
//! codecs: the frame encoder and decoder, HPACK's encoder and decoder. It
//! counts every octet it writes and reads, and the HPACK blocks among them,
//! so a figure like "14 bytes per request" is measured at the socket.
//!
//! It does what an honest client must and nothing more (RFC 9113): the
//! preface and a SETTINGS frame first (§3.4), an ACK for the server's
//! SETTINGS (§6.5.3) and PINGs (§6.7), and credit back for the DATA it read
//! (§6.9), a WINDOW_UPDATE once half a window is used, as nghttp2 does. Its
//! windows are the protocol's default 65,535 octets. Requests are GETs with
//! END_STREAM on their HEADERS: no body, no DATA from us.

use std::collections::HashMap;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use ch15_http2::ErrorCode;
use ch15_http2::frame::settings::DEFAULT_INITIAL_WINDOW_SIZE;
use ch15_http2::frame::{
    Decoded, FieldBlockAssembler, Frame, FrameDecoder, PREFACE, Ping, Setting, SettingId, Settings,
    StreamId, WindowUpdate, encode_field_block,
};
use ch15_http2::hpack::{self, HeaderField, HeaderList};

/// What the server sent that the caller cares about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Got {
    /// A response head (or trailers), decoded; `block` octets of HPACK.
    Headers {
        /// The stream.
        stream: StreamId,
        /// The fields.
        fields: HeaderList,
        /// The HPACK block's length.
        block: usize,
        /// The response ends here.
        end_stream: bool,
    },
    /// Body octets.
    Data {
        /// The stream.
        stream: StreamId,
        /// The octets (padding removed).
        data: Vec<u8>,
        /// The response ends here.
        end_stream: bool,
    },
    /// The server reset a stream.
    Reset {
        /// The stream.
        stream: StreamId,
        /// Why.
        code: ErrorCode,
    },
    /// The server acknowledged our SETTINGS: the connection is set up.
    SettingsAck,
    /// The server is closing the connection.
    GoAway {
        /// Why.
        code: ErrorCode,
    },
}

/// Octets counted at the socket.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Everything written: preface, frames.
    pub bytes_out: u64,
    /// Everything read.
    pub bytes_in: u64,
    /// HPACK blocks sent (request heads), without their frame headers.
    pub blocks_out: u64,
    /// HPACK blocks received (response heads).
    pub blocks_in: u64,
}

/// One HTTP/2 connection, client side, on a blocking socket.
pub struct H2Client {
    sock: TcpStream,
    frames: FrameDecoder,
    blocks: FieldBlockAssembler,
    encoder: hpack::Encoder,
    decoder: hpack::Decoder,
    next_stream: StreamId,
    /// Octets of DATA read and not yet given back: the connection's, and
    /// each open stream's.
    owed_connection: u32,
    owed: HashMap<StreamId, u32>,
    /// The server's SETTINGS_MAX_FRAME_SIZE, for our header blocks.
    max_frame_size: u32,
    out: Vec<u8>,
    buf: Vec<u8>,
    /// What was counted so far.
    pub counts: Counts,
}

/// The HPACK table both ends keep by default (RFC 7541 §4.2, RFC 9113 §6.5.2).
pub const DEFAULT_TABLE: u32 = 4096;

impl H2Client {
    /// Connects to `addr` (h2c with prior knowledge, RFC 9113 §3.3) and sends
    /// the preface and our SETTINGS: push off, and an HPACK table of
    /// `table` octets (0: no dynamic table either way, Huffman and the
    /// static table only; our encoder then indexes nothing either).
    pub fn connect(addr: SocketAddr, table: u32) -> io::Result<H2Client> {
        let sock = TcpStream::connect(addr)?;
        sock.set_nodelay(true)?;
        let mut c = H2Client {
            sock,
            frames: FrameDecoder::client(),
            blocks: FieldBlockAssembler::new(1 << 20),
            encoder: hpack::Encoder::new(table as usize),
            decoder: hpack::Decoder::new(table as usize, 1 << 20),
            next_stream: 1,
            owed_connection: 0,
            owed: HashMap::new(),
            max_frame_size: 16_384,
            out: Vec::new(),
            buf: vec![0; 64 * 1024],
            counts: Counts::default(),
        };
        c.out.extend_from_slice(PREFACE);
        let mut params = vec![Setting::new(SettingId::ENABLE_PUSH, 0)];
        if table != DEFAULT_TABLE {
            params.push(Setting::new(SettingId::HEADER_TABLE_SIZE, table));
        }
        Frame::Settings(Settings::new(params)).encode(&mut c.out);
        c.flush()?;
        Ok(c)
    }

    /// Sends a GET with `fields` (pseudo-headers first) on a new stream.
    pub fn get(&mut self, fields: &[HeaderField]) -> io::Result<StreamId> {
        let stream = self.next_stream;
        self.next_stream += 2;
        let mut block = Vec::new();
        self.encoder.encode(fields, &mut block);
        self.counts.blocks_out += block.len() as u64;
        encode_field_block(stream, &block, true, self.max_frame_size, &mut self.out);
        self.owed.insert(stream, 0);
        self.flush()?;
        Ok(stream)
    }

    /// Reads once, waiting at most `wait`, and handles every frame that
    /// completed: the connection's own (SETTINGS, PING, WINDOW_UPDATE) here,
    /// the rest returned. Nothing arrived in time: an empty list. The
    /// server closed the connection: `UnexpectedEof`.
    pub fn read(&mut self, wait: Duration) -> io::Result<Vec<Got>> {
        self.sock
            .set_read_timeout(Some(wait.max(Duration::from_millis(1))))?;
        let n = match self.sock.read(&mut self.buf) {
            Ok(0) => return Err(ErrorKind::UnexpectedEof.into()),
            Ok(n) => n,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Ok(Vec::new());
            }
            Err(e) => return Err(e),
        };
        self.counts.bytes_in += n as u64;
        let mut got = Vec::new();
        let mut at = 0;
        while at < n {
            let (used, found) = self
                .frames
                .decode(&self.buf[at..n])
                .map_err(|e| io::Error::new(ErrorKind::InvalidData, e.to_string()))?;
            at += used;
            let frame = match found {
                Some(Decoded::Frame(frame)) => frame,
                Some(Decoded::StreamError(e)) => {
                    return Err(io::Error::new(ErrorKind::InvalidData, e.to_string()));
                }
                Some(Decoded::Preface) | None => {
                    if used == 0 {
                        break;
                    }
                    continue;
                }
            };
            let block = match &frame {
                Frame::Headers(h) => self.blocks.headers(h),
                Frame::Continuation(c) => self.blocks.continuation(c),
                _ => Ok(None),
            }
            .map_err(|e| io::Error::new(ErrorKind::InvalidData, e.to_string()))?;
            if let Some(block) = block {
                let fields = self
                    .decoder
                    .decode(block.block)
                    .map_err(|e| io::Error::new(ErrorKind::InvalidData, e.to_string()))?;
                self.counts.blocks_in += block.block.len() as u64;
                if block.end_stream {
                    self.owed.remove(&block.stream);
                }
                got.push(Got::Headers {
                    stream: block.stream,
                    fields,
                    block: block.block.len(),
                    end_stream: block.end_stream,
                });
                continue;
            }
            match frame {
                Frame::Data(d) => {
                    let len = d.flow_controlled_len() as u32;
                    self.owed_connection += len;
                    if d.end_stream {
                        // No credit for a stream that is over.
                        self.owed.remove(&d.stream);
                    } else if let Some(owed) = self.owed.get_mut(&d.stream) {
                        *owed += len;
                        if *owed >= DEFAULT_INITIAL_WINDOW_SIZE / 2 {
                            let increment = std::mem::take(owed);
                            Frame::WindowUpdate(WindowUpdate {
                                stream: d.stream,
                                increment,
                            })
                            .encode(&mut self.out);
                        }
                    }
                    if self.owed_connection >= DEFAULT_INITIAL_WINDOW_SIZE / 2 {
                        let increment = std::mem::take(&mut self.owed_connection);
                        Frame::WindowUpdate(WindowUpdate {
                            stream: 0,
                            increment,
                        })
                        .encode(&mut self.out);
                    }
                    got.push(Got::Data {
                        stream: d.stream,
                        data: d.data.to_vec(),
                        end_stream: d.end_stream,
                    });
                }
                Frame::Settings(s) if !s.ack => {
                    for p in &s.params {
                        match p.id {
                            SettingId::MAX_FRAME_SIZE => self.max_frame_size = p.value,
                            SettingId::HEADER_TABLE_SIZE => {
                                self.encoder.set_peer_table_size(p.value as usize)
                            }
                            _ => {}
                        }
                    }
                    Frame::Settings(Settings::ack()).encode(&mut self.out);
                }
                Frame::Settings(_) => got.push(Got::SettingsAck),
                Frame::Ping(p) if !p.ack => Frame::Ping(Ping {
                    ack: true,
                    opaque: p.opaque,
                })
                .encode(&mut self.out),
                Frame::RstStream(r) => {
                    self.owed.remove(&r.stream);
                    got.push(Got::Reset {
                        stream: r.stream,
                        code: r.code,
                    });
                }
                Frame::GoAway(g) => got.push(Got::GoAway { code: g.code }),
                // The server's window grown
                // (we send no DATA), PRIORITY and extensions: nothing to do.
                _ => {}
            }
        }
        self.flush()?;
        Ok(got)
    }

    /// Writes what is queued.
    fn flush(&mut self) -> io::Result<()> {
        if !self.out.is_empty() {
            self.sock.write_all(&self.out)?;
            self.counts.bytes_out += self.out.len() as u64;
            self.out.clear();
        }
        Ok(())
    }
}

/// A GET's fields as a browser sends them over HTTP/2 (RFC 9113 §8.3.1):
/// the four pseudo-headers, then `headers`, an HTTP/1.1 head's field lines
/// (`Name: value\r\n`), with names in lower case and the fields HTTP/2
/// forbids (`Connection`, `Keep-Alive`, …, §8.2.2) left out, as a browser
/// leaves them out.
pub fn browser_get(authority: &str, path: &str, headers: &str) -> Vec<HeaderField> {
    let mut fields = vec![
        HeaderField::new(":method", "GET"),
        HeaderField::new(":scheme", "http"),
        HeaderField::new(":authority", authority),
        HeaderField::new(":path", path),
    ];
    for line in headers.split("\r\n").filter(|l| !l.is_empty()) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let name = name.trim().to_ascii_lowercase();
        let hop_by_hop = [
            "connection",
            "keep-alive",
            "proxy-connection",
            "transfer-encoding",
            "upgrade",
        ];
        if !hop_by_hop.contains(&name.as_str()) {
            fields.push(HeaderField::new(name, value.trim()));
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_fields_drop_connection_and_lower_names() {
        let f = browser_get(
            "h:1",
            "/p",
            "Connection: keep-alive\r\nUser-Agent: X/1\r\nAccept: */*\r\n",
        );
        let names: Vec<_> = f
            .iter()
            .map(|f| String::from_utf8_lossy(&f.name).into_owned())
            .collect();
        assert_eq!(
            names,
            [
                ":method",
                ":scheme",
                ":authority",
                ":path",
                "user-agent",
                "accept"
            ]
        );
        assert_eq!(f[4].value, b"X/1");
    }
}

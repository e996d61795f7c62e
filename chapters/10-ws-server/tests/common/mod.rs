//! Test support: start `ch10-server`, and a raw WebSocket client that writes
//! any frame we like (also broken ones) and reads the server's frames.
#![allow(dead_code)] // each test file uses part of it

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use ch01_tcp::testing::Server;
use ch09_ws_frames::encoder::encode_frame_masked;
use ch09_ws_frames::{FrameHeader, OpCode};

/// Every read in a test gives up after this.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Starts the server on a free port with extra flags.
pub fn server(flags: &[&str]) -> Server {
    let mut args = vec!["--addr", "127.0.0.1:0"];
    args.extend_from_slice(flags);
    Server::start(env!("CARGO_BIN_EXE_ch10-server"), &args).expect("ch10-server starts")
}

/// A handshake request for `path`, with extra header lines.
pub fn upgrade_request(addr: &str, path: &str, extra: &str) -> String {
    format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{extra}\r\n"
    )
}

/// Sends `request` and reads the response head (byte by byte, so no frame
/// that follows is swallowed). Returns the head and the stream.
pub fn raw_handshake(addr: &str, request: &str) -> (String, TcpStream) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        assert!(head.len() < 16 * 1024, "response head too long");
        match stream.read(&mut byte) {
            Ok(0) => break,
            Ok(_) => head.push(byte[0]),
            Err(e) => panic!(
                "reading the response head: {e}; so far {:?}",
                String::from_utf8_lossy(&head)
            ),
        }
    }
    (String::from_utf8_lossy(&head).into_owned(), stream)
}

/// A frame the server sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub fin: bool,
    pub opcode: OpCode,
    pub masked: bool,
    pub payload: Vec<u8>,
}

impl Frame {
    /// The close code of a Close frame.
    pub fn close_code(&self) -> Option<u16> {
        (self.opcode == OpCode::Close && self.payload.len() >= 2)
            .then(|| u16::from_be_bytes([self.payload[0], self.payload[1]]))
    }
}

/// A raw client.
pub struct Raw {
    pub stream: TcpStream,
    buf: Vec<u8>,
}

impl Raw {
    /// Connects to `path` and checks the 101.
    pub fn connect(addr: &str, path: &str) -> Raw {
        let (head, stream) = raw_handshake(addr, &upgrade_request(addr, path, ""));
        assert!(head.starts_with("HTTP/1.1 101 "), "{head}");
        Raw {
            stream,
            buf: Vec::new(),
        }
    }

    /// Completes a handshake for `path` on a stream connected by the caller
    /// (a socket with a small receive buffer, say).
    pub fn handshake_on(mut stream: TcpStream, addr: &str, path: &str) -> Raw {
        stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        stream
            .write_all(upgrade_request(addr, path, "").as_bytes())
            .unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            assert_eq!(
                stream.read(&mut byte).expect("101"),
                1,
                "closed in the handshake"
            );
            head.push(byte[0]);
        }
        assert!(head.starts_with(b"HTTP/1.1 101 "));
        Raw {
            stream,
            buf: Vec::new(),
        }
    }

    /// Sends one frame, masked (as a client must).
    pub fn send(&mut self, fin: bool, opcode: OpCode, payload: &[u8]) {
        let mut out = Vec::new();
        encode_frame_masked(&mut out, fin, opcode, payload, [0x11, 0x22, 0x33, 0x44]);
        self.stream.write_all(&out).expect("send a frame");
    }

    /// Sends bytes as they are.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).expect("send bytes");
    }

    /// Reads more bytes; false at EOF or on a reset.
    fn fill(&mut self) -> bool {
        let mut chunk = [0u8; 64 * 1024];
        match self.stream.read(&mut chunk) {
            Ok(0) => false,
            Ok(n) => {
                self.buf.extend_from_slice(&chunk[..n]);
                true
            }
            Err(e) if e.kind() == ErrorKind::ConnectionReset => false,
            Err(e) => panic!("read failed (timeout?): {e}"),
        }
    }

    /// The next frame, or `None` if the connection ended first.
    pub fn try_recv(&mut self) -> Option<Frame> {
        loop {
            if let Some((h, n)) =
                FrameHeader::decode(&self.buf).expect("a valid header from the server")
            {
                let end = n + h.payload_len as usize;
                if self.buf.len() >= end {
                    let payload = self.buf[n..end].to_vec();
                    self.buf.drain(..end);
                    return Some(Frame {
                        fin: h.fin,
                        opcode: h.opcode,
                        masked: h.mask.is_some(),
                        payload,
                    });
                }
            }
            if !self.fill() {
                return None;
            }
        }
    }

    /// The next frame.
    pub fn recv(&mut self) -> Frame {
        self.try_recv()
            .expect("a frame, not the end of the connection")
    }

    /// The next frame that is not a Ping (heartbeats may come any time).
    pub fn recv_data(&mut self) -> Frame {
        loop {
            let f = self.recv();
            if f.opcode != OpCode::Ping {
                return f;
            }
        }
    }

    /// Expects a Close with `code`, then the server's FIN (it closes TCP).
    pub fn expect_close(&mut self, code: u16) {
        let f = self.recv_data();
        assert_eq!(f.opcode, OpCode::Close, "expected a Close, got {f:?}");
        assert_eq!(
            f.close_code(),
            Some(code),
            "close payload {:?}",
            String::from_utf8_lossy(&f.payload)
        );
        self.expect_eof();
    }

    /// Expects the connection to end (read returns 0) within the timeout,
    /// with no further frame.
    pub fn expect_eof(&mut self) {
        let start = Instant::now();
        while self.buf.is_empty() && self.fill() {
            assert!(start.elapsed() < TIMEOUT, "no EOF in time");
        }
        assert!(
            self.buf.is_empty(),
            "unexpected bytes after the close: {:?}",
            self.buf
        );
    }

    /// Closes our side of TCP.
    pub fn shutdown(&self) {
        let _ = self.stream.shutdown(Shutdown::Write);
    }
}

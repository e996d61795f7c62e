//! The transport seam: the loop runs an existing service, unchanged, over a
//! transport that is not plain TCP.
//!
//! `Xor` is a toy stand-in for TLS with the same shape: what crosses the wire
//! is not what the application reads and writes (every byte XORed with a key),
//! and it has bytes of its own to send that no `cx.write` queued: a greeting
//! record when the connection starts (like a TLS handshake flight) and a
//! goodbye record before its FIN (like close_notify). If the loop did not keep
//! WRITABLE interest and flush for the transport, or sent the FIN itself, the
//! client below would not see them.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream as StdStream};
use std::sync::Arc;
use std::time::Duration;

use ch06_http_server::connection::HttpConfig;
use ch06_http_server::routes::{Site, default_root};
use ch07_event_loop::echo::EchoService;
use ch07_event_loop::http::HttpService;
use ch07_event_loop::{Config, EventLoop, Running, Service, Transport};
use mio::net::{TcpListener, TcpStream};

const KEY: u8 = 0x5a;
const HELLO: &[u8] = b"HELLO\n";
const BYE: &[u8] = b"BYE\n";
const T: Duration = Duration::from_secs(10);

fn xor(bytes: &[u8]) -> Vec<u8> {
    bytes.iter().map(|b| b ^ KEY).collect()
}

/// Every byte XORed with `KEY` both ways, plus records of its own.
struct Xor {
    stream: TcpStream,
    /// Its own bytes (already encoded), waiting for the socket.
    own: Vec<u8>,
    /// `shutdown_write` was called: send the FIN once `own` is out.
    closing: bool,
}

impl Xor {
    fn new(stream: TcpStream) -> Xor {
        Xor {
            stream,
            own: xor(HELLO),
            closing: false,
        }
    }
}

impl Transport for Xor {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.stream.read(buf)?;
        buf[..n].iter_mut().for_each(|b| *b ^= KEY);
        Ok(n)
    }

    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // The loop only writes its queue once our own bytes are out (they go
        // first, as a handshake must); a byte for a byte, so `n` maps back.
        self.stream.write(&xor(buf))
    }

    fn wants_write(&self) -> bool {
        !self.own.is_empty()
    }

    fn flush(&mut self) -> io::Result<()> {
        while !self.own.is_empty() {
            let n = self.stream.write(&self.own)?;
            self.own.drain(..n);
        }
        if self.closing {
            self.stream.shutdown(Shutdown::Write)?;
        }
        Ok(())
    }

    fn shutdown_write(&mut self) -> io::Result<()> {
        self.own.extend_from_slice(&xor(BYE));
        self.closing = true;
        match self.flush() {
            Err(e) if e.kind() == ErrorKind::WouldBlock => Ok(()), // the loop flushes the rest
            other => other,
        }
    }

    fn source(&mut self) -> &mut TcpStream {
        &mut self.stream
    }
}

fn xor_loop<S>(svc: S) -> Running<S>
where
    S: Service + Send + 'static,
    S::Conn: Send,
{
    let listener = TcpListener::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let wrap = Box::new(|s| Ok(Xor::new(s)));
    Running::start(EventLoop::with_transport(listener, svc, Config::default(), wrap).unwrap())
        .unwrap()
}

fn connect(r: &Running<impl Service>) -> StdStream {
    let s = StdStream::connect(r.addr).unwrap();
    s.set_read_timeout(Some(T)).unwrap();
    s
}

#[test]
fn echo_runs_unchanged_over_a_transport_with_records_of_its_own() {
    let server = xor_loop(EchoService { idle: T });
    let mut c = connect(&server);
    let mut hello = vec![0; HELLO.len()];
    c.read_exact(&mut hello).unwrap();
    assert_eq!(xor(&hello), HELLO, "sent with nothing queued by the app");
    c.write_all(&xor(b"ping over xor")).unwrap();
    let mut back = vec![0; 13];
    c.read_exact(&mut back).unwrap();
    assert_eq!(xor(&back), b"ping over xor", "on the wire: XORed both ways");
    c.shutdown(Shutdown::Write).unwrap();
    let mut rest = Vec::new();
    c.read_to_end(&mut rest).unwrap(); // ends at the transport's FIN
    assert_eq!(xor(&rest), BYE, "the goodbye record precedes the FIN");
    let stats = server.handle().stats();
    assert_eq!(stats.bytes_in, 13, "counted as plaintext");
    assert_eq!(stats.bytes_out, 13);
}

#[test]
fn chapter_6_http_runs_unchanged_over_it() {
    let site = Site {
        root: default_root(),
    };
    let http = HttpService::new(Arc::new(move |req| site.handle(req)), HttpConfig::default());
    let server = xor_loop(http);
    let mut c = connect(&server);
    c.write_all(&xor(
        b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
    ))
    .unwrap();
    let mut wire = Vec::new();
    c.read_to_end(&mut wire).unwrap();
    let text = String::from_utf8(xor(&wire)).unwrap();
    assert!(text.starts_with("HELLO\nHTTP/1.1 200"), "{text}");
    assert!(text.ends_with("\r\n\r\nhelloBYE\n"), "{text}");
}

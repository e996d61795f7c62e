//! The HTTP/1.1 side of the comparisons: one keep-alive connection that
//! sends a request, reads its whole response with chapter 6's client rules
//! (its head parser and body framing), and counts the octets both ways and
//! the response head among them. The bench's publisher uses it too.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use ch05_http_parser::{Limits, Status};
use ch06_http_server::client::request_head;
use ch06_http_server::client::{BodyReader, ResponseHead, parse_response_head};

/// One response, read whole.
#[derive(Debug, Clone)]
pub struct Answer {
    /// Its head.
    pub head: ResponseHead,
    /// The head's length in octets, status line and blank line included.
    pub head_len: usize,
    /// The body, unframed.
    pub body: Vec<u8>,
    /// The body's octets on the wire (chunked framing included).
    pub body_len: usize,
}

/// One keep-alive HTTP/1.1 connection on a blocking socket.
pub struct Http1Client {
    sock: TcpStream,
    inbuf: Vec<u8>,
    /// Octets written.
    pub bytes_out: u64,
    /// Octets read.
    pub bytes_in: u64,
}

/// The longest any one read waits: a server that stops answering fails the run.
const READ_LIMIT: Duration = Duration::from_secs(30);

/// The largest body the bench reads.
const MAX_BODY: u64 = 1 << 20;

impl Http1Client {
    /// Connects to `addr`.
    pub fn connect(addr: SocketAddr) -> io::Result<Http1Client> {
        let sock = TcpStream::connect(addr)?;
        sock.set_nodelay(true)?;
        sock.set_read_timeout(Some(READ_LIMIT))?;
        Ok(Http1Client {
            sock,
            inbuf: Vec::new(),
            bytes_out: 0,
            bytes_in: 0,
        })
    }

    /// Sends `request` (a GET or a POST with Content-Length) and reads its response.
    pub fn exchange(&mut self, request: &[u8]) -> io::Result<Answer> {
        self.send(request)?;
        self.receive(request.starts_with(b"HEAD "))
    }

    /// Sends `request` without waiting for the answer.
    pub fn send(&mut self, request: &[u8]) -> io::Result<()> {
        self.sock.write_all(request)?;
        self.bytes_out += request.len() as u64;
        Ok(())
    }

    /// Reads the next response whole (`to_head`: it answers a HEAD, so it
    /// has no body whatever its fields say).
    pub fn receive(&mut self, to_head: bool) -> io::Result<Answer> {
        let (head, head_len) = loop {
            match parse_response_head(&self.inbuf, &Limits::default()) {
                Ok(Status::Complete(done)) => break done,
                Ok(Status::Partial) => self.fill()?,
                Err(e) => return Err(io::Error::new(ErrorKind::InvalidData, e.to_string())),
            }
        };
        self.inbuf.drain(..head_len);
        let kind = head
            .body_kind(to_head)
            .map_err(|e| io::Error::new(ErrorKind::InvalidData, e.to_string()))?;
        let mut reader = BodyReader::new(kind, MAX_BODY)
            .map_err(|e| io::Error::new(ErrorKind::InvalidData, e.to_string()))?;
        let mut body = Vec::new();
        let mut body_len = 0;
        loop {
            let used = reader
                .decode(&self.inbuf, &mut body)
                .map_err(|e| io::Error::new(ErrorKind::InvalidData, e.to_string()))?;
            self.inbuf.drain(..used);
            body_len += used;
            if reader.is_done() {
                break;
            }
            self.fill()?;
        }
        Ok(Answer {
            head,
            head_len,
            body,
            body_len,
        })
    }

    fn fill(&mut self) -> io::Result<()> {
        let mut buf = [0; 16 * 1024];
        match self.sock.read(&mut buf)? {
            0 => Err(ErrorKind::UnexpectedEof.into()),
            n => {
                self.bytes_in += n as u64;
                self.inbuf.extend_from_slice(&buf[..n]);
                Ok(())
            }
        }
    }
}

/// A request head with `Host: host` and `headers`, an HTTP/1.1 head's
/// field lines (`Name: value\r\n`), by chapter 6's `request_head`.
pub fn request(method: &str, target: &str, host: &str, headers: &str) -> Vec<u8> {
    let fields: Vec<(&str, &str)> = headers
        .split("\r\n")
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim(), v.trim()))
        .collect();
    request_head(method, target, host, &fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_chapter_6s_head() {
        let r = request("GET", "/p", "h:1", "Accept: */*\r\nX-A: b\r\n");
        assert_eq!(
            r,
            b"GET /p HTTP/1.1\r\nHost: h:1\r\nAccept: */*\r\nX-A: b\r\n\r\n"
        );
    }
}

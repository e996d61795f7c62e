//! The connection against scripted servers on loopback: each writes fixed
//! bytes, so every framing and limit case is exact.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::thread;
use std::time::Duration;

use super::*;
use crate::client::{BodyError, HeadError};

/// A one-connection server on loopback that plays `turns`: for each, it
/// reads until it has seen that many more empty lines (requests), then
/// writes the bytes (one byte per write when `byte_by_byte`); then it closes.
fn turns(turns: &'static [(usize, &'static [u8])], byte_by_byte: bool) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s.set_nodelay(true).unwrap();
        let mut seen = Vec::new();
        let mut wanted = 0;
        let mut chunk = [0u8; 1024];
        for (requests, script) in turns {
            wanted += requests;
            while seen.windows(4).filter(|w| w == b"\r\n\r\n").count() < wanted {
                match s.read(&mut chunk) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => seen.extend_from_slice(&chunk[..n]),
                }
            }
            let pieces: Vec<&[u8]> = if byte_by_byte {
                script.chunks(1).collect()
            } else {
                vec![script]
            };
            for piece in pieces {
                if s.write_all(piece).is_err() {
                    return;
                }
            }
        }
    });
    addr
}

fn scripted_with(requests: usize, script: &'static [u8], byte_by_byte: bool) -> String {
    let turn: &'static [(usize, &'static [u8])] = Box::leak(Box::new([(requests, script)]));
    turns(turn, byte_by_byte)
}

fn scripted(requests: usize, script: &'static [u8]) -> String {
    scripted_with(requests, script, false)
}

fn conn(addr: &str) -> Connection {
    let t = Duration::from_secs(5);
    Connection::connect(addr, t, t).unwrap()
}

const GET: &[u8] = b"GET / HTTP/1.1\r\nHost: t\r\n\r\n";

#[test]
fn one_byte_pieces_length_then_chunked_on_one_connection() {
    let addr = scripted_with(
        2,
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello\
          HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
          3\r\nwor\r\n2;ext=1\r\nld\r\n0\r\nX-Trailer: t\r\n\r\n",
        true,
    );
    let mut c = conn(&addr);
    c.send(GET).unwrap();
    c.send(GET).unwrap();
    let (r, keep) = c.receive().unwrap();
    assert_eq!(
        (r.status(), r.body.as_slice(), keep),
        (200, &b"hello"[..], true)
    );
    let (r, keep) = c.receive().unwrap();
    assert_eq!((r.text().as_str(), keep), ("world", true));
}

#[test]
fn keep_alive_reuse_and_its_end() {
    // Two answers on one connection; the second says close, then EOF.
    let addr = turns(
        &[
            (1, b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na"),
            (
                1,
                b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nConnection: close\r\n\r\nb",
            ),
        ],
        false,
    );
    let mut c = conn(&addr);
    let (r, keep) = c.exchange(GET).unwrap();
    assert_eq!((r.text().as_str(), keep), ("a", true));
    // The same socket carries the second exchange.
    let (r, keep) = c.exchange(GET).unwrap();
    assert_eq!((r.text().as_str(), keep), ("b", false));
    // Waiting for more on the closed connection: no byte came, and the
    // connection had carried earlier responses (how a kept-alive connection
    // closed while idle looks), so a caller may retry at once.
    assert!(matches!(
        c.receive(),
        Err(HttpError::Closed {
            mid_response: false,
            reused: true
        })
    ));
}

#[test]
fn head_1xx_204_and_close_delimited_framing() {
    // A 103 is skipped; the HEAD's answer has a Content-Length but no body, so
    // the next response starts right after its head; a 204's Content-Length is
    // not a body either; the last one runs to the close.
    let addr = scripted(
        4,
        b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n\
          HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi\
          HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n\
          HTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\n\
          HTTP/1.1 200 OK\r\n\r\nto the end",
    );
    let mut c = conn(&addr);
    c.send(GET).unwrap();
    c.send(b"HEAD / HTTP/1.1\r\nHost: t\r\n\r\n").unwrap();
    c.send(GET).unwrap();
    c.send(GET).unwrap();
    let (r, keep) = c.receive().unwrap();
    assert_eq!(
        (r.status(), r.body.as_slice(), keep),
        (200, &b"hi"[..], true)
    );
    let (r, keep) = c.receive().unwrap();
    assert_eq!(
        (r.header("content-length"), r.body.len(), keep),
        (Some("99"), 0, true)
    );
    let (r, keep) = c.receive().unwrap();
    assert_eq!((r.status(), r.body.len(), keep), (204, 0, true));
    let (r, keep) = c.receive().unwrap();
    assert_eq!((r.body.as_slice(), keep), (&b"to the end"[..], false));
}

#[test]
fn incremental_reads_hand_over_each_piece() {
    // What an event stream needs: the first chunk arrives before the body ends.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (go_on, wait) = std::sync::mpsc::channel::<()>();
    thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut chunk = [0u8; 1024];
        let _ = s.read(&mut chunk);
        let _ = s.write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
        let _ = wait.recv_timeout(Duration::from_secs(5));
        let _ = s.write_all(b"6\r\nsecond\r\n0\r\n\r\n");
    });
    let mut c = conn(&addr);
    c.send(GET).unwrap();
    let (_, mut body) = c.read_head().unwrap();
    let mut out = Vec::new();
    while out.len() < 5 {
        assert!(!c.read_body(&mut body, &mut out).unwrap());
    }
    assert_eq!(out, b"first", "before the server sent the rest");
    go_on.send(()).unwrap();
    while !c.read_body(&mut body, &mut out).unwrap() {}
    assert_eq!(out, b"firstsecond");
}

#[test]
fn limits_on_head_body_and_interim_responses() {
    let small = ClientLimits {
        max_body: 4,
        ..ClientLimits::default()
    };
    // A Content-Length over the limit fails before reading the body.
    let addr = scripted(1, b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
    let mut c = conn(&addr).with_limits(small);
    assert!(matches!(
        c.exchange(GET),
        Err(HttpError::Body(BodyError::TooLarge { limit: 4 }))
    ));
    // A chunked body grows past it.
    let addr = scripted(
        1,
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n",
    );
    let mut c = conn(&addr).with_limits(small);
    assert!(matches!(
        c.exchange(GET),
        Err(HttpError::Body(BodyError::TooLarge { limit: 4 }))
    ));
    // A head with no end in sight.
    static HUGE: std::sync::LazyLock<&'static [u8]> = std::sync::LazyLock::new(|| {
        let mut h = b"HTTP/1.1 200 OK\r\n".to_vec();
        while h.len() < 20_000 {
            h.extend_from_slice(b"X-Pad: ");
            h.extend_from_slice(&[b'a'; 400]);
            h.extend_from_slice(b"\r\n");
        }
        h.leak()
    });
    let addr = scripted(1, *HUGE);
    assert!(matches!(
        conn(&addr).exchange(GET),
        Err(HttpError::Head(HeadError::TooLarge))
    ));
    // Endless 1xx responses.
    let addr = scripted(
        1,
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
    );
    let mut c = conn(&addr).with_limits(ClientLimits {
        max_interim: 1,
        ..ClientLimits::default()
    });
    assert!(matches!(
        c.exchange(GET),
        Err(HttpError::TooManyInterim { limit: 1 })
    ));
}

#[test]
fn bad_framing_and_cut_bodies_are_errors_not_guesses() {
    let addr = scripted(
        1,
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\nhi",
    );
    match conn(&addr).exchange(GET) {
        Err(e @ HttpError::Framing(_)) => {
            assert!(e.to_string().contains("Transfer-Encoding"), "{e}")
        }
        other => panic!("{other:?}"),
    }
    let addr = scripted(1, b"HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n");
    match conn(&addr).exchange(GET) {
        Err(HttpError::Head(HeadError::Field(e))) => assert_eq!(e.offset, 20),
        other => panic!("{other:?}"),
    }
    let addr = scripted(1, b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf");
    assert!(matches!(
        conn(&addr).exchange(GET),
        Err(HttpError::Closed {
            mid_response: true,
            reused: false
        })
    ));
}

#[test]
fn a_101_leaves_what_follows_to_the_new_protocol() {
    let addr = scripted(
        1,
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x02hi",
    );
    let mut c = conn(&addr);
    c.send(GET).unwrap();
    let (head, body) = c.read_head().unwrap();
    assert_eq!((head.status, body.is_done()), (101, true));
    // The frame may still be on its way; read until it is all here.
    let (mut stream, mut rest) = c.into_parts();
    let mut chunk = [0u8; 16];
    while rest.len() < 4 {
        let n = stream.read(&mut chunk).unwrap();
        assert!(n > 0, "the frame arrives");
        rest.extend_from_slice(&chunk[..n]);
    }
    assert_eq!(rest, b"\x81\x02hi");
}

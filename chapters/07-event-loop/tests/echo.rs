//! The loop with the echo service: bytes in, the same bytes out, many
//! connections at once, slow writers, idle timeouts, resets.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::Duration;

use ch07_event_loop::echo::EchoService;
use ch07_event_loop::{Config, spawn};

const T: Duration = Duration::from_secs(10);

fn echo(idle: Duration) -> ch07_event_loop::Running<EchoService> {
    spawn(
        "127.0.0.1:0".parse().unwrap(),
        EchoService { idle },
        Config::default(),
    )
    .unwrap()
}

fn connect(addr: std::net::SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(T)).unwrap();
    s.set_write_timeout(Some(T)).unwrap();
    s
}

#[test]
fn echoes_and_closes_after_eof() {
    let server = echo(T);
    let mut s = connect(server.addr);
    s.write_all(b"hello, loop").unwrap();
    s.shutdown(Shutdown::Write).unwrap();
    let mut back = Vec::new();
    s.read_to_end(&mut back).unwrap(); // ends when the server sends its FIN
    assert_eq!(back, b"hello, loop");
    let stats = server.stop().unwrap();
    let _ = stats;
}

#[test]
fn short_reads_still_see_a_fin_that_came_with_the_data() {
    // Bytes and FIN in one edge: a short read must not be taken as "drained",
    // or the EOF would never be read and the connection would hang.
    let config = Config {
        read_mode: ch07_event_loop::ReadMode::ShortReadMeansDrained,
        ..Config::default()
    };
    let server = spawn(
        "127.0.0.1:0".parse().unwrap(),
        EchoService {
            idle: Duration::from_secs(60), // long: only the EOF may end it
        },
        config,
    )
    .unwrap();
    for _ in 0..20 {
        let mut s = connect(server.addr);
        s.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
        s.write_all(b"last words").unwrap();
        s.shutdown(Shutdown::Write).unwrap();
        let mut back = Vec::new();
        s.read_to_end(&mut back)
            .expect("the server should close after the echo, not wait");
        assert_eq!(back, b"last words");
    }
}

#[test]
fn a_byte_at_a_time() {
    let server = echo(T);
    let mut s = connect(server.addr);
    let msg = b"one byte per write, each its own segment";
    for b in msg {
        s.write_all(&[*b]).unwrap();
    }
    let mut back = vec![0; msg.len()];
    s.read_exact(&mut back).unwrap();
    assert_eq!(&back, msg);
}

#[test]
fn a_thousand_connections_at_once() {
    let server = echo(T);
    let mut conns: Vec<TcpStream> = (0..1000).map(|_| connect(server.addr)).collect();
    for (i, s) in conns.iter_mut().enumerate() {
        s.write_all(format!("conn {i:04}\n").as_bytes()).unwrap();
    }
    for (i, s) in conns.iter_mut().enumerate() {
        let mut back = [0; 10];
        s.read_exact(&mut back).unwrap();
        assert_eq!(back, *format!("conn {i:04}\n").as_bytes());
    }
    let stats = server.handle().stats();
    assert_eq!(stats.accepted, 1000);
    assert_eq!(stats.open, 1000);
}

#[test]
fn megabytes_through_a_small_socket_buffer() {
    // The client writes 8 MiB while reading slowly: the server's writes go
    // partial, the rest waits in its queue, and nothing is lost or reordered.
    let server = echo(T);
    let s = connect(server.addr);
    let mut reader = s.try_clone().unwrap();
    let data: Vec<u8> = (0..8 << 20).map(|i: u32| (i % 251) as u8).collect();
    let to_send = data.clone();
    let mut writer = s;
    let w = std::thread::spawn(move || {
        writer.write_all(&to_send).unwrap();
        writer.shutdown(Shutdown::Write).unwrap();
    });
    let mut back = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = reader.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        back.extend_from_slice(&buf[..n]);
        assert!(
            back.len() <= data.len(),
            "more bytes came back than were sent"
        );
    }
    w.join().unwrap();
    assert!(
        back == data,
        "echo differs: {} of {} bytes",
        back.len(),
        data.len()
    );
}

#[test]
fn idle_connections_are_closed_by_the_timer() {
    let server = echo(Duration::from_millis(200));
    let mut s = connect(server.addr);
    s.write_all(b"x").unwrap();
    let mut buf = [0; 8];
    assert_eq!(s.read(&mut buf).unwrap(), 1);
    // Silence: the server closes (FIN → read returns 0) without us doing anything.
    assert_eq!(
        s.read(&mut buf).unwrap(),
        0,
        "expected the idle timeout to close"
    );
    assert!(server.handle().stats().timers_fired >= 1);
}

#[test]
fn a_reset_does_not_take_the_loop_down() {
    let server = echo(T);
    for _ in 0..20 {
        let s = TcpStream::connect(server.addr).unwrap();
        // Unread data in our receive buffer + close = RST instead of FIN.
        let mut w = &s;
        w.write_all(&[b'x'; 100_000]).unwrap();
        std::thread::sleep(Duration::from_millis(5));
        drop(s);
    }
    let mut s = connect(server.addr);
    s.write_all(b"still here?").unwrap();
    let mut back = [0; 11];
    s.read_exact(&mut back).unwrap();
    assert_eq!(&back, b"still here?");
}

//! Why the naive chat breaks: writing to a client that does not read blocks the
//! broadcaster (here bounded by a write timeout, so the test cannot hang).

use std::io::{ErrorKind, Read};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use ch04_threads::naive::NaiveRoom;

#[test]
fn a_client_that_does_not_read_blocks_the_naive_broadcast() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let mut reader = TcpStream::connect(addr).unwrap();
    let _stuck = TcpStream::connect(addr).unwrap(); // never read
    let room = NaiveRoom::new();
    for _ in 0..2 {
        let (server_side, _) = listener.accept().unwrap();
        // Without a timeout the blocked write would wait forever; with it, the
        // write fails with WouldBlock/TimedOut, which is the proof that it waited.
        server_side
            .set_write_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        room.add(server_side);
    }
    // A helper drains the reading client so only the stuck one fills up.
    let drain = std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        while matches!(reader.read(&mut buf), Ok(n) if n > 0) {}
    });
    let line = vec![b'x'; 64 * 1024];
    let mut blocked = None;
    for round in 0..2_000 {
        let results = room.broadcast(&line);
        if let Some(Err(e)) = results.iter().find(|r| r.is_err()) {
            blocked = Some((round, e.kind()));
            break;
        }
    }
    let (round, kind) = blocked.expect("128 MB later, a write to the stuck client still had room");
    assert!(
        matches!(kind, ErrorKind::WouldBlock | ErrorKind::TimedOut),
        "round {round}: {kind:?}"
    );
    drop(room); // closes the server side: the drain thread sees EOF
    drain.join().unwrap();
}

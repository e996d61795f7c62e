//! The floor: a raw TCP round trip on loopback, with nothing on top.
//!
//! Every transport in the showdown is bytes over a TCP connection, so none can
//! deliver an event faster than the kernel moves a few bytes from one socket to
//! another. We measure that here: a thread echoes 64-byte messages back over
//! loopback; the client times write → read of the echo. Half a round trip is
//! about what a one-way push could cost at best.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use ch13_showdown::percentile::Summary;

/// Bytes per message: about the size of one taxi position event.
pub const MESSAGE: usize = 64;

/// Round-trip times on loopback, in microseconds.
#[derive(Debug, Clone, Copy)]
pub struct Floor {
    /// The round trips measured.
    pub rtt_us: Summary,
}

/// Times `rounds` 64-byte round trips on loopback (at most `budget` long),
/// after a short warm-up. Both sockets have Nagle off, as ours do.
pub fn measure(rounds: usize, budget: Duration) -> io::Result<Floor> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let echo = thread::spawn(move || -> io::Result<()> {
        let (mut s, _) = listener.accept()?;
        s.set_nodelay(true)?;
        let mut buf = [0u8; MESSAGE];
        loop {
            // read_exact: one message may arrive in pieces (short reads).
            match s.read_exact(&mut buf) {
                Ok(()) => s.write_all(&buf)?,
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
                Err(e) => return Err(e),
            }
        }
    });
    let mut c = TcpStream::connect(addr)?;
    c.set_nodelay(true)?;
    c.set_read_timeout(Some(Duration::from_secs(5)))?;
    let msg = [b'x'; MESSAGE];
    let mut back = [0u8; MESSAGE];
    let mut samples = Vec::with_capacity(rounds);
    let started = Instant::now();
    for i in 0..rounds + rounds / 10 {
        let t = Instant::now();
        c.write_all(&msg)?;
        c.read_exact(&mut back)?;
        if i >= rounds / 10 {
            // The first tenth warms caches and the scheduler up; not counted.
            samples.push(t.elapsed().as_secs_f64() * 1e6);
        }
        if started.elapsed() > budget {
            break;
        }
    }
    drop(c);
    let _ = echo.join();
    Ok(Floor {
        rtt_us: Summary::of(samples),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_floor_is_measured() {
        let f = measure(200, Duration::from_secs(5)).unwrap();
        assert!(f.rtt_us.count > 0);
        assert!(f.rtt_us.p50 > 0.0 && f.rtt_us.p99 >= f.rtt_us.p50);
    }
}

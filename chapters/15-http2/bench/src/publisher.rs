//! Events into the server's feed, as a visitor sends them: `POST /publish`
//! over one keep-alive HTTP/1.1 connection of its own, so none of its octets
//! are counted with the subscribers'. Its CPU cost at the server is the same
//! in every run it takes part in (the bench measures it alone too).

use std::io;
use std::net::SocketAddr;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use ch11_long_polling::json_read;
use ch13_showdown::events;

use crate::http1::{Http1Client, request};

/// The text of every event the bench publishes: about a taxi position's
/// size, so an event is the size chapter 13 measured.
pub const TEXT: &str = "the taxi is at 520.0, 300.0";

/// A connection that publishes.
pub struct Publisher {
    client: Http1Client,
    host: String,
}

impl Publisher {
    /// Connects to the server at `addr`.
    pub fn connect(addr: SocketAddr) -> io::Result<Publisher> {
        Ok(Publisher {
            client: Http1Client::connect(addr)?,
            host: addr.to_string(),
        })
    }

    /// Publishes `text`; returns the event's id.
    pub fn publish(&mut self, text: &str) -> io::Result<u64> {
        let length = format!("Content-Length: {}\r\n", text.len());
        let mut req = request("POST", "/publish", &self.host, &length);
        req.extend_from_slice(text.as_bytes());
        let answer = self.client.exchange(&req)?;
        let body = String::from_utf8_lossy(&answer.body);
        if answer.head.status != 200 {
            return Err(io::Error::other(format!(
                "POST /publish: {} {body}",
                answer.head.status
            )));
        }
        json_read::parse(&body)
            .ok()
            .and_then(|v| v.get("id").and_then(|id| id.as_u64()))
            .ok_or_else(|| io::Error::other(format!("POST /publish answered {body}")))
    }
}

/// Publishes `count` events at `rate` a second from a thread of its own,
/// starting now. Its result: when each was published (ms since the epoch,
/// index `id - 1` on a fresh server), the times chapter 13's latencies are
/// measured from.
pub fn at_rate(addr: SocketAddr, rate: f64, count: u64) -> JoinHandle<io::Result<Vec<f64>>> {
    thread::spawn(move || {
        let mut publisher = Publisher::connect(addr)?;
        let period = Duration::from_secs_f64(1.0 / rate);
        let start = Instant::now();
        let mut stamps = Vec::with_capacity(count as usize);
        for k in 0..count {
            if let Some(wait) =
                (start + period.mul_f64(k as f64)).checked_duration_since(Instant::now())
            {
                thread::sleep(wait);
            }
            stamps.push(events::now_ms());
            publisher.publish(TEXT)?;
        }
        Ok(stamps)
    })
}

//! One long-poll cycle, octet by octet: the client asks `GET
//! /poll?after=N` with a browser's header fields (chapter 13's bench client
//! sends the same), an event is published, the held poll answers with it,
//! and the client asks again. Over HTTP/1.1 every cycle repeats the whole
//! head as text; over HTTP/2 HPACK sends a field once and then an index, so
//! on a warm connection a request is a few octets and whatever changed (the
//! cursor in `:path`).
//!
//! Counted at the client's socket, both ways, per cycle. The connection's
//! setup (HTTP/2's preface and SETTINGS) is counted apart, once. Cycles run
//! back to back, so most answers fall in the same second as the one before;
//! the last few wait for the clock's next second first, as answers do when
//! events are seconds apart: their `date` is new, and HPACK must send it.

use std::net::SocketAddr;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use ch13_bench::clients::BROWSER_HEADERS;

use crate::h2client::{Got, H2Client, browser_get};
use crate::http1::{Http1Client, request};
use crate::publisher::{Publisher, TEXT};

/// Which connection carries the polls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    /// HTTP/1.1, keep-alive.
    Http1,
    /// HTTP/2 (h2c), with an HPACK table of this many octets (4,096 is the
    /// default; 0: static table and Huffman only).
    Http2 {
        /// SETTINGS_HEADER_TABLE_SIZE, both ways.
        table: u32,
    },
}

/// One cycle's octets, counted at the client.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cycle {
    /// Client to server: the request (HTTP/2: its HEADERS frame, and any
    /// WINDOW_UPDATE or ACK sent meanwhile).
    pub request: u64,
    /// Of it, the head: HTTP/1.1's text, or HTTP/2's HPACK block.
    pub request_head: u64,
    /// Server to client: the response (HTTP/2: its HEADERS and DATA frames).
    pub response: u64,
    /// Of it, the head: text, or the HPACK block.
    pub response_head: u64,
    /// Of it, the body (the event, as JSON).
    pub body: u64,
    /// The response's `date` differs from the one before.
    pub new_date: bool,
}

/// A run of cycles on one connection.
#[derive(Debug, Clone, Default)]
pub struct Cycles {
    /// Octets of the connection's setup, before the first request: out, in.
    pub setup: (u64, u64),
    /// Each cycle, in order.
    pub cycles: Vec<Cycle>,
}

/// The bound on any one cycle.
const CYCLE_LIMIT: Duration = Duration::from_secs(10);

/// The request's target for the cursor `after`, as chapter 13's client asks.
fn target(after: u64) -> String {
    format!("/poll?after={after}&timeout=30")
}

/// Sleeps until the wall clock's next second has begun (`date` changes).
fn next_second() {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let into = Duration::from_nanos(u64::from(now.subsec_nanos()));
    std::thread::sleep(Duration::from_secs(1) - into + Duration::from_millis(20));
}

/// Runs `fast` cycles back to back, then `slow` cycles each at the start of
/// a new second, against the showdown server at `addr` (a `ch15-server`).
pub fn run(addr: SocketAddr, wire: Wire, fast: usize, slow: usize) -> anyhow::Result<Cycles> {
    let mut publisher = Publisher::connect(addr).context("the publisher's connection")?;
    let mut cursor = publisher.publish(TEXT)?;
    let host = addr.to_string();
    let mut out = Cycles::default();
    let mut last_date: Option<Vec<u8>> = None;
    match wire {
        Wire::Http1 => {
            let mut c = Http1Client::connect(addr)?;
            for k in 0..fast + slow {
                if k >= fast {
                    next_second();
                }
                let (out0, in0) = (c.bytes_out, c.bytes_in);
                let req = request("GET", &target(cursor), &host, BROWSER_HEADERS);
                c.send(&req)?;
                cursor = publisher.publish(TEXT)?;
                let answer = c.receive(false)?;
                if answer.head.status != 200 {
                    bail!("/poll answered {}", answer.head.status);
                }
                let date = answer.head.header("date").map(<[u8]>::to_vec);
                out.cycles.push(Cycle {
                    request: c.bytes_out - out0,
                    request_head: req.len() as u64,
                    response: c.bytes_in - in0,
                    response_head: answer.head_len as u64,
                    body: answer.body_len as u64,
                    new_date: date != last_date,
                });
                last_date = date;
            }
        }
        Wire::Http2 { table } => {
            let mut c = H2Client::connect(addr, table)?;
            let deadline = Instant::now() + CYCLE_LIMIT;
            while !c
                .read(Duration::from_millis(100))?
                .contains(&Got::SettingsAck)
            {
                if Instant::now() > deadline {
                    bail!("no SETTINGS ACK from the server");
                }
            }
            out.setup = (c.counts.bytes_out, c.counts.bytes_in);
            for k in 0..fast + slow {
                if k >= fast {
                    next_second();
                }
                let before = c.counts;
                let fields = browser_get(&host, &target(cursor), BROWSER_HEADERS);
                let stream = c.get(&fields)?;
                cursor = publisher.publish(TEXT)?;
                let mut cycle = Cycle::default();
                let deadline = Instant::now() + CYCLE_LIMIT;
                let mut done = false;
                while !done {
                    if Instant::now() > deadline {
                        bail!("stream {stream}: no whole answer in {CYCLE_LIMIT:?}");
                    }
                    for got in c.read(Duration::from_millis(100))? {
                        match got {
                            Got::Headers {
                                stream: s,
                                fields,
                                block,
                                end_stream,
                            } if s == stream => {
                                if fields.get(":status") != Some(b"200") {
                                    bail!("/poll answered {:?}", fields.get(":status"));
                                }
                                let date = fields.get("date").map(<[u8]>::to_vec);
                                cycle.new_date = date != last_date;
                                last_date = date;
                                cycle.response_head += block as u64;
                                done |= end_stream;
                            }
                            Got::Data {
                                stream: s,
                                data,
                                end_stream,
                            } if s == stream => {
                                cycle.body += data.len() as u64;
                                done |= end_stream;
                            }
                            Got::Reset { stream: s, code } if s == stream => {
                                bail!("stream {s} reset: {code:?}")
                            }
                            Got::GoAway { code } => bail!("GOAWAY {code:?}"),
                            _ => {}
                        }
                    }
                }
                cycle.request = c.counts.bytes_out - before.bytes_out;
                cycle.request_head = c.counts.blocks_out - before.blocks_out;
                cycle.response = c.counts.bytes_in - before.bytes_in;
                out.cycles.push(cycle);
            }
        }
    }
    Ok(out)
}

/// Means of a set of cycles, as (request, request head, response, response
/// head, body); `None` when the set is empty.
pub fn means<'a>(cycles: impl IntoIterator<Item = &'a Cycle>) -> Option<[f64; 5]> {
    let mut sum = [0u64; 5];
    let mut n = 0u64;
    for c in cycles {
        for (s, v) in sum.iter_mut().zip([
            c.request,
            c.request_head,
            c.response,
            c.response_head,
            c.body,
        ]) {
            *s += v;
        }
        n += 1;
    }
    (n > 0).then(|| sum.map(|s| s as f64 / n as f64))
}

//! Two chapter 13 servers, each with its own feed, behind haproxy; and the
//! clients that follow "the" feed through it: chapter 11's long poller and
//! chapter 12's EventSource, each recording what it received, so that a test
//! can count what came twice, what never came, and which ids named two
//! different events.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use ch06_http_server::client::{Connection, HttpUrl, request_head};
use ch11_long_polling::client::{ClientConfig, PollClient, Polled};
use ch12_sse::client::{self as sse, Flow, Happening, Options};
use ch12_sse::parser::Item;
use ch13_showdown::ShowdownConfig;
use ch13_showdown::driver::Server;
use ch13_showdown::service::Counters;

use super::daemon::{Daemon, free_port};
use super::haproxy;
use super::{T, plain_showdown};

/// Two chapter 13 servers, each with its own feed: `a` has published
/// `a1`..`a5` (ids 1 to 5), `b` has published `b1`..`b3` (ids 1 to 3).
pub struct TwoFeeds {
    pub a: Server,
    pub b: Server,
}

impl TwoFeeds {
    pub fn start() -> TwoFeeds {
        // A short `retry:`, so an SSE client reconnects quickly.
        let options = ShowdownConfig {
            sse_retry_ms: 200,
            ..ShowdownConfig::default()
        };
        let feeds = TwoFeeds {
            a: plain_showdown(options.clone()),
            b: plain_showdown(options),
        };
        feeds.publish("a", 1..=5);
        feeds.publish("b", 1..=3);
        feeds
    }

    pub fn server(&self, name: &str) -> &Server {
        if name == "a" { &self.a } else { &self.b }
    }

    /// Publishes `{name}{i}` for each i on server `name`, and waits until its
    /// loop has (the publisher only queues them).
    pub fn publish(&self, name: &str, ids: std::ops::RangeInclusive<u64>) {
        let server = self.server(name);
        let target = Counters::get(&server.counters.published) + ids.clone().count() as u64;
        for i in ids {
            server.publisher.publish(format!("{name}{i}")).unwrap();
        }
        let deadline = Instant::now() + T;
        while Counters::get(&server.counters.published) < target {
            assert!(Instant::now() < deadline, "{name} did not publish");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// `POST /cut` straight to server `name` (not through haproxy): it closes
    /// every other connection it has, as a server restart or a deploy would.
    pub fn cut(&self, name: &str) {
        let addr = self.server(name).addr.to_string();
        let mut conn = Connection::connect(&addr, T, T).unwrap();
        let req = request_head("POST", "/cut", &addr, &[("Content-Length", "0")]);
        let (answer, _) = conn.exchange(&req).unwrap();
        assert_eq!(answer.status(), 200, "{}", answer.text());
    }

    /// haproxy in front of both, in mode http, with `balance`; `servers`
    /// names them in the order haproxy's round-robin takes them, each with
    /// the options of its `server` line. Every answer says who sent it.
    pub fn behind_haproxy(
        &self,
        balance: &str,
        servers: [(&str, &str); 2],
    ) -> (Daemon, SocketAddr) {
        let front: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
        let lines: Vec<String> = servers
            .iter()
            .map(|(name, options)| {
                format!("    server {name} {} {options}", self.server(name).addr)
            })
            .collect();
        let cfg = format!(
            "\
frontend feed_in
    mode http
    option httplog
    bind {front}
    default_backend two_feeds

backend two_feeds
    mode http
    {balance}
    http-response set-header X-Served-By %[srv_name]
{}
",
            lines.join("\n")
        );
        (haproxy::start(&cfg, &[front]), front)
    }
}

/// What a client following the feed received, in order, by event data.
#[derive(Debug, Default)]
pub struct Received {
    /// Each event's id and data, in the order they arrived.
    pub events: Vec<(u64, String)>,
    /// One line per poll or stream happening, for the book.
    pub story: Vec<String>,
}

impl Received {
    /// Events delivered more than once.
    pub fn duplicates(&self) -> usize {
        let mut seen = HashSet::new();
        self.events.iter().filter(|(_, d)| !seen.insert(d)).count()
    }

    /// Of `published`, the events never delivered.
    pub fn lost(&self, published: &[&str]) -> Vec<String> {
        published
            .iter()
            .filter(|p| !self.events.iter().any(|(_, d)| d == *p))
            .map(|p| p.to_string())
            .collect()
    }

    /// Ids that arrived naming two different events.
    pub fn ids_reused(&self) -> Vec<u64> {
        let mut ids: Vec<u64> = self
            .events
            .iter()
            .filter(|(id, d)| self.events.iter().any(|(i, e)| i == id && e != d))
            .map(|(id, _)| *id)
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    pub fn report(&self, published: &[&str]) {
        eprintln!("{}", self.story.join("\n"));
        eprintln!(
            "received {} events: {} duplicates, lost {:?}, ids naming two events {:?}",
            self.events.len(),
            self.duplicates(),
            self.lost(published),
            self.ids_reused()
        );
    }
}

/// `polls` long polls through `front` with chapter 11's client, which keeps
/// its cursor and resumes with `?after=N` as it should.
pub fn follow_polls(front: SocketAddr, polls: usize) -> Received {
    let config = ClientConfig {
        poll_timeout: Duration::from_millis(500),
        ..ClientConfig::default()
    };
    let mut client = PollClient::new(&format!("http://{front}"), Some(0), config).unwrap();
    let mut got = Received::default();
    for _ in 0..polls {
        let after = client.cursor().unwrap_or(0);
        let line = match client.poll_once().expect("a poll through haproxy") {
            Polled::Events(events) => {
                let list: Vec<String> = events
                    .iter()
                    .map(|e| format!("{} {}", e.id, e.data))
                    .collect();
                got.events
                    .extend(events.into_iter().map(|e| (e.id, e.data)));
                format!("200 [{}]", list.join(", "))
            }
            Polled::Gone { oldest, .. } => format!(
                "410 Gone (oldest {oldest}): the client rewinds to {}",
                oldest - 1
            ),
            Polled::Timeout => "204 (nothing new)".to_string(),
        };
        got.story.push(format!("GET /poll?after={after} -> {line}"));
    }
    got.story.push(format!(
        "({} polls on {} connection(s) to haproxy)",
        client.polls, client.connects
    ));
    got
}

/// An SSE client (chapter 12's EventSource) through `front`, from the start
/// of the feed (`?after=0`). Each time it has received the last event of a
/// server's feed, that server cuts its connections; the client reconnects
/// with `Last-Event-ID`. On its second connection one more event is
/// published on each server (`a6`, `b4`); it stops when one arrives.
pub fn follow_stream(front: SocketAddr, feeds: &TwoFeeds) -> Received {
    let url = HttpUrl::parse(&format!("http://{front}/events?after=0")).unwrap();
    let mut opts = Options::new(url);
    opts.idle_timeout = T;
    let mut got = Received::default();
    let mut opens = 0;
    let deadline = Instant::now() + T;
    let ended = sse::run(opts, |happening| {
        match happening {
            Happening::Open { resumed_after } => {
                opens += 1;
                got.story.push(match resumed_after {
                    "" => "open (no Last-Event-ID)".to_string(),
                    id => format!("reconnected with Last-Event-ID: {id}"),
                });
                if opens == 2 {
                    feeds.publish("a", 6..=6);
                    feeds.publish("b", 4..=4);
                }
            }
            Happening::Item(Item::Event(e)) => {
                let id: u64 = e.last_event_id.parse().unwrap_or(0);
                if e.event_type == "reset" {
                    got.story
                        .push(format!("  event: reset, id: {id}, data: {}", e.data));
                } else {
                    got.story.push(format!("  id: {id}, data: {}", e.data));
                    got.events.push((id, e.data.clone()));
                }
                match e.data.as_str() {
                    "a6" | "b4" => return Flow::Stop,
                    "a5" => feeds.cut("a"),
                    "b3" => feeds.cut("b"),
                    _ => {}
                }
            }
            Happening::Item(_) => {}
            Happening::Lost { why, .. } => got.story.push(format!("lost: {why}")),
        }
        if Instant::now() > deadline || opens > 3 {
            got.story.push("(gave up)".into());
            return Flow::Stop;
        }
        Flow::Continue
    });
    assert!(ended.is_ok(), "{ended:?}");
    got
}

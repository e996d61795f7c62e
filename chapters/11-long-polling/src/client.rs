//! The long-poll client: poll from the last id, forever, losing and repeating nothing.
//!
//! The rule that makes it exact is small: **the cursor moves only when a whole
//! answer has been read.** A connection cut half-way through an answer leaves
//! the cursor where it was, so the next poll asks for the same events again; the
//! server still has them (bounded history), and the client skips nothing. And
//! since the client asks for ids *after* its cursor, nothing comes twice.
//!
//! ```text
//!  cursor 41 ── GET /poll?after=41 ──▶ 200 [42,43] ── cursor 43 ── GET /poll?after=43 ─▶ (held)
//!                                      ✂ cut mid-body: cursor stays 41, ask again
//!                                      204: nothing new, ask again
//!                                      410: 42.. dropped: say so loudly, resume at oldest
//! ```
//!
//! Errors (refused, reset, timeout, 5xx) are retried with exponential backoff
//! and jitter, so a restarted server is not stampeded by its clients.

use std::fmt;
use std::time::Duration;

use ch01_tcp::trace::Trace;
use ch06_http_server::client::{
    ClientLimits, Connection, FullResponse, HttpError, HttpUrl, request_head,
};
use rand::Rng;

use crate::feed::Event;
use crate::json_read;
use crate::poll::CURSOR_HEADER;

/// The batch size the server uses by default; the client's `limit` works below it.
const FULL_BATCH: usize = 100;

/// How the client polls and retries.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The `timeout` asked of the server (it holds a poll at most this long).
    pub poll_timeout: Duration,
    /// How much longer than `poll_timeout` we wait for an answer before giving up
    /// on the connection (a proxy or NAT may have dropped it silently).
    pub read_slack: Duration,
    /// Time allowed to connect.
    pub connect_timeout: Duration,
    /// First wait after an error; doubled after each further error.
    pub backoff_min: Duration,
    /// The longest wait between attempts.
    pub backoff_max: Duration,
    /// Largest answer body accepted.
    pub max_body: usize,
    /// `--trace`: print every byte sent and received.
    pub trace: Trace,
    /// The usual demo's bug, for the book: poll without a cursor every time
    /// ("give me what is new"), so whatever is published between two polls is
    /// lost. Gaps are still detected (the ids show them) and reported.
    pub forget_cursor: bool,
}

impl Default for ClientConfig {
    fn default() -> ClientConfig {
        ClientConfig {
            poll_timeout: Duration::from_secs(25),
            read_slack: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            backoff_min: Duration::from_millis(100),
            backoff_max: Duration::from_secs(5),
            max_body: 16 * 1024 * 1024,
            trace: Trace::new(false),
            forget_cursor: false,
        }
    }
}

/// Why the client stopped, or why one poll failed.
#[derive(Debug)]
pub enum PollError {
    /// The URL is not `http://host:port[/prefix]`.
    BadUrl(String),
    /// The exchange failed (connection refused, cut, invalid answer): chapter
    /// 6's HTTP client says what went wrong.
    Http(HttpError),
    /// A 200 whose body is not the feed's JSON array.
    BadJson(String),
    /// The server answered with a status that is not part of the protocol.
    Status(u16, String),
}

impl fmt::Display for PollError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PollError::BadUrl(u) => write!(f, "{u:?} is not an http://HOST:PORT URL"),
            PollError::Http(e) => write!(f, "{e}"),
            PollError::BadJson(why) => write!(f, "invalid events in the answer: {why}"),
            PollError::Status(s, body) => write!(f, "unexpected status {s}: {}", body.trim()),
        }
    }
}

impl std::error::Error for PollError {}

impl PollError {
    /// Whether trying again could help: not for a bad URL or a 4xx refusal
    /// (except 408 and 429, which say "later").
    pub fn retryable(&self) -> bool {
        match self {
            PollError::BadUrl(_) => false,
            PollError::Http(_) | PollError::BadJson(_) => true,
            PollError::Status(s, _) => !(400..500).contains(s) || *s == 408 || *s == 429,
        }
    }
}

/// What happened, reported to the caller of [`PollClient::run`].
#[derive(Debug)]
pub enum Happened<'a> {
    /// The next event, in order, exactly once.
    Event(&'a Event),
    /// Events were lost: `from..=to` are no longer on the server (410), or the
    /// server skipped them. The client resumes after the gap.
    Gap {
        /// The first id lost.
        from: u64,
        /// The last id lost.
        to: u64,
    },
    /// A poll failed; the next attempt comes after `retry_in`.
    Error(&'a PollError, Duration),
}

/// The answer to one poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Polled {
    /// New events, in order, all after the cursor.
    Events(Vec<Event>),
    /// The server held the poll until its timeout: nothing new.
    Timeout,
    /// 410: events `after+1 ..= oldest-1` are gone; the cursor moved to `oldest-1`.
    Gone {
        /// The cursor we asked from.
        after: u64,
        /// The oldest id the server still has.
        oldest: u64,
    },
}

/// A long-polling client with its cursor.
pub struct PollClient {
    /// Where the feed is: host, port, and its path prefix as the target.
    url: HttpUrl,
    /// The path prefix without a trailing `/` (`""` at the root).
    prefix: String,
    config: ClientConfig,
    cursor: Option<u64>,
    /// `limit=` for the next poll: halved each time an answer is cut off in the
    /// middle, doubled back after each whole one (`None`: the server's maximum).
    limit: Option<usize>,
    conn: Option<Connection>,
    /// Polls sent.
    pub polls: u64,
    /// Connections opened.
    pub connects: u64,
}

impl PollClient {
    /// A client for the feed at `url` (`http://127.0.0.1:7011`, or with a path
    /// prefix the feed is mounted under), starting after event `after`
    /// (`None`: only events newer than the first poll).
    pub fn new(
        url: &str,
        after: Option<u64>,
        config: ClientConfig,
    ) -> Result<PollClient, PollError> {
        let parsed = HttpUrl::parse(url).map_err(|_| PollError::BadUrl(url.to_string()))?;
        // The client adds its own `/poll?…`: a query here would be lost.
        if parsed.target.contains('?') {
            return Err(PollError::BadUrl(url.to_string()));
        }
        Ok(PollClient {
            prefix: parsed.target.trim_end_matches('/').to_string(),
            url: parsed,
            config,
            cursor: after,
            limit: None,
            conn: None,
            polls: 0,
            connects: 0,
        })
    }

    /// The id of the last event received (or the cursor we were told to keep).
    pub fn cursor(&self) -> Option<u64> {
        self.cursor
    }

    fn request(&self) -> Vec<u8> {
        let timeout = self.config.poll_timeout.as_secs_f64();
        let cursor = if self.config.forget_cursor {
            None
        } else {
            self.cursor
        };
        let mut query = match cursor {
            Some(n) => format!("after={n}&timeout={timeout}"),
            None => format!("timeout={timeout}"),
        };
        if let Some(k) = self.limit {
            query.push_str(&format!("&limit={k}"));
        }
        request_head(
            "GET",
            &format!("{}/poll?{query}", self.prefix),
            &self.url.host_header(),
            &[("Accept", "application/json")],
        )
    }

    /// One exchange, retried once at once on a kept-alive connection that the
    /// server had closed while idle (that is not an error, just a race).
    fn exchange(&mut self) -> Result<FullResponse, HttpError> {
        let request = self.request();
        for attempt in 0..2 {
            let conn = match self.conn.as_mut() {
                Some(conn) => conn,
                None => {
                    let read_timeout = self.config.poll_timeout + self.config.read_slack;
                    let limits = ClientLimits {
                        max_body: self.config.max_body as u64,
                        ..ClientLimits::default()
                    };
                    let conn = Connection::connect(
                        &self.url.socket_addr(),
                        self.config.connect_timeout,
                        read_timeout,
                    )?
                    .with_limits(limits)
                    .with_trace(self.config.trace);
                    self.connects += 1;
                    self.conn.insert(conn)
                }
            };
            self.polls += 1;
            match conn.exchange(&request) {
                Ok((response, keep)) => {
                    if !keep {
                        self.conn = None;
                    }
                    return Ok(response);
                }
                Err(e) => {
                    self.conn = None;
                    let stale = matches!(
                        e,
                        HttpError::Closed {
                            mid_response: false,
                            reused: true
                        }
                    );
                    if !(stale && attempt == 0) {
                        return Err(e);
                    }
                }
            }
        }
        unreachable!("the loop returns on its second attempt")
    }

    // ANCHOR: poll_once
    /// Sends one poll and reads the whole answer. The cursor moves only here,
    /// after the answer is complete and valid.
    pub fn poll_once(&mut self) -> Result<Polled, PollError> {
        let response = match self.exchange() {
            Ok(r) => r,
            Err(e) => {
                if let HttpError::Closed {
                    mid_response: true, ..
                } = e
                {
                    // Cut off mid-answer: maybe the answer is too big for this link
                    // to deliver in one piece. Ask for half as many events next time.
                    self.limit = Some((self.limit.unwrap_or(FULL_BATCH) / 2).max(1));
                }
                return Err(PollError::Http(e));
            }
        };
        let header_cursor = response
            .header(CURSOR_HEADER)
            .and_then(|v| v.trim().parse::<u64>().ok());
        let text = String::from_utf8_lossy(&response.body);
        match response.status() {
            200 => {
                let events = json_read::parse_events(&text)
                    .map_err(|e| PollError::BadJson(e.to_string()))?;
                if let Some(last) = events.last() {
                    self.cursor = Some(last.id);
                }
                // A whole answer got through: grow the batch back.
                self.limit = self.limit.map(|k| k * 2).filter(|&k| k < FULL_BATCH);
                Ok(Polled::Events(events))
            }
            204 => {
                // A first poll without a cursor learns it here: polling "new only"
                // again would lose what is published between the two polls.
                if self.cursor.is_none() {
                    self.cursor = header_cursor;
                }
                Ok(Polled::Timeout)
            }
            410 => {
                let v = json_read::parse(&text).ok();
                let oldest = v.as_ref().and_then(|v| v.get("oldest")?.as_u64());
                let oldest = match (oldest, header_cursor) {
                    (Some(o), _) if o >= 1 => o,
                    (_, Some(c)) => c + 1,
                    _ => return Err(PollError::Status(410, text.into_owned())),
                };
                let after = self.cursor.unwrap_or(0);
                self.cursor = Some(oldest - 1);
                Ok(Polled::Gone { after, oldest })
            }
            s => Err(PollError::Status(s, text.into_owned())),
        }
    }
    // ANCHOR_END: poll_once

    // ANCHOR: run
    /// Polls until `on` returns false, reporting every event once, in order,
    /// every gap, and every error (after which it backs off and retries).
    /// Returns the error that made it stop, if one was not worth retrying.
    pub fn run(&mut self, mut on: impl FnMut(Happened<'_>) -> bool) -> Result<(), PollError> {
        let mut failures = 0u32;
        loop {
            let before = self.cursor;
            match self.poll_once() {
                Ok(Polled::Events(events)) => {
                    failures = 0;
                    let mut last = before;
                    for event in &events {
                        match last {
                            // Never twice: an id at or before the cursor was seen.
                            Some(l) if event.id <= l => continue,
                            // Never silently lost: a jump is reported.
                            Some(l)
                                if event.id > l + 1
                                    && !on(Happened::Gap {
                                        from: l + 1,
                                        to: event.id - 1,
                                    }) =>
                            {
                                return Ok(());
                            }
                            _ => {}
                        }
                        last = Some(event.id);
                        if !on(Happened::Event(event)) {
                            return Ok(());
                        }
                    }
                }
                Ok(Polled::Timeout) => failures = 0,
                Ok(Polled::Gone { after, oldest }) => {
                    failures = 0;
                    if oldest > after + 1
                        && !on(Happened::Gap {
                            from: after + 1,
                            to: oldest - 1,
                        })
                    {
                        return Ok(());
                    }
                }
                Err(e) => {
                    if !e.retryable() {
                        return Err(e);
                    }
                    let wait = self.backoff(failures);
                    failures = failures.saturating_add(1);
                    if !on(Happened::Error(&e, wait)) {
                        return Ok(());
                    }
                    std::thread::sleep(wait);
                }
            }
        }
    }
    // ANCHOR_END: run

    /// `backoff_min × 2^failures`, capped, with ±25 % jitter so that clients cut
    /// off together do not all come back in the same millisecond.
    fn backoff(&self, failures: u32) -> Duration {
        let base = self
            .config
            .backoff_min
            .saturating_mul(1u32 << failures.min(16))
            .min(self.config.backoff_max);
        base.mul_f64(rand::rng().random_range(0.75..1.25))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let ok = |u: &str| {
            let c = PollClient::new(u, None, ClientConfig::default()).unwrap();
            (c.url.socket_addr(), c.prefix)
        };
        assert_eq!(
            ok("http://127.0.0.1:7011"),
            ("127.0.0.1:7011".into(), "".into())
        );
        assert_eq!(ok("http://h:1/feed/"), ("h:1".into(), "/feed".into()));
        assert_eq!(ok("http://example"), ("example:80".into(), "".into()));
        assert_eq!(ok("http://[::1]:7011/"), ("[::1]:7011".into(), "".into()));
        let bad = |u: &str| PollClient::new(u, None, ClientConfig::default()).is_err();
        assert!(bad("https://h:1"));
        assert!(bad("http://h:1/poll?after=1"));
        // The request: the prefix, the cursor, Host without the default port.
        let c = PollClient::new("http://example/feed", Some(4), ClientConfig::default()).unwrap();
        let req = String::from_utf8(c.request()).unwrap();
        assert!(
            req.starts_with("GET /feed/poll?after=4&timeout=25 HTTP/1.1\r\nHost: example\r\n"),
            "{req}"
        );
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let c = PollClient::new("http://h:1", None, ClientConfig::default()).unwrap();
        let b0 = c.backoff(0);
        assert!(b0 >= Duration::from_millis(75) && b0 <= Duration::from_millis(125));
        assert!(c.backoff(3) >= Duration::from_millis(600));
        assert!(c.backoff(30) <= Duration::from_millis(6250));
    }
}

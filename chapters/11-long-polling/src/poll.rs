//! `GET /poll?after=N&timeout=S`: what to answer, with no I/O.
//!
//! The decision a long-poll server makes for each request, and again each time
//! a held request is woken:
//!
//! ```text
//!   feed.after(N) ──┬── Gone            → 410 {"error":"gone","after":N,"oldest":O,"latest":L}
//!                   ├── some events     → 200 [{"id":…,"data":"…"},…]   (at most one batch)
//!                   └── none yet        → hold; timeout → 204
//! ```
//!
//! Every answer carries `Feed-Last-Id`, the cursor to poll from next: the last
//! id in a 200, the cursor the server used for a 204. A client that polled
//! without `after` ("only what is new") learns its cursor from it, so even its
//! second poll loses nothing.

use std::time::{Duration, Instant};

use ch06_http_server::encode::Answering;
use ch06_http_server::query::Query;
use ch06_http_server::request::Request;
use ch06_http_server::response::Response;

use crate::feed::{Feed, Gone};
use crate::json;

/// The header that tells a client where its cursor now is.
pub const CURSOR_HEADER: &str = "Feed-Last-Id";

/// Limits and defaults of the `/poll` endpoint.
#[derive(Debug, Clone, Copy)]
pub struct PollLimits {
    /// How long a request is held when it names no `timeout` (25 s: below the
    /// 30–60 s idle limits common in proxies and load balancers).
    pub default_timeout: Duration,
    /// The longest `timeout` a client may ask for.
    pub max_timeout: Duration,
    /// Events per answer at most; the client polls again at once for the rest.
    pub max_batch: usize,
    /// Body bytes per answer, roughly: a batch stops growing past this (it
    /// always holds at least one event).
    pub max_batch_bytes: usize,
}

impl Default for PollLimits {
    fn default() -> PollLimits {
        PollLimits {
            default_timeout: Duration::from_secs(25),
            max_timeout: Duration::from_secs(120),
            max_batch: 100,
            max_batch_bytes: 256 * 1024,
        }
    }
}

/// A `/poll` request's parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PollQuery {
    /// The client's cursor; `None` means "only events newer than this request".
    pub after: Option<u64>,
    /// How long to hold the request when nothing is there yet.
    pub timeout: Duration,
    /// `limit=K`: at most K events in the answer (never more than `max_batch`).
    /// A client whose connection keeps being cut mid-answer asks for smaller ones.
    pub limit: Option<usize>,
}

impl PollQuery {
    /// The server's limits, narrowed by this request's `limit`.
    pub fn limits(&self, base: &PollLimits) -> PollLimits {
        PollLimits {
            max_batch: self.limit.map_or(base.max_batch, |k| k.min(base.max_batch)),
            ..*base
        }
    }
}

/// Reads `after` and `timeout` from a query string; the error is the 400's text.
pub fn parse_query(query: &Query, limits: &PollLimits) -> Result<PollQuery, String> {
    let after = match query.parsed::<u64>("after") {
        None => None,
        Some(Ok(n)) => Some(n),
        Some(Err(_)) => return Err("after must be an event id: 0 or a positive integer".into()),
    };
    let timeout = match query.parsed::<f64>("timeout") {
        None => limits.default_timeout,
        Some(Ok(s)) if (0.0..=limits.max_timeout.as_secs_f64()).contains(&s) => {
            Duration::from_secs_f64(s)
        }
        Some(_) => {
            return Err(format!(
                "timeout must be a number of seconds from 0 to {}",
                limits.max_timeout.as_secs_f64()
            ));
        }
    };
    let limit = match query.parsed::<usize>("limit") {
        None => None,
        Some(Ok(k)) if k >= 1 => Some(k),
        Some(_) => return Err("limit must be a positive number of events".into()),
    };
    Ok(PollQuery {
        after,
        timeout,
        limit,
    })
}

// ANCHOR: held
/// One `/poll` being answered, declared once for every server that holds
/// polls (this chapter's and chapter 13's): its cursor, its batch limits, how
/// to encode the answer, and when to give up with 204.
#[derive(Debug, Clone, Copy)]
pub struct Held {
    /// The client's cursor (no `after`: the newest id when the poll arrived).
    pub after: u64,
    /// This request's limits (its `limit=` narrows the batch).
    pub limits: PollLimits,
    /// How to encode the answer (HTTP version, HEAD, keep-alive).
    pub to: Answering,
    /// When the hold ends with 204.
    pub until: Instant,
}

impl Held {
    /// Reads `after`, `timeout` and `limit` from a `/poll` request arriving at
    /// `now`: the poll, or the 400 to answer.
    pub fn start(
        req: &Request,
        feed: &Feed,
        base: &PollLimits,
        now: Instant,
    ) -> Result<Held, Response> {
        let q = parse_query(&req.query(), base).map_err(|why| Response::error(400, &why))?;
        Ok(Held {
            // No cursor: "only what is newer than this request".
            after: q.after.unwrap_or(feed.latest_id()),
            limits: q.limits(base),
            to: req.answering(),
            until: now + q.timeout,
        })
    }

    /// What to answer now (200 with events, 410 for a gap), or `None`:
    /// nothing yet, stay held.
    pub fn answer(&self, feed: &Feed) -> Option<Response> {
        answer(feed, self.after, &self.limits)
    }

    /// The timeout passed with nothing new: 204, poll again from the same cursor.
    pub fn timed_out(&self) -> Response {
        timeout_response(self.after)
    }
}
// ANCHOR_END: held

// ANCHOR: answer
/// The answer to a poll from cursor `after` right now, or `None`: nothing yet, hold it.
pub fn answer(feed: &Feed, after: u64, limits: &PollLimits) -> Option<Response> {
    let events = match feed.after(after) {
        Err(gone) => return Some(gone_response(&gone)),
        Ok(events) if events.len() == 0 => return None,
        Ok(events) => events,
    };
    // One batch: at most max_batch events and about max_batch_bytes of JSON.
    let mut body = String::from("[");
    let mut last = after;
    for (i, event) in events.take(limits.max_batch.max(1)).enumerate() {
        if i > 0 {
            if body.len() >= limits.max_batch_bytes {
                break;
            }
            body.push(',');
        }
        json::event_into(&mut body, event);
        last = event.id;
    }
    body.push(']');
    Some(with_cursor(Response::json(200, body), last))
}
// ANCHOR_END: answer

/// 204: the timeout passed with nothing new. Poll again from `after`.
pub fn timeout_response(after: u64) -> Response {
    let mut response = Response::new(204, "", "");
    response.headers.clear(); // no content, so no Content-Type either
    with_cursor(response, after)
}

/// 410 with what the client needs to resume: the oldest id still available.
pub fn gone_response(gone: &Gone) -> Response {
    let body = format!(
        "{{\"error\":\"gone\",\"after\":{},\"oldest\":{},\"latest\":{},\"message\":{}}}",
        gone.after,
        gone.oldest,
        gone.latest,
        json::string(&gone.to_string())
    );
    with_cursor(Response::json(410, body), gone.resume_after())
}

/// Adds the cursor header, and forbids caching: every poll must reach us.
fn with_cursor(response: Response, cursor: u64) -> Response {
    response
        .with_header(CURSOR_HEADER, &cursor.to_string())
        .with_header("Cache-Control", "no-store")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ch06_http_server::response::Body;

    fn body(r: &Response) -> String {
        match &r.body {
            Body::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            Body::Chunks(_) | Body::File { .. } => panic!("not bytes"),
        }
    }

    #[test]
    fn queries() {
        let l = PollLimits::default();
        let q = |s: &str| parse_query(&Query::parse(s), &l);
        assert_eq!(
            q("after=3&timeout=0.5"),
            Ok(PollQuery {
                after: Some(3),
                timeout: Duration::from_millis(500),
                limit: None,
            })
        );
        let q5 = q("limit=5").unwrap();
        assert_eq!(q5.limits(&l).max_batch, 5);
        assert_eq!(
            q("limit=500").unwrap().limits(&l).max_batch,
            100,
            "never above the server's"
        );
        assert!(q("limit=0").is_err());
        assert_eq!(q("").unwrap().after, None);
        assert_eq!(q("").unwrap().timeout, Duration::from_secs(25));
        assert!(q("after=-1").is_err());
        assert!(q("after=x").is_err());
        assert!(q("timeout=121").is_err());
        assert!(q("timeout=NaN").is_err());
    }

    #[test]
    fn answers() {
        let limits = PollLimits {
            max_batch: 2,
            ..PollLimits::default()
        };
        let mut feed = Feed::new(3);
        assert!(answer(&feed, 0, &limits).is_none());
        for d in ["a", "b", "c\"", "d"] {
            feed.publish(d);
        }
        // History keeps 2..=4; a batch holds 2.
        let r = answer(&feed, 1, &limits).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(body(&r), r#"[{"id":2,"data":"b"},{"id":3,"data":"c\""}]"#);
        assert_eq!(r.header(CURSOR_HEADER), Some("3"));
        let r = answer(&feed, 3, &limits).unwrap();
        assert_eq!(body(&r), r#"[{"id":4,"data":"d"}]"#);
        assert!(answer(&feed, 4, &limits).is_none());
        let r = answer(&feed, 0, &limits).unwrap();
        assert_eq!(r.status, 410);
        assert!(body(&r).starts_with(r#"{"error":"gone","after":0,"oldest":2,"latest":4,"#));
        assert_eq!(r.header(CURSOR_HEADER), Some("1"));
        assert_eq!(timeout_response(4).status, 204);
    }

    #[test]
    fn a_batch_stops_growing_past_its_byte_limit() {
        let limits = PollLimits {
            max_batch_bytes: 10,
            ..PollLimits::default()
        };
        let mut feed = Feed::new(10);
        feed.publish("x".repeat(50));
        feed.publish("y");
        let r = answer(&feed, 0, &limits).unwrap();
        assert_eq!(
            r.header(CURSOR_HEADER),
            Some("1"),
            "one big event per batch"
        );
    }
}

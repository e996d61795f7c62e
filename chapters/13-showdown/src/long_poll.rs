//! Long polling, with chapter 11's rules: `GET /poll?after=N[&timeout=S]`.
//!
//! - events with id > N exist: 200 and a JSON array of them at once (at most
//!   `max_batch`; the client asks again right away for the rest);
//! - none yet: the request is *held* (parked in the waiters, a timer set) until
//!   a publish wakes it (200) or the timeout passes (204);
//! - event N+1 was dropped from the history: 410 and where to resume — a
//!   client is never handed a silent gap;
//! - no `after`: only events newer than the request.

use std::time::{Duration, Instant};

use ch06_http_server::encode::Answering;
use ch06_http_server::request::Request;
use ch06_http_server::response::Response;
use ch07_event_loop::Cx;
use ch11_long_polling::json;

use crate::service::{Counters, Showdown};

/// A held `/poll`.
pub(crate) struct Held {
    /// The client's cursor.
    pub(crate) after: u64,
    /// When to give up with 204.
    pub(crate) until: Instant,
    /// How to encode the answer (HTTP version, keep-alive).
    pub(crate) to: Answering,
}

/// Reads `after` and `timeout` from a `/poll` request: the hold, or the
/// 400 to answer.
pub(crate) fn start(svc: &Showdown, cx: &Cx<'_>, req: &Request) -> Result<Held, Response> {
    let q = req.query();
    let after = match q.parsed::<u64>("after") {
        None => svc.feed.latest_id(),
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            return Err(Response::error(
                400,
                "after must be an event id (0 or more)",
            ));
        }
    };
    let timeout = match q.parsed::<f64>("timeout") {
        None => svc.options.poll_timeout,
        Some(Ok(s)) if s.is_finite() && s >= 0.0 => {
            Duration::from_secs_f64(s).min(svc.options.max_poll)
        }
        Some(_) => return Err(Response::error(400, "timeout must be a number of seconds")),
    };
    Ok(Held {
        after,
        until: cx.now() + timeout,
        to: req.answering(),
    })
}

// ANCHOR: answer
/// What to answer a held poll now: 200 with events, 410 for a gap, or
/// `None` (nothing yet: stay parked).
pub(crate) fn answer(svc: &Showdown, held: &Held) -> Option<(Response, Answering)> {
    let response = match svc.feed.after(held.after) {
        Ok(events) => {
            let batch: Vec<_> = events.take(svc.options.max_batch).collect();
            if batch.is_empty() {
                return None;
            }
            Response::json(200, json::events(batch))
        }
        Err(gone) => {
            Counters::bump(&svc.counters.requests);
            Response::json(
                410,
                format!(
                    "{{\"error\":{},\"oldest\":{},\"latest\":{}}}",
                    json::string(&gone.to_string()),
                    gone.oldest,
                    gone.latest
                ),
            )
        }
    };
    Some((response.with_header("Cache-Control", "no-store"), held.to))
}
// ANCHOR_END: answer

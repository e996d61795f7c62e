//! Long polling, with chapter 11's rules and chapter 11's code:
//! `GET /poll?after=N[&timeout=S][&limit=K]`.
//!
//! Chapter 11's [`poll`](ch11_long_polling::poll) module decides every answer
//! without doing I/O, and its [`Held`] is the held request; this file only
//! holds it on our loop:
//!
//! - events with id > N exist: 200 and a JSON array of them at once (one
//!   batch; the client asks again right away for the rest);
//! - none yet: the request is *held* (parked in the waiters, a timer set) until
//!   a publish wakes it (200) or the timeout passes (204);
//! - event N+1 was dropped from the history: 410 and where to resume — a
//!   client is never handed a silent gap;
//! - no `after`: only events newer than the request.
//!
//! Every answer carries `Feed-Last-Id`, the cursor to poll from next.

use ch06_http_server::encode::Answering;
use ch06_http_server::request::Request;
use ch06_http_server::response::Response;
use std::time::Instant;

pub(crate) use ch11_long_polling::poll::Held;

use crate::service::ShowdownService;

/// Reads `after`, `timeout` and `limit` from a `/poll` request: the hold, or
/// the 400 to answer.
pub(crate) fn start(svc: &ShowdownService, now: Instant, req: &Request) -> Result<Held, Response> {
    Held::start(req, &svc.feed, &svc.options.poll, now)
}

// ANCHOR: answer
/// What to answer a held poll now (200 with events, 410 for a gap), or
/// `None`: nothing yet, stay parked.
pub(crate) fn answer(svc: &ShowdownService, held: &Held) -> Option<(Response, Answering)> {
    held.answer(&svc.feed).map(|r| (r, held.to))
}

/// The timeout passed with nothing new: 204, poll again from the same cursor.
pub(crate) fn timed_out(held: &Held) -> (Response, Answering) {
    (held.timed_out(), held.to)
}
// ANCHOR_END: answer

//! Short polling: `GET /state` answers at once with the newest position.
//!
//! The page asks every second. Between two polls the taxi published ten
//! positions; the poll sees only the last one. That is the nature of short
//! polling: it samples, it does not deliver every event (the panel counts the
//! skipped ids), and an update waits on average half a polling interval.

use ch06_http_server::response::Response;

use crate::service::{Counters, ShowdownService};

// ANCHOR: state
/// `GET /state`: `{"id":N,"data":"<position>","latest":M}`: the newest
/// position event and its id, and the newest id of the feed (a message may be
/// newer than the position). Before the first position: `{"id":0,...,"latest":M}`.
pub fn state(svc: &ShowdownService) -> Response {
    Counters::bump(&svc.counters.states);
    let (id, data) = match &svc.latest_position {
        Some((id, data)) => (*id, data.as_str()),
        None => (0, ""),
    };
    let body = format!(
        "{{\"id\":{id},\"data\":{},\"latest\":{}}}",
        ch11_long_polling::json::string(data),
        svc.feed.latest_id()
    );
    // A poll must reach the server every time: never cached (RFC 9111 §5.2.2.5).
    Response::json(200, body).with_header("Cache-Control", "no-store")
}
// ANCHOR_END: state

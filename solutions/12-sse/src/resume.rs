//! Exercise: where does a stream start?
//!
//! A client may say where it is in two ways: the `Last-Event-ID` header (sent
//! by an `EventSource` when it reconnects) and `?after=N` in the URL (chosen
//! by the page). The header wins: a reconnecting `EventSource` requests the
//! very same URL again, old `?after=` included, so only the header is current.

/// A request that names no valid place to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartError {
    /// `Last-Event-ID` is not a number.
    BadLastEventId,
    /// `?after=` is not a number.
    BadAfter,
}

/// The id the stream starts after: `Last-Event-ID` if present and not blank,
/// else `after`, else `latest` (only events published from now on).
pub fn start_after(
    last_event_id: Option<&str>,
    after: Option<&str>,
    latest: u64,
) -> Result<u64, StartError> {
    // A blank header means "no last event id" (EventSource only sends it when
    // it has one, but a hand-written client may send it empty).
    if let Some(id) = last_event_id.map(str::trim).filter(|id| !id.is_empty()) {
        return id.parse().map_err(|_| StartError::BadLastEventId);
    }
    match after {
        Some(n) => n.parse().map_err(|_| StartError::BadAfter),
        None => Ok(latest),
    }
}

//! Exercise: the client's side of "nothing lost, nothing twice".
//!
//! A long-poll client keeps a cursor: the id of the last event it showed. An
//! answer may repeat events it already has (it asked again after a cut) or skip
//! some (the server lost them). Show each event once, and say loudly what is
//! missing instead of hiding it.

/// One event as the client receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Its id in the feed.
    pub id: u64,
    /// The message.
    pub data: String,
}

/// What one answer brings.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Taken {
    /// The events to show, in order, each newer than the cursor was.
    pub fresh: Vec<Event>,
    /// Ranges of ids that are missing, `(first, last)`, in order.
    pub gaps: Vec<(u64, u64)>,
}

/// Takes the events of `batch` (in increasing id order) that are newer than
/// `*cursor`, records any ids skipped between them as gaps, and moves `*cursor`
/// to the last event taken.
pub fn take_new(cursor: &mut u64, batch: Vec<Event>) -> Taken {
    // TODO: for each event: skip it if id <= *cursor; note a gap if id > *cursor + 1;
    // TODO: keep it and move the cursor.
    let _ = (cursor, batch);
    todo!("take_new: skip repeats, report gaps, move the cursor (see the doc comment)")
}

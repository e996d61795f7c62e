//! The stream table: the live streams, the highest id the client has used,
//! and the ids we reset lately.
//!
//! A stream id says a lot by itself (§5.1.1): above the highest id used, a
//! stream is *idle*; at or below it and not in the table, it is *closed*.
//! Closed streams are forgotten, except that we remember the last few we
//! reset ourselves: the client may have sent frames on them before our
//! RST_STREAM arrived, and those must be quietly discarded (§5.1, "closed"),
//! not answered with another error.

use std::collections::{HashMap, VecDeque};

use super::stream::Stream;
use crate::frame::StreamId;

/// How many of our recent resets we remember. Past this, a late frame on an
/// old reset stream is answered STREAM_CLOSED, which is harmless.
const RECENT_RESETS: usize = 256;

/// What an id means now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// A live stream: in the table.
    Live,
    /// Never used: above every id the client has opened.
    Idle,
    /// Used and finished. `reset_by_us`: we reset it lately, so frames the
    /// client sent before it knew are expected and discarded.
    Closed {
        /// We sent RST_STREAM on it lately.
        reset_by_us: bool,
    },
}

/// One connection's streams.
#[derive(Debug, Default)]
pub struct Streams {
    live: HashMap<StreamId, Stream>,
    last: StreamId,
    recent_resets: VecDeque<StreamId>,
}

impl Streams {
    /// What `id` is.
    pub fn lookup(&self, id: StreamId) -> Lookup {
        if self.live.contains_key(&id) {
            Lookup::Live
        } else if id > self.last {
            Lookup::Idle
        } else {
            Lookup::Closed {
                reset_by_us: self.recent_resets.contains(&id),
            }
        }
    }

    /// The highest id the client has used.
    pub fn last(&self) -> StreamId {
        self.last
    }

    /// Records that the client used `id` (above every earlier one): every
    /// lower idle id is closed now (§5.1.1).
    pub fn used(&mut self, id: StreamId) {
        self.last = self.last.max(id);
    }

    /// Adds a live stream.
    pub fn insert(&mut self, id: StreamId, stream: Stream) {
        self.used(id);
        self.live.insert(id, stream);
    }

    /// The live stream `id`.
    pub fn get_mut(&mut self, id: StreamId) -> Option<&mut Stream> {
        self.live.get_mut(&id)
    }

    /// The live stream `id`.
    pub fn get(&self, id: StreamId) -> Option<&Stream> {
        self.live.get(&id)
    }

    /// Forgets `id` (it closed).
    pub fn remove(&mut self, id: StreamId) -> Option<Stream> {
        self.live.remove(&id)
    }

    /// Remembers that we reset `id`.
    pub fn note_reset(&mut self, id: StreamId) {
        if self.recent_resets.len() == RECENT_RESETS {
            self.recent_resets.pop_front();
        }
        self.recent_resets.push_back(id);
    }

    /// How many streams are open or half-closed: what
    /// SETTINGS_MAX_CONCURRENT_STREAMS counts (§5.1.2).
    pub fn active(&self) -> usize {
        self.live.len()
    }

    /// Every live stream, in no particular order.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&StreamId, &mut Stream)> {
        self.live.iter_mut()
    }

    /// Forgets every stream (the connection failed).
    pub fn clear(&mut self) {
        self.live.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conn::stream::State;

    #[test]
    fn ids_say_idle_live_or_closed() {
        let mut s = Streams::default();
        assert_eq!(s.lookup(1), Lookup::Idle);
        s.insert(5, Stream::new(State::Open, 100, 100));
        assert_eq!(s.lookup(5), Lookup::Live);
        // Skipped ids are closed (§5.1.1), higher ones still idle.
        assert_eq!(s.lookup(3), Lookup::Closed { reset_by_us: false });
        assert_eq!(s.lookup(7), Lookup::Idle);
        s.remove(5);
        s.note_reset(5);
        assert_eq!(s.lookup(5), Lookup::Closed { reset_by_us: true });
        for id in (101..).step_by(2).take(RECENT_RESETS) {
            s.note_reset(id);
        }
        assert_eq!(
            s.lookup(5),
            Lookup::Closed { reset_by_us: false },
            "only the latest are kept"
        );
    }
}

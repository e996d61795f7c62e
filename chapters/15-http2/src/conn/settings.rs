//! The SETTINGS exchange (RFC 9113 §6.5): what the peer told us, and whether
//! it has acknowledged what we told it.
//!
//! Each side states what *it* accepts, the other obeys. Our values bind the
//! client only once it has acknowledged them (§6.5.3), so our decoder keeps
//! the protocol's defaults until then: a client may legitimately send a
//! frame of 16,384 octets, or use a 4,096-octet table, before our SETTINGS
//! reach it.

use std::time::Instant;

use crate::frame::settings::{DEFAULT_INITIAL_WINDOW_SIZE, DEFAULT_MAX_FRAME_SIZE};
use crate::frame::{Setting, SettingId};
use crate::hpack::DEFAULT_TABLE_SIZE;

/// The client's settings, as they stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeerSettings {
    /// Its HPACK decoder's table: our encoder may use this much.
    pub header_table_size: u32,
    /// Each of our streams' initial send window.
    pub initial_window_size: u32,
    /// The largest frame payload it accepts from us.
    pub max_frame_size: u32,
    /// The header list it is prepared to accept (advisory, §6.5.2).
    pub max_header_list_size: Option<u32>,
}

impl Default for PeerSettings {
    fn default() -> PeerSettings {
        PeerSettings {
            header_table_size: DEFAULT_TABLE_SIZE as u32,
            initial_window_size: DEFAULT_INITIAL_WINDOW_SIZE,
            max_frame_size: DEFAULT_MAX_FRAME_SIZE,
            max_header_list_size: None,
        }
    }
}

/// What applying one SETTINGS frame changed that the connection must act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Changed {
    /// New initial window minus old: every open stream's send window moves by it (§6.9.2).
    pub window_delta: i64,
    /// A new HPACK table size for our encoder.
    pub table_size: Option<u32>,
}

impl PeerSettings {
    /// Applies `params` in order (a later value replaces an earlier one, §6.5).
    /// Their ranges were checked by the codec; unknown ones are ignored (§6.5.2).
    /// MAX_CONCURRENT_STREAMS and ENABLE_PUSH bind streams *we* would open,
    /// and we open none.
    pub fn apply(&mut self, params: &[Setting]) -> Changed {
        let before = *self;
        for p in params {
            match p.id {
                SettingId::HEADER_TABLE_SIZE => self.header_table_size = p.value,
                SettingId::INITIAL_WINDOW_SIZE => self.initial_window_size = p.value,
                SettingId::MAX_FRAME_SIZE => self.max_frame_size = p.value,
                SettingId::MAX_HEADER_LIST_SIZE => self.max_header_list_size = Some(p.value),
                _ => {}
            }
        }
        let table_seen = params.iter().any(|p| p.id == SettingId::HEADER_TABLE_SIZE);
        Changed {
            window_delta: i64::from(self.initial_window_size)
                - i64::from(before.initial_window_size),
            table_size: table_seen.then_some(self.header_table_size),
        }
    }
}

/// Our SETTINGS on their way: sent at `sent`, not acknowledged yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unacked {
    /// When we sent them.
    pub sent: Instant,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_value_wins_and_the_window_moves_by_the_difference() {
        let mut peer = PeerSettings::default();
        let changed = peer.apply(&[
            Setting::new(SettingId::INITIAL_WINDOW_SIZE, 1),
            Setting::new(SettingId::INITIAL_WINDOW_SIZE, 100_000),
            Setting::new(SettingId(0xfafa), 7),
        ]);
        assert_eq!(changed.window_delta, 100_000 - 65_535);
        assert_eq!(changed.table_size, None);
        assert_eq!(peer.initial_window_size, 100_000);
    }
}

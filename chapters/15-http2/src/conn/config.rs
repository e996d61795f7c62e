//! What one HTTP/2 connection allows its peer, and what it announces.
//!
//! Every buffer a client can grow has a bound here, and every kind of frame a
//! client can send at will has a rate. The defaults fit browsers, curl,
//! nghttp and h2load (the tests run all four); a server's flags can change them.

use std::time::Duration;

use crate::frame::settings::{DEFAULT_INITIAL_WINDOW_SIZE, DEFAULT_MAX_FRAME_SIZE};
use crate::frame::{Setting, SettingId};
use crate::hpack::{DEFAULT_MAX_HEADER_LIST_SIZE, DEFAULT_TABLE_SIZE};

/// At most `count` events per `per`, counted in fixed intervals: the first
/// event starts an interval, and the count starts again after it. A burst
/// that straddles two intervals can reach twice the count, which is fine for
/// telling an abusive peer (thousands a second) from an honest one (a few).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// How many events are allowed per interval.
    pub count: u32,
    /// The interval.
    pub per: Duration,
}

impl Rate {
    /// `count` per `per`.
    pub const fn new(count: u32, per: Duration) -> Rate {
        Rate { count, per }
    }
}

/// One connection's settings and limits (the server's side).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct H2Config {
    /// SETTINGS_MAX_CONCURRENT_STREAMS: requests in progress at once. A HEADERS
    /// past it is refused with REFUSED_STREAM, which a client retries (§5.1.2, §8.7).
    pub max_concurrent_streams: u32,
    /// SETTINGS_INITIAL_WINDOW_SIZE: how many body octets a client may send on
    /// one stream before we have read them (our receive window per stream).
    /// At least 65,535, the value before our SETTINGS arrive, so that the
    /// change never shrinks a window already in use (§6.9.3).
    pub initial_window_size: u32,
    /// Our receive window for the whole connection, announced with a
    /// WINDOW_UPDATE on stream 0 right after our SETTINGS.
    pub connection_window: u32,
    /// SETTINGS_MAX_FRAME_SIZE: the largest frame payload we accept.
    pub max_frame_size: u32,
    /// SETTINGS_HEADER_TABLE_SIZE: the HPACK table our decoder keeps.
    pub header_table_size: u32,
    /// SETTINGS_MAX_HEADER_LIST_SIZE: past it a request gets 431 (RFC 9113
    /// §10.5.1), and the connection goes on.
    pub max_header_list_size: u32,
    /// The largest field block (HEADERS + CONTINUATIONs) we buffer before
    /// HPACK can decode it: the CONTINUATION flood's bound.
    pub max_field_block: usize,
    /// How long the client has to acknowledge our SETTINGS (§6.5.3).
    pub settings_timeout: Duration,
    /// How long a graceful shutdown waits for the PING that follows its first
    /// GOAWAY before sending the final one.
    pub goaway_timeout: Duration,
    /// Octets queued on one stream and not yet framed (its window is closed, or
    /// its turn has not come). Past it [`send_data`](super::H2Conn::send_data)
    /// refuses more, and the caller applies its slow-consumer policy.
    pub max_send_queue: usize,
    /// Octets of output the transport has not taken yet (ACKs, RST_STREAMs,
    /// response heads). A peer that sends PINGs or SETTINGS but never reads
    /// would grow it without end: past this, GOAWAY ENHANCE_YOUR_CALM.
    pub max_output_backlog: usize,
    /// Streams reset early: by the client (RST_STREAM on a stream still in
    /// progress) or by us for its errors. The "rapid reset" attack of 2023
    /// (CVE-2023-44487) opens and cancels streams as fast as it can.
    pub max_resets: Rate,
    /// Frames that do no work: DATA with no octets and no END_STREAM, HEADERS
    /// and CONTINUATION with no octets and no END_HEADERS, PRIORITY, SETTINGS
    /// and PING ACKs nobody asked for, unknown types, RST_STREAM on a finished
    /// stream, HEADERS on a stream we reset, every GOAWAY after the first
    /// (CVE-2019-9518 and kin).
    pub max_empty_frames: Rate,
    /// Frames a peer may send at will that we must act on: SETTINGS, PING and
    /// WINDOW_UPDATE (CVE-2019-9512, -9515).
    pub max_control_frames: Rate,
    /// Announce SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441: WebSocket over
    /// HTTP/2) and accept `:protocol` in CONNECT requests.
    pub enable_connect_protocol: bool,
}

impl Default for H2Config {
    fn default() -> H2Config {
        H2Config {
            max_concurrent_streams: 100,
            initial_window_size: DEFAULT_INITIAL_WINDOW_SIZE,
            connection_window: 1 << 20,
            max_frame_size: DEFAULT_MAX_FRAME_SIZE,
            header_table_size: DEFAULT_TABLE_SIZE as u32,
            max_header_list_size: DEFAULT_MAX_HEADER_LIST_SIZE as u32,
            max_field_block: crate::frame::field_block::DEFAULT_MAX_FIELD_BLOCK,
            settings_timeout: Duration::from_secs(10),
            goaway_timeout: Duration::from_secs(1),
            max_send_queue: 64 * 1024,
            max_output_backlog: 256 * 1024,
            max_resets: Rate::new(200, Duration::from_secs(10)),
            max_empty_frames: Rate::new(200, Duration::from_secs(10)),
            max_control_frames: Rate::new(10_000, Duration::from_secs(10)),
            enable_connect_protocol: false,
        }
    }
}

impl H2Config {
    // ANCHOR: our_settings
    /// The SETTINGS frame's parameters: only those that differ from the
    /// protocol's defaults (§6.5.2), except the two a server always states.
    pub fn settings(&self) -> Vec<Setting> {
        let mut params = vec![
            Setting::new(
                SettingId::MAX_CONCURRENT_STREAMS,
                self.max_concurrent_streams,
            ),
            Setting::new(SettingId::MAX_HEADER_LIST_SIZE, self.max_header_list_size),
        ];
        let differs = [
            (
                SettingId::HEADER_TABLE_SIZE,
                self.header_table_size,
                DEFAULT_TABLE_SIZE as u32,
            ),
            (
                SettingId::INITIAL_WINDOW_SIZE,
                self.initial_window_size,
                DEFAULT_INITIAL_WINDOW_SIZE,
            ),
            (
                SettingId::MAX_FRAME_SIZE,
                self.max_frame_size,
                DEFAULT_MAX_FRAME_SIZE,
            ),
        ];
        for (id, value, default) in differs {
            if value != default {
                params.push(Setting::new(id, value));
            }
        }
        if self.enable_connect_protocol {
            params.push(Setting::new(SettingId::ENABLE_CONNECT_PROTOCOL, 1));
        }
        params
    }
    // ANCHOR_END: our_settings

    /// The configuration with every value brought into its legal range: a
    /// frame size of 16,384 to 2^24-1, windows of 65,535 to 2^31-1.
    pub fn clamped(mut self) -> H2Config {
        use crate::frame::header::MAX_31_BIT;
        use crate::frame::settings::MAX_FRAME_SIZE_LIMIT;
        self.max_frame_size = self
            .max_frame_size
            .clamp(DEFAULT_MAX_FRAME_SIZE, MAX_FRAME_SIZE_LIMIT);
        self.initial_window_size = self
            .initial_window_size
            .clamp(DEFAULT_INITIAL_WINDOW_SIZE, MAX_31_BIT);
        self.connection_window = self
            .connection_window
            .clamp(DEFAULT_INITIAL_WINDOW_SIZE, MAX_31_BIT);
        self
    }
}

//! Exercise: one stream's send window (RFC 9113 §6.9).
//!
//! Flow control is credit. The receiver grants each stream a window (the
//! peer's SETTINGS_INITIAL_WINDOW_SIZE, 65,535 until it says otherwise) and
//! renews it with WINDOW_UPDATE frames; the sender spends it on DATA and waits
//! when it runs out. That is how one slow download cannot fill the server's
//! memory, nor stall the other streams of the connection.
//!
//! Three rules make this more than a counter:
//!
//! - A window may never pass 2^31-1 (§6.9.1): an update that would take it
//!   there is the peer's FLOW_CONTROL_ERROR, and the window stays as it was.
//! - An increment of 0 is a PROTOCOL_ERROR (§6.9).
//! - When the peer changes SETTINGS_INITIAL_WINDOW_SIZE, every open stream's
//!   window moves by the difference, and may go *negative*: §6.9.2's example
//!   is a client that sent 60 KB before the server lowered the setting to
//!   16 KB. Nothing can be sent until updates bring it above zero again.
//!   (The connection's own window is changed only by WINDOW_UPDATE.)

/// The largest a window may be: 2^31-1 (§6.9.1).
pub const MAX_WINDOW: i64 = (1 << 31) - 1;

/// Every window starts at 65,535 until SETTINGS say otherwise (§6.5.2).
pub const DEFAULT_WINDOW: u32 = 65_535;

/// What the peer did wrong, named after the error code it earns (§7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowError {
    /// A WINDOW_UPDATE with an increment of 0 (§6.9).
    ProtocolError,
    /// The window would pass 2^31-1 (§6.9.1, §6.9.2).
    FlowControlError,
}

/// How many DATA octets we may still send on one stream: the credit the peer
/// gave us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendWindow {
    /// Signed and wider than 31 bits: a SETTINGS change can push it below zero
    /// (§6.9.2), and a sum past 2^31-1 must be seen before it is refused.
    value: i64,
}

impl SendWindow {
    /// A window of `initial` octets (SETTINGS_INITIAL_WINDOW_SIZE).
    pub fn new(initial: u32) -> SendWindow {
        SendWindow {
            value: i64::from(initial),
        }
    }

    /// The window as it stands, negative if SETTINGS shrank it under us.
    pub fn value(&self) -> i64 {
        self.value
    }

    /// The octets we may send now: the window, or 0 while it is negative.
    pub fn available(&self) -> u32 {
        // TODO: never below 0.
        todo!("available: the window, or 0 while it is negative")
    }

    /// We want to send `want` octets of DATA: spends what the window allows
    /// and returns it (the rest waits for a WINDOW_UPDATE).
    pub fn spend(&mut self, want: u32) -> u32 {
        // TODO: at most available(); subtract what you return.
        let _ = want;
        todo!("spend: min(want, available()), taken off the window")
    }

    /// Applies a WINDOW_UPDATE's increment (1..=2^31-1 on the wire).
    pub fn window_update(&mut self, increment: u32) -> Result<(), WindowError> {
        // TODO: 0 is a ProtocolError; past MAX_WINDOW is a FlowControlError,
        // and then the window must not change.
        let _ = increment;
        todo!("window_update: refuse 0, refuse passing 2^31-1, else add")
    }

    /// The peer changed SETTINGS_INITIAL_WINDOW_SIZE from `old` to `new`: an
    /// open stream's window moves by the difference (§6.9.2).
    pub fn initial_window_size_changed(&mut self, old: u32, new: u32) -> Result<(), WindowError> {
        // TODO: a new value above 2^31-1 is itself a FlowControlError (§6.5.2);
        // otherwise add new - old (it may be negative), refusing to pass MAX_WINDOW.
        let _ = (old, new);
        todo!("initial_window_size_changed: add new - old, which may take the window below 0")
    }
}

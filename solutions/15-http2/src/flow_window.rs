//! Solution: one stream's send window (RFC 9113 §6.9).

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
        // 0..=MAX_WINDOW fits a u32.
        self.value.clamp(0, MAX_WINDOW) as u32
    }

    /// We want to send `want` octets of DATA: spends what the window allows
    /// and returns it (the rest waits for a WINDOW_UPDATE).
    pub fn spend(&mut self, want: u32) -> u32 {
        let n = want.min(self.available());
        self.value -= i64::from(n);
        n
    }

    /// Applies a WINDOW_UPDATE's increment (1..=2^31-1 on the wire).
    pub fn window_update(&mut self, increment: u32) -> Result<(), WindowError> {
        // §6.9: "A receiver MUST treat the receipt of a WINDOW_UPDATE frame
        // with a flow-control window increment of 0 as a stream error of type
        // PROTOCOL_ERROR" (a connection error on stream 0).
        if increment == 0 {
            return Err(WindowError::ProtocolError);
        }
        self.grow(i64::from(increment))
    }

    /// The peer changed SETTINGS_INITIAL_WINDOW_SIZE from `old` to `new`: an
    /// open stream's window moves by the difference (§6.9.2).
    pub fn initial_window_size_changed(&mut self, old: u32, new: u32) -> Result<(), WindowError> {
        // §6.5.2: a value above 2^31-1 is itself a FLOW_CONTROL_ERROR.
        if i64::from(new) > MAX_WINDOW {
            return Err(WindowError::FlowControlError);
        }
        // Down as well as up: octets already sent stay spent, so a smaller
        // setting can leave the window negative until updates refill it.
        self.grow(i64::from(new) - i64::from(old))
    }

    /// Adds `delta`, unless that passes 2^31-1 (§6.9.1): then the window is
    /// left as it was and the peer is at fault.
    fn grow(&mut self, delta: i64) -> Result<(), WindowError> {
        let grown = self.value + delta;
        if grown > MAX_WINDOW {
            return Err(WindowError::FlowControlError);
        }
        self.value = grown;
        Ok(())
    }
}

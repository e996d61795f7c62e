//! Flow-control windows (RFC 9113 §5.2, §6.9), one type per direction.
//!
//! A window is credit: how many DATA octets one side may still send. The
//! receiver grants it (SETTINGS_INITIAL_WINDOW_SIZE for each new stream, 65,535
//! for the connection) and renews it with WINDOW_UPDATE; the sender spends it.
//! Both levels apply at once: a DATA frame spends from its stream's window
//! *and* from the connection's.
//!
//! - [`SendWindow`]: the credit the peer gave us. It can go negative when the
//!   peer lowers SETTINGS_INITIAL_WINDOW_SIZE under streams in flight
//!   (§6.9.2), so it is signed; and it may never pass 2^31-1.
//! - [`RecvWindow`]: the credit we gave the peer, what it has used, and what
//!   our side has consumed but not yet given back.

use crate::frame::header::MAX_31_BIT;

/// A window grew past 2^31-1 (§6.9.1): FLOW_CONTROL_ERROR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

/// What we may send: the peer's credit to us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendWindow(i64);

impl SendWindow {
    /// A window of `size` octets.
    pub fn new(size: u32) -> SendWindow {
        SendWindow(i64::from(size))
    }

    /// The octets that may be sent now (0 while the window is negative).
    pub fn available(&self) -> usize {
        self.0.max(0) as usize
    }

    /// The window's value, negative if SETTINGS shrank it under us.
    pub fn value(&self) -> i64 {
        self.0
    }

    /// Spends `n` octets (a DATA frame was sent; the caller kept within
    /// [`available`](Self::available)).
    pub fn spend(&mut self, n: usize) {
        debug_assert!(n <= self.available());
        self.0 -= n as i64;
    }

    /// Applies a WINDOW_UPDATE increment (§6.9.1), or a change of
    /// SETTINGS_INITIAL_WINDOW_SIZE (`delta` may be negative, §6.9.2).
    pub fn adjust(&mut self, delta: i64) -> Result<(), Overflow> {
        let grown = self.0 + delta;
        if grown > i64::from(MAX_31_BIT) {
            return Err(Overflow);
        }
        self.0 = grown;
        Ok(())
    }
}

/// What the peer may send us, and what we owe it back.
///
/// Credit is returned in batches: a WINDOW_UPDATE once half the window has
/// been consumed, not one per DATA frame (§6.9.1 asks receivers to avoid
/// tiny increments), so a steady upload costs one small frame per half window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecvWindow {
    /// The window we grant when fully renewed.
    size: u32,
    /// What the peer may still send before it must wait for us.
    left: i64,
    /// Octets consumed on our side and not yet announced.
    unannounced: u32,
}

impl RecvWindow {
    /// A window of `size` octets, all of it granted.
    pub fn new(size: u32) -> RecvWindow {
        RecvWindow {
            size,
            left: i64::from(size),
            unannounced: 0,
        }
    }

    /// What the peer may still send.
    pub fn left(&self) -> i64 {
        self.left
    }

    /// The peer sent `n` flow-controlled octets. `Err` when that is more than
    /// it was granted: the peer broke flow control (§6.9.1).
    pub fn receive(&mut self, n: usize) -> Result<(), Overflow> {
        if n as i64 > self.left {
            return Err(Overflow);
        }
        self.left -= n as i64;
        Ok(())
    }

    // ANCHOR: consume
    /// Our side has consumed `n` octets (the application read them, or they
    /// were padding, or they belonged to a stream that is gone). Returns the
    /// increment to announce in a WINDOW_UPDATE, once there is enough of it.
    pub fn consume(&mut self, n: usize) -> Option<u32> {
        // Never more than the peer has used: over-counting would grant a
        // window past what we meant (and past 2^31-1, which the peer must refuse).
        let used = i64::from(self.size) - self.left - i64::from(self.unannounced);
        let n = (n as i64).clamp(0, used.max(0)) as u32;
        self.unannounced += n;
        if self.unannounced < self.size / 2 {
            return None;
        }
        let increment = std::mem::take(&mut self.unannounced);
        self.left += i64::from(increment);
        Some(increment)
    }
    // ANCHOR_END: consume
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn send_windows_go_negative_and_cap_at_2_31_minus_1() {
        let mut w = SendWindow::new(65_535);
        w.spend(60_000);
        // The peer lowers SETTINGS_INITIAL_WINDOW_SIZE to 16 KiB (§6.9.2's example).
        w.adjust(16_384 - 65_535).unwrap();
        assert_eq!((w.value(), w.available()), (-43_616, 0));
        w.adjust(50_000).unwrap();
        assert_eq!(w.available(), 6_384);
        assert_eq!(
            SendWindow::new(MAX_31_BIT).adjust(1),
            Err(Overflow),
            "2^31 is one too many"
        );
    }

    #[test]
    fn receive_windows_refuse_overruns_and_renew_in_halves() {
        let mut w = RecvWindow::new(1000);
        assert_eq!(w.receive(1001), Err(Overflow));
        w.receive(1000).unwrap();
        assert_eq!(w.receive(1), Err(Overflow));
        assert_eq!(w.consume(499), None, "under half: wait for more");
        assert_eq!(w.consume(1), Some(500));
        assert_eq!(w.left(), 500);
        assert_eq!(w.consume(500), Some(500));
        assert_eq!(w.left(), 1000);
        // Consuming what never arrived grants nothing.
        assert_eq!(w.consume(10_000), None);
        w.receive(600).unwrap();
        assert_eq!(w.consume(10_000), Some(600), "only what was used");
        assert_eq!(w.left(), 1000);
    }
}

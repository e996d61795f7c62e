//! Naming a connection: a slot number plus a generation, packed into a mio `Token`.
//!
//! The kernel hands back whatever number we registered a socket with. If that
//! number were just a slot index, this could happen:
//!
//! ```text
//!   conn A in slot 3 ─ close ─▶ slot 3 free ─ accept ─▶ conn B in slot 3
//!   a wake(slot 3) or a timer meant for A, still queued ─▶ delivered to B  ✗
//! ```
//!
//! So every slot counts how many times it has been reused (its *generation*),
//! and an id carries both. A message for `#3.0` finds slot 3 at generation 1 and
//! is dropped: a stale id can never reach the new connection.

use std::fmt;

use mio::Token;

// The token packs a 32-bit index and a 32-bit generation into one usize.
const _: () = assert!(usize::BITS >= 64, "ConnId tokens need a 64-bit usize");

/// The listening socket's token.
pub const LISTENER: Token = Token(0);
/// The `Waker`'s token (messages from other threads).
pub const WAKER: Token = Token(1);
/// Connection slots start above the fixed tokens: the low 32 bits of a
/// connection's token are its index + 2, the high 32 bits its generation.
const FIRST_CONN: u32 = 2;

/// The most slots a table may have (so that index + 2 fits in 32 bits).
pub const MAX_SLOTS: usize = (u32::MAX - FIRST_CONN) as usize;

/// One connection, as the loop and the application name it: its slot in the
/// connection table and that slot's generation. Cheap to copy and to store
/// (a chat room keeps a set of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConnId {
    index: u32,
    generation: u32,
}

impl ConnId {
    /// Builds an id (the table does this; tests too). `index` must be below [`MAX_SLOTS`].
    pub fn new(index: u32, generation: u32) -> ConnId {
        ConnId { index, generation }
    }

    /// The slot number in the connection table.
    pub fn index(self) -> usize {
        self.index as usize
    }

    /// How many times the slot had been reused when this connection got it.
    pub fn generation(self) -> u32 {
        self.generation
    }

    // ANCHOR: token
    /// The mio token this connection is registered with.
    pub fn token(self) -> Token {
        Token((self.generation as usize) << 32 | self.index.wrapping_add(FIRST_CONN) as usize)
    }

    /// The connection a token names, or `None` for the listener and the waker.
    pub fn from_token(token: Token) -> Option<ConnId> {
        let low = token.0 as u32; // the low 32 bits
        Some(ConnId {
            index: low.checked_sub(FIRST_CONN)?,
            generation: (token.0 >> 32) as u32,
        })
    }
    // ANCHOR_END: token
}

impl fmt::Display for ConnId {
    /// `#3.1`: slot 3, generation 1.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}.{}", self.index, self.generation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_differ_by_generation() {
        for id in [
            ConnId::new(0, 0),
            ConnId::new(7, 3),
            ConnId::new(u32::MAX - 2, u32::MAX),
        ] {
            assert_eq!(ConnId::from_token(id.token()), Some(id));
            assert_ne!(id.token(), LISTENER);
            assert_ne!(id.token(), WAKER);
        }
        assert_ne!(ConnId::new(3, 0).token(), ConnId::new(3, 1).token());
        assert_eq!(ConnId::from_token(LISTENER), None);
        assert_eq!(ConnId::from_token(WAKER), None);
        assert_eq!(ConnId::new(3, 1).to_string(), "#3.1");
    }
}

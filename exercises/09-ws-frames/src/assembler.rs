//! Exercise: reassemble fragmented messages, with control frames in between (§5.4).
//!
//! A message is a Text (1) or Binary (2) frame followed by Continuation (0)
//! frames, the last with FIN set. Close (8), Ping (9) and Pong (10) may arrive
//! between fragments; they are never fragmented and carry at most 125 bytes.

/// A frame as the assembler receives it (already unmasked).
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    /// FIN bit.
    pub fin: bool,
    /// Opcode: 0 continuation, 1 text, 2 binary, 8 close, 9 ping, 10 pong.
    pub opcode: u8,
    /// The payload.
    pub payload: &'a [u8],
}

/// What the assembler produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A complete text message.
    Text(String),
    /// A complete binary message.
    Binary(Vec<u8>),
    /// A ping with its payload.
    Ping(Vec<u8>),
    /// A pong with its payload.
    Pong(Vec<u8>),
    /// A close with its raw payload.
    Close(Vec<u8>),
}

/// Message state across frames.
#[derive(Debug, Default)]
pub struct Assembler {
    /// The opcode (1 or 2) of the message in progress, if any.
    kind: Option<u8>,
    /// Its payload so far.
    buf: Vec<u8>,
}

impl Assembler {
    /// An assembler between messages.
    pub fn new() -> Self {
        Assembler {
            kind: None,
            buf: Vec::new(),
        }
    }

    /// Takes one frame: `Ok(Some(event))` when it completes something,
    /// `Ok(None)` when a message continues, `Err(close code)` on a broken rule.
    pub fn push(&mut self, frame: Frame<'_>) -> Result<Option<Event>, u16> {
        // TODO: control frames (check 125 bytes and FIN), data frames (no message in
        // progress), continuations (a message in progress), reserved opcodes → 1002.
        let _ = (frame, &self.kind, &self.buf);
        todo!("assembler: handle control, data and continuation frames (see the module doc)")
    }
}

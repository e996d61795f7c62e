//! Solution: reassemble fragmented messages, with control frames in between (§5.4).

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
        match frame.opcode {
            // Control frames: complete in themselves, ≤ 125 bytes, never fragmented
            // (§5.5). They do not disturb a message in progress.
            8..=10 => {
                if frame.payload.len() > 125 || !frame.fin {
                    return Err(1002);
                }
                let p = frame.payload.to_vec();
                Ok(Some(match frame.opcode {
                    8 => Event::Close(p),
                    9 => Event::Ping(p),
                    _ => Event::Pong(p),
                }))
            }
            // A new data message: only when none is in progress.
            1 | 2 => {
                if self.kind.is_some() {
                    return Err(1002);
                }
                self.kind = Some(frame.opcode);
                self.buf.clear();
                self.buf.extend_from_slice(frame.payload);
                self.finish_if(frame.fin)
            }
            // A continuation: only when a message is in progress.
            0 => {
                if self.kind.is_none() {
                    return Err(1002);
                }
                self.buf.extend_from_slice(frame.payload);
                self.finish_if(frame.fin)
            }
            // 3-7 and 11-15 are reserved (§5.2).
            _ => Err(1002),
        }
    }

    fn finish_if(&mut self, fin: bool) -> Result<Option<Event>, u16> {
        if !fin {
            return Ok(None);
        }
        let bytes = std::mem::take(&mut self.buf);
        match self.kind.take() {
            // Text must be valid UTF-8 as a whole (§8.1): 1007 otherwise.
            Some(1) => String::from_utf8(bytes)
                .map(|s| Some(Event::Text(s)))
                .map_err(|_| 1007),
            _ => Ok(Some(Event::Binary(bytes))),
        }
    }
}

//! From frames to messages: the receiving half of a WebSocket connection.
//!
//! [`Receiver`] is a state machine: feed it the bytes you read, and it yields
//! events — a whole message, a ping, a pong, a close — or the [`Violation`] that
//! fails the connection, which names the close code to send. It enforces every
//! rule a receiver must (RFC 6455 §5.1–§5.5, §8.1):
//!
//! ```text
//!   Text(FIN=0) ─ Ping ─ Cont(FIN=0) ─ Pong ─ Cont(FIN=0) ─ Cont(FIN=1)
//!   └──────────── one message: "Text" + 3 continuations ─────────────┘
//!                  ▲ control frames may come between fragments (§5.4)
//! ```
//!
//! It allocates only while a message is partial (its bytes have to live
//! somewhere) or a control frame is split across reads: an idle receiver owns no
//! heap memory, and a message that arrives whole in one read is handed out
//! borrowed from the read buffer, without a copy.

use std::borrow::Cow;

use crate::close::{CloseFrame, parse_close_payload};
use crate::decoder::{Decoded, FrameDecoder};
use crate::error::Violation;
use crate::header::{FrameHeader, MAX_SHORT_LEN};
use crate::opcode::OpCode;
use crate::utf8::Utf8Validator;

/// Which end of the connection we are: it decides which frames must be masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// We are the server: every frame we receive must be masked (§5.1).
    Server,
    /// We are the client: no frame we receive may be masked (§5.1).
    Client,
}

/// Bounds on what a peer can make us buffer. Over a bound → close code 1009.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest message (the sum of its fragments' payloads), in bytes.
    pub max_message: u64,
    /// The most frames one message may be split into.
    pub max_fragments: u64,
}

/// Default message limit: 32 MiB. Autobahn|Testsuite sends messages of up to
/// 16 MiB and expects them echoed; this leaves room above that.
pub const DEFAULT_MAX_MESSAGE: u64 = 32 << 20;
/// Default fragment limit: 131,072. Autobahn sends a 4 MiB message in 64-byte
/// fragments, 65,536 frames; this leaves room above that.
pub const DEFAULT_MAX_FRAGMENTS: u64 = 1 << 17;

/// The most a receiver reserves ahead for a frame it has only begun to receive.
const RESERVE_CAP: usize = 1 << 20;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_message: DEFAULT_MAX_MESSAGE,
            max_fragments: DEFAULT_MAX_FRAGMENTS,
        }
    }
}

/// The two kinds of data message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// UTF-8 text (already validated when you get it).
    Text,
    /// Arbitrary bytes.
    Binary,
}

/// What the peer said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event<'a> {
    /// A complete data message. For `Text`, `payload` is valid UTF-8.
    Message {
        /// Text or binary.
        kind: MessageKind,
        /// The reassembled payload, borrowed from the input when it arrived whole.
        payload: Cow<'a, [u8]>,
    },
    /// A Ping: answer with a Pong carrying the same payload (§5.5.2).
    Ping(Cow<'a, [u8]>),
    /// A Pong (§5.5.3).
    Pong(Cow<'a, [u8]>),
    /// A Close: answer with a Close (echoing the code, or 1000) and stop (§5.5.1).
    Close(CloseFrame),
}

impl Event<'_> {
    /// The text of a text message (validated on the way in, so this cannot fail
    /// for one; `None` for anything else).
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Event::Message {
                kind: MessageKind::Text,
                payload,
            } => std::str::from_utf8(payload).ok(),
            _ => None,
        }
    }
}

/// A data message in progress.
#[derive(Debug)]
struct Partial {
    kind: MessageKind,
    /// Bytes so far (not used for a message that arrives whole in one read).
    buf: Vec<u8>,
    /// Payload bytes so far, counted even when not buffered.
    len: u64,
    fragments: u64,
    utf8: Utf8Validator,
}

/// The receiving state of one connection. Small when idle: no heap allocation.
#[derive(Debug)]
pub struct Receiver {
    role: Role,
    limits: Limits,
    decoder: FrameDecoder,
    /// The frame being received.
    frame: Option<FrameHeader>,
    /// The data message being received, across fragments.
    message: Option<Partial>,
    /// A control frame's payload split across reads (≤ 125 bytes).
    control: Vec<u8>,
    /// The violation that failed the connection: once failed, always failed.
    failed: Option<Violation>,
}

/// What [`Receiver::on_payload`] decided about a piece of payload.
enum Step {
    /// Keep going.
    More,
    /// An event built from owned bytes.
    Ready(Event<'static>),
    /// A message or ping/pong that is exactly the piece just given: borrow it.
    Whole(Whole),
}

#[derive(Clone, Copy)]
enum Whole {
    Message(MessageKind),
    Ping,
    Pong,
}

impl Receiver {
    /// A receiver for our `role`, with default limits.
    pub fn new(role: Role) -> Receiver {
        Receiver::with_limits(role, Limits::default())
    }

    /// A receiver with the given limits.
    pub fn with_limits(role: Role, limits: Limits) -> Receiver {
        Receiver {
            role,
            limits,
            decoder: FrameDecoder::new(),
            frame: None,
            message: None,
            control: Vec::new(),
            failed: None,
        }
    }

    /// Whether a data message is partly received (and maybe holding a buffer).
    pub fn is_mid_message(&self) -> bool {
        self.message.is_some()
    }

    /// Heap bytes this receiver holds now (for memory accounting in chapter 10).
    pub fn heap_bytes(&self) -> usize {
        self.control.capacity() + self.message.as_ref().map_or(0, |m| m.buf.capacity())
    }

    // ANCHOR: feed
    /// Feeds bytes just read. Unmasks them in place.
    ///
    /// # Returns
    /// `(n, event)`: `n` bytes of `input` were consumed. With `Some(event)`, call
    /// again with `&mut input[n..]` (more may follow); with `None`, every byte was
    /// consumed and the receiver needs more input. An `Err` means the connection
    /// must be failed: send a Close with `err.close_code()` and stop feeding.
    pub fn feed<'a>(
        &mut self,
        input: &'a mut [u8],
    ) -> Result<(usize, Option<Event<'a>>), Violation> {
        self.feed_with(input, &mut |_| {})
    }
    // ANCHOR_END: feed

    /// [`Receiver::feed`], calling `on_frame` with each frame header as it is
    /// decoded (before it is checked): what `--trace` prints.
    pub fn feed_with<'a>(
        &mut self,
        input: &'a mut [u8],
        on_frame: &mut impl FnMut(&FrameHeader),
    ) -> Result<(usize, Option<Event<'a>>), Violation> {
        if let Some(v) = &self.failed {
            // The stream is out of sync after a violation: never parse on.
            return Err(v.clone());
        }
        let result = self.step(input, on_frame);
        if let Err(v) = &result {
            self.failed = Some(v.clone());
            // Free what the failed message held.
            self.message = None;
            self.control = Vec::new();
        }
        result
    }

    // ANCHOR: step
    /// Decodes until an event, an error, or the end of `input`.
    fn step<'a>(
        &mut self,
        input: &'a mut [u8],
        on_frame: &mut impl FnMut(&FrameHeader),
    ) -> Result<(usize, Option<Event<'a>>), Violation> {
        let mut pos = 0;
        loop {
            let start = pos;
            let (n, found) = self.decoder.decode(&mut input[pos..])?;
            pos += n;
            match found {
                None => return Ok((pos, None)),
                Some(Decoded::Header(h)) => {
                    on_frame(&h);
                    self.on_header(h)?;
                }
                Some(Decoded::Payload { offset, last }) => {
                    match self.on_payload(&input[start..pos], offset, last)? {
                        Step::More => {}
                        Step::Ready(event) => return Ok((pos, Some(event))),
                        Step::Whole(what) => {
                            // Reborrow the input as shared for 'a: we return now.
                            let input: &'a [u8] = input;
                            let bytes = Cow::Borrowed(&input[start..pos]);
                            let event = match what {
                                Whole::Message(kind) => Event::Message {
                                    kind,
                                    payload: bytes,
                                },
                                Whole::Ping => Event::Ping(bytes),
                                Whole::Pong => Event::Pong(bytes),
                            };
                            return Ok((pos, Some(event)));
                        }
                    }
                }
            }
        }
    }
    // ANCHOR_END: step

    // ANCHOR: on_header
    /// Checks a new frame's header against every rule that needs no payload, so
    /// a bad frame fails the connection before its payload is read.
    fn on_header(&mut self, h: FrameHeader) -> Result<(), Violation> {
        // §5.2: no extension negotiated, so RSV1-3 must be 0 and no reserved opcode.
        if h.rsv != 0 {
            return Err(Violation::ReservedBits(h.rsv));
        }
        if let OpCode::Reserved(n) = h.opcode {
            return Err(Violation::ReservedOpcode(n));
        }
        // §5.1: clients mask, servers do not.
        match (self.role, h.mask.is_some()) {
            (Role::Server, false) => return Err(Violation::UnmaskedClientFrame),
            (Role::Client, true) => return Err(Violation::MaskedServerFrame),
            _ => {}
        }
        if h.opcode.is_control() {
            // §5.5: at most 125 bytes, never fragmented. They may arrive in the
            // middle of a fragmented message (§5.4), which is left untouched.
            if h.payload_len > MAX_SHORT_LEN {
                return Err(Violation::ControlTooLong(h.payload_len));
            }
            if !h.fin {
                return Err(Violation::ControlFragmented);
            }
        } else {
            // §5.4: a message is one Text/Binary frame then continuations.
            match (h.opcode, &mut self.message) {
                (OpCode::Continuation, None) => return Err(Violation::ContinuationWithoutStart),
                (OpCode::Continuation, Some(m)) => {
                    m.fragments += 1;
                    if m.fragments > self.limits.max_fragments {
                        return Err(Violation::TooManyFragments {
                            limit: self.limits.max_fragments,
                        });
                    }
                }
                (_, Some(_)) => return Err(Violation::NewMessageDuringFragmented),
                (op, None) => {
                    let kind = if op == OpCode::Text {
                        MessageKind::Text
                    } else {
                        MessageKind::Binary
                    };
                    self.message = Some(Partial {
                        kind,
                        buf: Vec::new(),
                        len: 0,
                        fragments: 1,
                        utf8: Utf8Validator::new(),
                    });
                }
            }
            // Fail as soon as the header says the message will be too big, before
            // buffering any of it.
            let so_far = self.message.as_ref().map_or(0, |m| m.len);
            if so_far.saturating_add(h.payload_len) > self.limits.max_message {
                return Err(Violation::MessageTooBig {
                    limit: self.limits.max_message,
                });
            }
        }
        self.frame = Some(h);
        Ok(())
    }
    // ANCHOR_END: on_header

    /// Takes a piece of the current frame's (unmasked) payload.
    fn on_payload(&mut self, piece: &[u8], offset: u64, last: bool) -> Result<Step, Violation> {
        let Some(h) = self.frame else {
            unreachable!("the decoder yields a header before any payload")
        };
        if last {
            self.frame = None;
        }
        if h.opcode.is_control() {
            if offset == 0 && last {
                // The whole control frame is in `piece`: no copy.
                return Ok(match h.opcode {
                    OpCode::Close => Step::Ready(Event::Close(parse_close_payload(piece)?)),
                    OpCode::Ping => Step::Whole(Whole::Ping),
                    _ => Step::Whole(Whole::Pong),
                });
            }
            // Split across reads: keep the pieces (bounded: ≤ 125 bytes in all).
            self.control.extend_from_slice(piece);
            if !last {
                return Ok(Step::More);
            }
            let bytes = std::mem::take(&mut self.control);
            return Ok(Step::Ready(match h.opcode {
                OpCode::Close => Event::Close(parse_close_payload(&bytes)?),
                OpCode::Ping => Event::Ping(Cow::Owned(bytes)),
                _ => Event::Pong(Cow::Owned(bytes)),
            }));
        }

        let Some(m) = self.message.as_mut() else {
            unreachable!("on_header started a message for every data frame")
        };
        // §8.1: fail fast, at the first byte that cannot be UTF-8, even inside the
        // first fragment, and before the rest of the message arrives.
        if m.kind == MessageKind::Text {
            if let Err(e) = m.utf8.feed(piece) {
                return Err(Violation::InvalidUtf8 {
                    at: m.len + e.index as u64,
                });
            }
            if last && h.fin && !m.utf8.is_complete() {
                return Err(Violation::TruncatedUtf8);
            }
        }
        let single_read = m.fragments == 1 && offset == 0 && last && h.fin;
        m.len += piece.len() as u64;
        if single_read {
            // The whole message is `piece`: hand it out borrowed, no copy.
            let kind = m.kind;
            self.message = None;
            return Ok(Step::Whole(Whole::Message(kind)));
        }
        if offset == 0 {
            // A frame's first piece: make room for the whole frame now, so that a
            // 64 KiB frame read in pieces is not copied again each time the
            // buffer doubles. The header was checked against max_message already;
            // the cap keeps a peer that announces a big frame and then stalls
            // from making us hold more than it sent by much.
            let frame_len = usize::try_from(h.payload_len).unwrap_or(usize::MAX);
            m.buf.reserve(frame_len.min(RESERVE_CAP));
        }
        m.buf.extend_from_slice(piece);
        if last && h.fin {
            let Some(m) = self.message.take() else {
                unreachable!("checked above")
            };
            return Ok(Step::Ready(Event::Message {
                kind: m.kind,
                payload: Cow::Owned(m.buf),
            }));
        }
        Ok(Step::More)
    }
}

//! The incremental frame decoder: bytes in, in whatever pieces the socket
//! delivered them; frames out.
//!
//! Check, then parse: 9 octets give the length, the length says whether the
//! whole frame is there. When it is (the usual case: one read holds many
//! frames), the frame is parsed where it lies and borrows the caller's bytes.
//! When a read ends inside a frame, the decoder copies the piece into a buffer
//! of its own and hands the frame out from there once it is complete; that
//! buffer exists only while a frame is partial, and never exceeds
//! SETTINGS_MAX_FRAME_SIZE + 9, because the length is checked the moment the
//! header is complete, before any payload is kept.
//!
//! Rules that span frames live here too, because they need no stream state:
//! the preface and SETTINGS-first order (§3.4), CONTINUATION sequencing (§4.3),
//! the frame size limit (§4.2), and refusing PUSH_PROMISE. It does no I/O.

use super::error::{ConnectionError, FrameError, StreamError, Violation};
use super::frames::Frame;
use super::header::{FrameHeader, HEADER_LEN, StreamId};
use super::kind::{ACK, END_HEADERS, FrameType};
use super::preface::{PREFACE, match_preface};
use super::settings::DEFAULT_MAX_FRAME_SIZE;

/// What one call to [`FrameDecoder::decode`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded<'a> {
    /// The client's 24-octet connection preface, complete and correct.
    Preface,
    /// A frame.
    Frame(Frame<'a>),
    /// A frame that broke a rule failing only its stream: reset the stream
    /// (RST_STREAM with the error's code) and carry on decoding.
    StreamError(StreamError),
}

/// What the decoder expects next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// The client preface, `matched` octets of it seen (servers).
    Preface { matched: usize },
    /// The SETTINGS frame that completes the peer's preface.
    Settings,
    /// Any frame.
    Frames,
}

/// One connection's frame decoder.
#[derive(Debug, Clone)]
pub struct FrameDecoder {
    expect: Expect,
    max_frame_size: u32,
    /// The stream whose field block is unfinished: only CONTINUATION on it may come.
    continuation_of: Option<StreamId>,
    /// The octets of a frame that arrived in pieces (header first).
    partial: Vec<u8>,
    /// `partial` holds a frame already handed out: drop it on the next call.
    handed_out: bool,
}

impl FrameDecoder {
    /// A server's decoder: the client preface first, then SETTINGS (§3.4).
    pub fn server() -> FrameDecoder {
        FrameDecoder::expecting(Expect::Preface { matched: 0 })
    }

    /// A client's decoder: the server's preface, a SETTINGS frame, first.
    pub fn client() -> FrameDecoder {
        FrameDecoder::expecting(Expect::Settings)
    }

    /// A decoder of frames alone, with no preface expected (for tests and tools
    /// that start in the middle of a connection).
    pub fn frames() -> FrameDecoder {
        FrameDecoder::expecting(Expect::Frames)
    }

    fn expecting(expect: Expect) -> FrameDecoder {
        FrameDecoder {
            expect,
            max_frame_size: DEFAULT_MAX_FRAME_SIZE,
            continuation_of: None,
            partial: Vec::new(),
            handed_out: false,
        }
    }

    /// Sets the largest payload accepted: our SETTINGS_MAX_FRAME_SIZE.
    pub fn set_max_frame_size(&mut self, max: u32) {
        self.max_frame_size = max;
    }

    /// The octets held of a frame not yet complete.
    pub fn buffered(&self) -> usize {
        if self.handed_out {
            0
        } else {
            self.partial.len()
        }
    }

    /// Whether a field block is open: a HEADERS without END_HEADERS was seen
    /// and its last CONTINUATION was not.
    pub fn in_field_block(&self) -> bool {
        self.continuation_of.is_some()
    }

    // ANCHOR: decode
    /// Decodes from the start of `input`.
    ///
    /// # Returns
    /// `(n, found)`: `n` octets of `input` were consumed, and `found` is
    /// `None` when they ended inside the preface or a frame (they are kept),
    /// or what they completed. Call again with `&input[n..]` while `n > 0`.
    /// An `Err` is a connection error: send GOAWAY with its code and close.
    pub fn decode<'a>(
        &'a mut self,
        input: &'a [u8],
    ) -> Result<(usize, Option<Decoded<'a>>), ConnectionError> {
        if self.handed_out {
            // The last frame came from `partial`; it is done with. Freeing the
            // buffer keeps an idle connection's decoder empty.
            self.partial = Vec::new();
            self.handed_out = false;
        }
        if let Expect::Preface { matched } = self.expect {
            return self.preface(matched, input);
        }
        if self.partial.is_empty() {
            // The common case: parse in place.
            let Some(header) = FrameHeader::decode(input) else {
                self.partial.extend_from_slice(input);
                return Ok((input.len(), None));
            };
            self.accept_header(&header)?;
            let total = HEADER_LEN + header.length as usize;
            if input.len() >= total {
                let found = outcome(&header, &input[HEADER_LEN..total])?;
                return Ok((total, Some(found)));
            }
            // No room is reserved for the whole frame up front: the buffer
            // grows with what the peer has actually sent, so nine octets
            // promising 16 KiB cost nine octets, not 16 KiB.
            self.partial.extend_from_slice(input);
            return Ok((input.len(), None));
        }
        // A frame that began in an earlier read.
        let mut used = 0;
        if self.partial.len() < HEADER_LEN {
            used = (HEADER_LEN - self.partial.len()).min(input.len());
            self.partial.extend_from_slice(&input[..used]);
            let Some(header) = FrameHeader::decode(&self.partial) else {
                return Ok((used, None));
            };
            self.accept_header(&header)?;
        }
        let header = FrameHeader::decode(&self.partial).expect("a whole header is kept");
        let total = HEADER_LEN + header.length as usize;
        let more = (total - self.partial.len()).min(input.len() - used);
        self.partial.extend_from_slice(&input[used..used + more]);
        used += more;
        if self.partial.len() < total {
            return Ok((used, None));
        }
        self.handed_out = true;
        let found = outcome(&header, &self.partial[HEADER_LEN..])?;
        Ok((used, Some(found)))
    }
    // ANCHOR_END: decode

    fn preface(
        &mut self,
        matched: usize,
        input: &[u8],
    ) -> Result<(usize, Option<Decoded<'static>>), ConnectionError> {
        let n = match_preface(matched, input)
            .map_err(|at| ConnectionError(Violation::BadPreface { at }))?;
        if matched + n == PREFACE.len() {
            self.expect = Expect::Settings;
            Ok((n, Some(Decoded::Preface)))
        } else {
            self.expect = Expect::Preface {
                matched: matched + n,
            };
            Ok((n, None))
        }
    }

    // ANCHOR: accept_header
    /// The rules a header alone decides, checked before any payload is kept.
    fn accept_header(&mut self, header: &FrameHeader) -> Result<(), ConnectionError> {
        let fail = |v| Err(ConnectionError(v));
        if header.length > self.max_frame_size {
            return fail(Violation::FrameTooLarge {
                length: header.length,
                max: self.max_frame_size,
            });
        }
        if self.expect == Expect::Settings {
            if header.kind != FrameType::SETTINGS || header.has(ACK) {
                return fail(Violation::FirstFrameNotSettings { got: header.kind });
            }
            self.expect = Expect::Frames;
        }
        match self.continuation_of {
            Some(stream) if header.kind != FrameType::CONTINUATION || header.stream != stream => {
                return fail(Violation::ExpectedContinuation {
                    stream,
                    got: header.kind,
                    on: header.stream,
                });
            }
            None if header.kind == FrameType::CONTINUATION => {
                return fail(Violation::UnexpectedContinuation {
                    stream: header.stream,
                });
            }
            _ => {}
        }
        if header.kind == FrameType::PUSH_PROMISE {
            return fail(Violation::PushPromise);
        }
        match header.kind {
            FrameType::HEADERS if !header.has(END_HEADERS) => {
                self.continuation_of = Some(header.stream);
            }
            FrameType::CONTINUATION if header.has(END_HEADERS) => self.continuation_of = None,
            _ => {}
        }
        Ok(())
    }
    // ANCHOR_END: accept_header
}

/// A complete frame's payload parsed, with stream errors as values.
fn outcome<'a>(header: &FrameHeader, payload: &'a [u8]) -> Result<Decoded<'a>, ConnectionError> {
    match Frame::parse(header, payload) {
        Ok(frame) => Ok(Decoded::Frame(frame)),
        Err(FrameError::Stream(e)) => Ok(Decoded::StreamError(e)),
        Err(FrameError::Connection(e)) => Err(e),
    }
}

//! `--trace` for HTTP/2: every frame each way, one line each (chapter 15's
//! `Display` for frames), and the header fields of each HEADERS frame,
//! HPACK-decoded.
//!
//! The trace reads the same bytes the connection does, with decoders of its
//! own: a frame decoder per direction, and an HPACK decoder per direction
//! that sees every field block in order, so its dynamic table stays in step
//! with the real ones. It costs nothing when `--trace` is off: it is not made.

use ch07_event_loop::Cx;

use crate::frame::{Decoded, Frame, FrameDecoder};
use crate::hpack;

/// One direction's decoders.
struct Direction {
    frames: FrameDecoder,
    fields: hpack::Decoder,
    /// The stream failed to parse: stop tracing it rather than guess.
    broken: bool,
    /// A field block could not be decoded here: fields are no longer shown.
    fields_lost: bool,
}

impl Direction {
    fn new(frames: FrameDecoder) -> Direction {
        Direction {
            frames,
            fields: hpack::Decoder::default(),
            broken: false,
            fields_lost: false,
        }
    }

    /// The trace lines for `bytes`, the next bytes of this direction.
    fn lines(&mut self, bytes: &[u8]) -> Vec<String> {
        let mut lines = Vec::new();
        let mut at = 0;
        while !self.broken && at < bytes.len() {
            match self.frames.decode(&bytes[at..]) {
                Ok((n, found)) => {
                    at += n;
                    if let Some(found) = found {
                        lines.push(found.to_string());
                        if let Decoded::Frame(Frame::Headers(h)) = &found
                            && !self.fields_lost
                        {
                            // A block split over CONTINUATIONs is not
                            // joined here; after one, the table is unknown.
                            self.fields_lost = !h.end_headers;
                            match self.fields.decode(h.fragment) {
                                Ok(list) if h.end_headers => lines
                                    .extend(list.to_string().lines().map(|l| format!("    {l}"))),
                                _ => self.fields_lost = true,
                            }
                        }
                    }
                    if n == 0 {
                        break;
                    }
                }
                Err(e) => {
                    lines.push(format!("(not HTTP/2 any more: {e})"));
                    self.broken = true;
                }
            }
        }
        lines
    }
}

/// Both directions of one connection.
pub struct FrameTrace {
    incoming: Direction,
    outgoing: Direction,
}

impl Default for FrameTrace {
    fn default() -> FrameTrace {
        FrameTrace::new()
    }
}

impl FrameTrace {
    /// A trace that starts with the client's preface.
    pub fn new() -> FrameTrace {
        FrameTrace {
            incoming: Direction::new(FrameDecoder::server()),
            outgoing: Direction::new(FrameDecoder::frames()),
        }
    }

    /// Traces bytes from the client.
    pub fn incoming(&mut self, cx: &Cx<'_>, bytes: &[u8]) {
        for line in self.incoming.lines(bytes) {
            cx.trace().annotated("<-", cx.peer(), line);
        }
    }

    /// Traces bytes to the client.
    pub fn outgoing(&mut self, cx: &Cx<'_>, bytes: &[u8]) {
        for line in self.outgoing.lines(bytes) {
            cx.trace().annotated("->", cx.peer(), line);
        }
    }
}

//! Chapter 6's [`Response`] sent on one stream: its head as HEADERS, its body
//! as DATA, a piece at a time as the stream's queue drains.
//!
//! This is chapter 7's `Sending` for one stream instead of one connection: a
//! body is handed to the connection only while the stream's send queue has
//! room, and the next piece is taken (a file read, an iterator's next item)
//! only when [`Event::SendReady`](super::Event::SendReady) says the queue
//! emptied. A client that stops reading one stream stops that stream's file
//! reads, and costs one queue of memory, while its other streams go on.
//!
//! One thing HTTP/2 does better than HTTP/1.1 here: a file that comes up
//! short after its `content-length` went out cannot be completed, and
//! HTTP/1.1 had to drop the whole connection (chapter 7); HTTP/2 resets that
//! one stream (INTERNAL_ERROR) and the others never notice.

use std::fs::File;
use std::io::Read;

use ch06_http_server::encode::FILE_PIECE;
use ch06_http_server::response::{Body, Response};

use super::connection::H2Conn;
use super::error::SendError;
use crate::error_code::ErrorCode;
use crate::frame::StreamId;
use crate::http::split_response;

/// What [`BodyPump::pump`] achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pumped {
    /// The whole body, END_STREAM included, is queued.
    Done,
    /// The stream's queue is full: pump again on its `SendReady`.
    More,
    /// The stream is gone (the client reset it), or the body broke off and
    /// the stream was reset: drop the pump.
    Stopped,
}

/// A response body on its way out.
pub struct BodyPump {
    source: Source,
    /// A piece the queue refused, to offer again first.
    held: Option<Vec<u8>>,
}

enum Source {
    Bytes { bytes: Vec<u8>, at: usize },
    File { file: File, left: u64 },
    Chunks(Box<dyn Iterator<Item = Vec<u8>> + Send>),
}

impl std::fmt::Debug for BodyPump {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BodyPump")
    }
}

// ANCHOR: respond
/// Sends `response` on `stream` (`head_request`: it answers a HEAD). Returns
/// the pump of a body that did not fit the stream's queue at once: call its
/// [`pump`](BodyPump::pump) on every `SendReady` for the stream.
pub fn respond(
    conn: &mut H2Conn,
    stream: StreamId,
    response: Response,
    head_request: bool,
) -> Result<Option<BodyPump>, SendError> {
    let (fields, body) = split_response(response, head_request);
    conn.send_headers(stream, &fields, body.is_none())?;
    let Some(body) = body else {
        return Ok(None);
    };
    let mut pump = BodyPump::new(body);
    Ok(match pump.pump(conn, stream) {
        Pumped::More => Some(pump),
        Pumped::Done | Pumped::Stopped => None,
    })
}
// ANCHOR_END: respond

impl BodyPump {
    /// A pump for `body`.
    pub fn new(body: Body) -> BodyPump {
        let source = match body {
            Body::Bytes(bytes) => Source::Bytes { bytes, at: 0 },
            Body::File { file, len } => Source::File { file, left: len },
            Body::Chunks(pieces) => Source::Chunks(pieces),
        };
        BodyPump { source, held: None }
    }

    // ANCHOR: pump
    /// Queues pieces on `stream` until the body is all queued or the stream's
    /// queue is full.
    pub fn pump(&mut self, conn: &mut H2Conn, stream: StreamId) -> Pumped {
        let limit = conn.config().max_send_queue;
        loop {
            let piece = match self.held.take() {
                Some(piece) => Ok(Some(piece)),
                None => self.next_piece(limit),
            };
            let piece = match piece {
                Ok(Some(piece)) => piece,
                Ok(None) => {
                    return match conn.send_data(stream, &[], true) {
                        Ok(_) => Pumped::Done,
                        Err(_) => Pumped::Stopped,
                    };
                }
                Err(()) => {
                    // Promised octets we cannot send: end this stream only.
                    conn.reset(stream, ErrorCode::INTERNAL_ERROR);
                    return Pumped::Stopped;
                }
            };
            let last = self.is_empty();
            match conn.send_data(stream, &piece, last) {
                Ok(_) if last => return Pumped::Done,
                Ok(_) => {}
                Err(SendError::Full { .. }) => {
                    self.held = Some(piece);
                    return Pumped::More;
                }
                Err(_) => return Pumped::Stopped,
            }
        }
    }
    // ANCHOR_END: pump

    /// Whether the source is known to be exhausted (so the piece just taken
    /// can carry END_STREAM). A stream of chunks cannot know until it ends.
    fn is_empty(&self) -> bool {
        match &self.source {
            Source::Bytes { bytes, at } => *at == bytes.len(),
            Source::File { left, .. } => *left == 0,
            Source::Chunks(_) => false,
        }
    }

    /// The next piece of at most `limit` octets; `Ok(None)` at the end,
    /// `Err` when a file ends before its promised length or cannot be read.
    fn next_piece(&mut self, limit: usize) -> Result<Option<Vec<u8>>, ()> {
        match &mut self.source {
            Source::Bytes { bytes, at } => {
                if *at == bytes.len() {
                    return Ok(None);
                }
                let end = bytes.len().min(*at + limit.max(1));
                let piece = bytes[*at..end].to_vec();
                *at = end;
                Ok(Some(piece))
            }
            Source::File { file, left } => {
                if *left == 0 {
                    return Ok(None);
                }
                let want = (*left).min(FILE_PIECE.min(limit.max(1)) as u64) as usize;
                let mut piece = vec![0; want];
                let mut got = 0;
                while got < want {
                    match file.read(&mut piece[got..]) {
                        Ok(0) => return Err(()),
                        Ok(n) => got += n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(_) => return Err(()),
                    }
                }
                *left -= want as u64;
                Ok(Some(piece))
            }
            Source::Chunks(pieces) => loop {
                match pieces.next() {
                    Some(piece) if piece.is_empty() => continue,
                    other => return Ok(other),
                }
            },
        }
    }
}

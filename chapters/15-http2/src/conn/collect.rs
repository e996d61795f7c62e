//! A request and its body gathered into chapter 6's owned [`Request`], for
//! handlers that want the whole request at once (chapter 6's routes: `POST
//! /echo`, `POST /publish`), as chapter 6's `Incoming` does for HTTP/1.1.
//!
//! The body is bounded by `max_body`, checked against `content-length` as
//! soon as the head arrives and against the octets as they come: past it the
//! client gets 413 and a RST_STREAM NO_ERROR asking it to stop sending (§8.1),
//! and the connection goes on. Octets are consumed (their window renewed) as
//! they are buffered, since the buffer itself is what is bounded.

use std::collections::HashMap;

use ch06_http_server::request::Request;
use ch06_http_server::response::Response;

use super::connection::H2Conn;
use super::event::Event;
use super::respond::respond;
use crate::frame::StreamId;
use crate::http::{Head, into_request};

/// What one event became.
#[derive(Debug)]
pub enum Collected {
    /// A request is complete.
    Request {
        /// Its stream: answer on it.
        stream: StreamId,
        /// The request, as chapter 6's handlers take it.
        request: Request,
    },
    /// A request body over `max_body`: answered 413 already.
    TooLarge {
        /// The stream.
        stream: StreamId,
    },
    /// An event that is not about gathering requests (`SendReady`, `Reset`,
    /// `GoAway`, a CONNECT and its DATA): the caller's to handle.
    Other(Event),
    /// Nothing to do yet (more body to come).
    Nothing,
}

/// Requests whose bodies are still arriving.
#[derive(Debug)]
pub struct RequestCollector {
    max_body: usize,
    partial: HashMap<StreamId, (Head, Vec<u8>)>,
}

impl RequestCollector {
    /// A collector that refuses bodies over `max_body` octets.
    pub fn new(max_body: usize) -> RequestCollector {
        RequestCollector {
            max_body,
            partial: HashMap::new(),
        }
    }

    /// Requests still gathering their bodies.
    pub fn pending(&self) -> usize {
        self.partial.len()
    }

    // ANCHOR: collect
    /// Takes one event from `conn`.
    pub fn collect(&mut self, conn: &mut H2Conn, event: Event) -> Collected {
        match event {
            // A CONNECT opens a tunnel (RFC 8441's WebSocket among them):
            // its DATA is a conversation, not a body to gather.
            Event::Request { ref head, .. } if head.method == "CONNECT" => Collected::Other(event),
            Event::Request {
                stream,
                head,
                end_stream,
            } => {
                if end_stream {
                    let request = into_request(head, Vec::new());
                    return Collected::Request { stream, request };
                }
                if head
                    .content_length
                    .is_some_and(|n| n > self.max_body as u64)
                {
                    return self.too_large(conn, stream);
                }
                self.partial.insert(stream, (head, Vec::new()));
                Collected::Nothing
            }
            Event::Data {
                stream,
                data,
                end_stream,
            } => {
                let Some((_, body)) = self.partial.get_mut(&stream) else {
                    // Not a request we gather (a tunnel's, or one we refused).
                    return Collected::Other(Event::Data {
                        stream,
                        data,
                        end_stream,
                    });
                };
                if body.len() + data.len() > self.max_body {
                    return self.too_large(conn, stream);
                }
                body.extend_from_slice(&data);
                conn.data_consumed(stream, data.len());
                if end_stream {
                    return self.complete(stream);
                }
                Collected::Nothing
            }
            Event::Trailers { stream, .. } => self.complete(stream),
            Event::Reset { stream, code, by } => {
                self.partial.remove(&stream);
                Collected::Other(Event::Reset { stream, code, by })
            }
            other => Collected::Other(other),
        }
    }
    // ANCHOR_END: collect

    fn complete(&mut self, stream: StreamId) -> Collected {
        match self.partial.remove(&stream) {
            Some((head, body)) => Collected::Request {
                stream,
                request: into_request(head, body),
            },
            None => Collected::Nothing,
        }
    }

    fn too_large(&mut self, conn: &mut H2Conn, stream: StreamId) -> Collected {
        self.partial.remove(&stream);
        let detail = format!("the body may have at most {} bytes", self.max_body);
        let _ = respond(conn, stream, Response::error(413, &detail), false);
        conn.stop_receiving(stream);
        Collected::TooLarge { stream }
    }
}

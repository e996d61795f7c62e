//! What the connection tells the application, in the order it happened.

use super::error::StreamFault;
use crate::error_code::ErrorCode;
use crate::frame::StreamId;
use crate::hpack::HeaderList;
use crate::http::Head;

/// Who reset a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResetBy {
    /// The client, with RST_STREAM (a browser cancelling a request it no
    /// longer needs sends CANCEL).
    Peer,
    /// We did, for this fault of the client's.
    Us(StreamFault),
}

/// One thing that happened on the connection; drain them with
/// [`H2Conn::next_event`](super::H2Conn::next_event) after every call that
/// feeds it input or takes its output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A new request. `end_stream`: it has no body (a GET).
    Request {
        /// Its stream.
        stream: StreamId,
        /// The request head, checked against §8.
        head: Head,
        /// No DATA follows.
        end_stream: bool,
    },
    /// Body octets of a request. Call
    /// [`data_consumed`](super::H2Conn::data_consumed) once they are used, so
    /// the client may send more (the stream's window is renewed then).
    Data {
        /// The stream.
        stream: StreamId,
        /// The octets (padding removed).
        data: Vec<u8>,
        /// The request is complete.
        end_stream: bool,
    },
    /// The request's trailers; the request is complete.
    Trailers {
        /// The stream.
        stream: StreamId,
        /// The fields.
        fields: HeaderList,
    },
    /// A stream ended early. It may be one the application never heard of
    /// (a request refused or malformed): ignore those ids.
    Reset {
        /// The stream.
        stream: StreamId,
        /// The RST_STREAM's code.
        code: ErrorCode,
        /// Which side.
        by: ResetBy,
    },
    /// Everything queued on this stream has been framed: queue more.
    SendReady {
        /// The stream.
        stream: StreamId,
    },
    /// The client is ending the connection: it opens no more streams.
    GoAway {
        /// The last stream of ours it processed (0: we push nothing).
        last_stream: StreamId,
        /// Why: NO_ERROR for a graceful close.
        code: ErrorCode,
        /// Its diagnostic octets.
        debug: Vec<u8>,
    },
}

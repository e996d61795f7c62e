//! Every way a Socket.IO packet can be malformed.

use std::fmt;

use super::packet::PacketType;
use crate::json::JsonError;

/// A malformed Socket.IO packet, or attachments that do not fit it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SocketIoError {
    /// An empty packet.
    Empty,
    /// A first byte that is no packet type (`0`–`6`).
    UnknownType(u8),
    /// A packet text longer than [`Limits::max_packet`](super::Limits).
    TooLarge {
        /// Its length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A binary type without `<n>-`, or a bad count.
    BadAttachmentCount,
    /// More attachments announced than [`Limits::max_attachments`](super::Limits).
    TooManyAttachments {
        /// The limit.
        max: usize,
    },
    /// A namespace over [`Limits::max_namespace`](super::Limits), or one that
    /// does not start with `/` or holds a `,` (on encoding).
    BadNamespace,
    /// An ack id that is too long, too large, or on a type that takes none.
    BadAckId,
    /// An ACK with no id to answer.
    AckWithoutId,
    /// The payload is not JSON.
    Json(JsonError),
    /// The payload is JSON, but not what the type requires.
    BadPayload(PacketType),
    /// A placeholder whose `num` has no attachment, or a count that does not
    /// match the attachments given.
    BadPlaceholder,
    /// A binary message when no binary packet is waiting for one.
    UnexpectedAttachment,
    /// A text packet while a binary packet still waits for attachments.
    AttachmentsMissing,
}

impl fmt::Display for SocketIoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SocketIoError::Empty => write!(f, "an empty Socket.IO packet"),
            SocketIoError::UnknownType(b) => {
                write!(f, "unknown Socket.IO packet type {:?}", char::from(*b))
            }
            SocketIoError::TooLarge { len, max } => write!(f, "a {len}-byte packet, over {max}"),
            SocketIoError::BadAttachmentCount => write!(f, "a bad attachment count"),
            SocketIoError::TooManyAttachments { max } => {
                write!(f, "more than {max} attachments announced")
            }
            SocketIoError::BadNamespace => write!(f, "a bad namespace"),
            SocketIoError::BadAckId => write!(f, "a bad ack id"),
            SocketIoError::AckWithoutId => write!(f, "an ack without an id"),
            SocketIoError::Json(e) => write!(f, "payload: {e}"),
            SocketIoError::BadPayload(t) => write!(f, "a payload a {t:?} packet cannot carry"),
            SocketIoError::BadPlaceholder => write!(f, "a placeholder with no attachment"),
            SocketIoError::UnexpectedAttachment => write!(f, "an attachment nobody announced"),
            SocketIoError::AttachmentsMissing => {
                write!(f, "a packet before the attachments announced")
            }
        }
    }
}

impl std::error::Error for SocketIoError {}

//! Padding, shared by DATA, HEADERS and PUSH_PROMISE (RFC 9113 §6.1).
//!
//! With the PADDED flag, the payload starts with a Pad Length octet and ends
//! with that many octets of padding, to hide the true size of what is sent.
//! The padding must leave room for the content: a Pad Length as long as the
//! payload or longer is a connection error of type PROTOCOL_ERROR. (The
//! padding octets must be sent as zero; §6.1 lets a receiver not check them,
//! and we do not.)

use super::error::{FrameError, Violation};
use super::header::FrameHeader;
use super::kind::PADDED;

/// The payload of a padded frame type, with the padding removed.
///
/// `fixed` is how many octets of fields come after the Pad Length and before
/// the content (5 for HEADERS' priority fields, 4 for PUSH_PROMISE's stream
/// id); a payload too short for those is a FRAME_SIZE_ERROR (§4.2).
///
/// # Returns
/// The Pad Length if the frame was padded, and the payload between the Pad
/// Length octet and the padding (the fixed fields included).
pub fn unpad<'a>(
    header: &FrameHeader,
    payload: &'a [u8],
    fixed: usize,
) -> Result<(Option<u8>, &'a [u8]), FrameError> {
    let too_short = || {
        FrameError::connection(Violation::BadLength {
            kind: header.kind,
            length: header.length,
        })
    };
    if !header.has(PADDED) {
        return if payload.len() < fixed {
            Err(too_short())
        } else {
            Ok((None, payload))
        };
    }
    let (&pad, rest) = payload.split_first().ok_or_else(too_short)?;
    if rest.len() < fixed {
        return Err(too_short());
    }
    if usize::from(pad) > rest.len() - fixed {
        return Err(FrameError::connection(Violation::PaddingTooLong {
            kind: header.kind,
            pad,
            length: header.length,
        }));
    }
    Ok((Some(pad), &rest[..rest.len() - usize::from(pad)]))
}

/// Appends a Pad Length octet when `pad` is set (the content follows, then
/// [`padding`]).
pub fn pad_length(pad: Option<u8>, out: &mut Vec<u8>) {
    if let Some(pad) = pad {
        out.push(pad);
    }
}

/// Appends the padding itself: zeros (§6.1).
pub fn padding(pad: Option<u8>, out: &mut Vec<u8>) {
    out.resize(out.len() + usize::from(pad.unwrap_or(0)), 0);
}

/// The octets padding adds to a payload: the Pad Length octet and the padding.
pub fn overhead(pad: Option<u8>) -> usize {
    pad.map_or(0, |p| 1 + usize::from(p))
}

//! Exercise: parse one header field line, `Host: example.com`, by RFC 9112 §5:
//! `field-line = field-name ":" OWS field-value OWS`.

use crate::is_tchar;

/// What was wrong with a field line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldError {
    /// The line starts with SP or HTAB: obsolete line folding (RFC 9112 §5.2).
    ObsFold,
    /// The name is empty, has a non-tchar byte, or no colon follows it.
    Name,
    /// SP or HTAB between the name and the colon (RFC 9112 §5.1: reject with 400).
    SpaceBeforeColon,
    /// A control byte (other than HTAB) in the value.
    Value,
}

/// Parses one field line, without its line end, into the name and the value
/// with the whitespace around it trimmed.
pub fn parse_header_line(line: &[u8]) -> Result<(&str, &[u8]), FieldError> {
    // TODO: reject a leading SP/HTAB (obs-fold), take the name (tchars) up to ':',
    // trim SP/HTAB around the value and reject control bytes in it.
    let _ = (line, is_tchar);
    todo!("parse_header_line: name ':' OWS value OWS (see the doc comments)")
}

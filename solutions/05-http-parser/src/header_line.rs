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
    // obs-fold: a continuation of the previous line's value. Old servers joined
    // them; RFC 9112 §5.2 says reject (or replace with SP). We reject.
    if matches!(line.first(), Some(b' ' | b'\t')) {
        return Err(FieldError::ObsFold);
    }
    let name_end = line
        .iter()
        .position(|&b| !is_tchar(b))
        .unwrap_or(line.len());
    match line.get(name_end) {
        Some(b':') if name_end > 0 => {}
        // `Host : x` — servers that trimmed this let attackers smuggle headers
        // past proxies that did not, so the RFC makes it a hard error.
        Some(b' ' | b'\t') if name_end > 0 => return Err(FieldError::SpaceBeforeColon),
        _ => return Err(FieldError::Name),
    }
    // OWS = *( SP / HTAB ) on both sides is not part of the value.
    let value = trim_ows(&line[name_end + 1..]);
    // field-vchar = VCHAR / obs-text, plus SP/HTAB inside: no other controls.
    if value.iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        return Err(FieldError::Value);
    }
    let name = std::str::from_utf8(&line[..name_end]).map_err(|_| FieldError::Name)?;
    Ok((name, value))
}

/// Trims only SP and HTAB (`trim_ascii` would also eat other controls, which
/// must be reported, not hidden).
fn trim_ows(v: &[u8]) -> &[u8] {
    let start = v
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(v.len());
    let end = v
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(start, |i| i + 1);
    &v[start..end]
}

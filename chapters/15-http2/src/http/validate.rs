//! The rules of RFC 9113 §8 that make a request *malformed*: each one a
//! stream error PROTOCOL_ERROR (§8.1.1), for that request only.
//!
//! HPACK delivers whatever octets the client sent; which of them HTTP allows
//! is decided here, deliberately strictly (§8.1.1: "being permissive can
//! expose implementations to these vulnerabilities"): a CR or LF in a value,
//! or a `transfer-encoding` field, means nothing in HTTP/2 but could split or
//! smuggle a request once a proxy turns it back into HTTP/1.1 text.

use std::fmt;

use ch06_http_server::encode::is_token;

use super::head::Head;
use crate::hpack::{HeaderField, HeaderList};

/// Why a request (or its trailers) is malformed, and where §8 says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Malformed {
    /// A field name that is not a lower-case token (§8.2, §8.2.1).
    BadName {
        /// The name, escaped.
        name: String,
    },
    /// A value with a control character (CR, LF, NUL…) or leading or trailing
    /// whitespace (§8.2.1).
    BadValue {
        /// The field's name.
        name: String,
    },
    /// A pseudo-header after an ordinary field (§8.3).
    PseudoAfterRegular {
        /// The pseudo-header.
        name: String,
    },
    /// A pseudo-header requests do not have, `:status` included (§8.3).
    UnknownPseudo {
        /// The pseudo-header.
        name: String,
    },
    /// The same pseudo-header twice (§8.3).
    RepeatedPseudo {
        /// The pseudo-header.
        name: String,
    },
    /// A mandatory pseudo-header is missing (§8.3.1).
    MissingPseudo {
        /// The pseudo-header.
        name: &'static str,
    },
    /// `:path` is empty (§8.3.1).
    EmptyPath,
    /// `:path` is not an absolute path (`/…`), nor `*` for OPTIONS (§8.3.1).
    BadPath,
    /// A CONNECT request with `:scheme` or `:path` (§8.5).
    ConnectWithPath,
    /// `:protocol` without CONNECT, or without our SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441 §4).
    BadProtocol,
    /// `:authority` with a `user@` part (§8.3.1).
    AuthorityUserinfo,
    /// A `host` field that differs from `:authority`, or more than one `host` (§8.3.1).
    BadHost,
    /// A connection-specific field: `connection`, `keep-alive`,
    /// `proxy-connection`, `transfer-encoding`, `upgrade` (§8.2.2).
    ConnectionSpecific {
        /// The field's name.
        name: String,
    },
    /// `te` with a value other than `trailers` (§8.2.2).
    BadTe,
    /// A `content-length` that is not a number, or two that differ.
    BadContentLength,
    /// The DATA received does not add up to `content-length` (§8.1.1).
    ContentLengthMismatch {
        /// What the field said.
        declared: u64,
        /// What arrived (so far, if it is already more).
        received: u64,
    },
    /// A pseudo-header in trailers (§8.1).
    PseudoInTrailers,
    /// A second HEADERS frame without END_STREAM: trailers must end the request (§8.1).
    TrailersWithoutEndStream,
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Malformed::BadName { name } => {
                write!(f, "field name {name:?} is not a lower-case token (§8.2.1)")
            }
            Malformed::BadValue { name } => write!(
                f,
                "field {name:?} has a control character or surrounding whitespace (§8.2.1)"
            ),
            Malformed::PseudoAfterRegular { name } => {
                write!(f, "{name} after an ordinary field (§8.3)")
            }
            Malformed::UnknownPseudo { name } => {
                write!(f, "{name} is not a request pseudo-header (§8.3)")
            }
            Malformed::RepeatedPseudo { name } => write!(f, "{name} appears twice (§8.3)"),
            Malformed::MissingPseudo { name } => write!(f, "no {name} (§8.3.1)"),
            Malformed::EmptyPath => write!(f, ":path is empty (§8.3.1)"),
            Malformed::BadPath => write!(f, ":path is neither /… nor * for OPTIONS (§8.3.1)"),
            Malformed::ConnectWithPath => write!(f, "CONNECT with :scheme or :path (§8.5)"),
            Malformed::BadProtocol => write!(
                f,
                ":protocol outside an extended CONNECT we allowed (RFC 8441 §4)"
            ),
            Malformed::AuthorityUserinfo => write!(f, ":authority with userinfo (§8.3.1)"),
            Malformed::BadHost => write!(f, "host differs from :authority, or repeats (§8.3.1)"),
            Malformed::ConnectionSpecific { name } => {
                write!(f, "connection-specific field {name:?} (§8.2.2)")
            }
            Malformed::BadTe => write!(f, "te other than \"trailers\" (§8.2.2)"),
            Malformed::BadContentLength => write!(f, "content-length is not one number"),
            Malformed::ContentLengthMismatch { declared, received } => {
                write!(f, "content-length {declared}, DATA {received} (§8.1.1)")
            }
            Malformed::PseudoInTrailers => write!(f, "a pseudo-header in trailers (§8.1)"),
            Malformed::TrailersWithoutEndStream => {
                write!(f, "a second HEADERS without END_STREAM (§8.1)")
            }
        }
    }
}

/// The fields HTTP/2 forbids because they describe one hop's connection,
/// which HTTP/2 manages itself (§8.2.2, RFC 9110 §7.6.1).
const CONNECTION_SPECIFIC: [&[u8]; 5] = [
    b"connection",
    b"keep-alive",
    b"proxy-connection",
    b"transfer-encoding",
    b"upgrade",
];

fn shown(bytes: &[u8]) -> String {
    bytes.escape_ascii().to_string()
}

/// §8.2.1 and RFC 9110 §5.1: a name is a token, and in HTTP/2 lower case.
fn check_name(name: &[u8]) -> Result<(), Malformed> {
    let text = std::str::from_utf8(name).unwrap_or("");
    if is_token(text) && !name.iter().any(u8::is_ascii_uppercase) {
        Ok(())
    } else {
        Err(Malformed::BadName { name: shown(name) })
    }
}

/// §8.2.1 and RFC 9110 §5.5: no control characters but HTAB, and no
/// whitespace at either end.
fn check_value(field: &HeaderField) -> Result<(), Malformed> {
    let v = &field.value;
    let control = v.iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f);
    let padded = [v.first(), v.last()]
        .into_iter()
        .flatten()
        .any(|&b| b == b' ' || b == b'\t');
    if control || padded {
        Err(Malformed::BadValue {
            name: shown(&field.name),
        })
    } else {
        Ok(())
    }
}

/// Sets a pseudo-header once.
fn once(slot: &mut Option<String>, field: &HeaderField) -> Result<(), Malformed> {
    if slot.is_some() {
        return Err(Malformed::RepeatedPseudo {
            name: shown(&field.name),
        });
    }
    let value = String::from_utf8(field.value.clone()).map_err(|_| Malformed::BadValue {
        name: shown(&field.name),
    })?;
    *slot = Some(value);
    Ok(())
}

fn content_length(value: &[u8]) -> Result<u64, Malformed> {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return Err(Malformed::BadContentLength);
    }
    std::str::from_utf8(value)
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or(Malformed::BadContentLength)
}

// ANCHOR: request_head
/// Checks a decoded request head (`block_len` octets of HPACK) against §8 and
/// sorts it into a [`Head`]. `extended_connect`: we announced
/// SETTINGS_ENABLE_CONNECT_PROTOCOL, so `:protocol` is allowed (RFC 8441).
pub fn request_head(
    list: HeaderList,
    block_len: usize,
    extended_connect: bool,
) -> Result<Head, Malformed> {
    let mut head = Head {
        method: String::new(),
        scheme: None,
        authority: None,
        path: None,
        protocol: None,
        fields: Vec::with_capacity(list.len()),
        content_length: None,
        block_len,
    };
    let mut method = None;
    let mut host: Option<Vec<u8>> = None;
    for field in list.0 {
        check_value(&field)?;
        if let Some(pseudo) = field.name.strip_prefix(b":") {
            if !head.fields.is_empty() {
                return Err(Malformed::PseudoAfterRegular {
                    name: shown(&field.name),
                });
            }
            match pseudo {
                b"method" => once(&mut method, &field)?,
                b"scheme" => once(&mut head.scheme, &field)?,
                b"authority" => once(&mut head.authority, &field)?,
                b"path" => once(&mut head.path, &field)?,
                b"protocol" if extended_connect => once(&mut head.protocol, &field)?,
                _ => {
                    return Err(Malformed::UnknownPseudo {
                        name: shown(&field.name),
                    });
                }
            }
            continue;
        }
        check_name(&field.name)?;
        let name = &field.name[..];
        if CONNECTION_SPECIFIC.contains(&name) {
            return Err(Malformed::ConnectionSpecific { name: shown(name) });
        }
        if name == b"te" && !field.value.eq_ignore_ascii_case(b"trailers") {
            return Err(Malformed::BadTe);
        }
        if name == b"content-length" {
            let n = content_length(&field.value)?;
            if head.content_length.is_some_and(|m| m != n) {
                return Err(Malformed::BadContentLength);
            }
            head.content_length = Some(n);
        }
        if name == b"host" {
            if host.is_some() {
                return Err(Malformed::BadHost);
            }
            host = Some(field.value.clone());
        }
        head.fields.push(field);
    }
    head.method = method.ok_or(Malformed::MissingPseudo { name: ":method" })?;
    check_control_data(&head)?;
    if let (Some(authority), Some(host)) = (&head.authority, &host)
        && !authority.as_bytes().eq_ignore_ascii_case(host)
    {
        return Err(Malformed::BadHost);
    }
    Ok(head)
}
// ANCHOR_END: request_head

/// The pseudo-headers each kind of request must and must not have (§8.3.1, §8.5).
fn check_control_data(head: &Head) -> Result<(), Malformed> {
    let connect = head.method == "CONNECT";
    if head.protocol.is_some() && !connect {
        return Err(Malformed::BadProtocol);
    }
    if head.authority.as_deref().is_some_and(|a| a.contains('@')) {
        return Err(Malformed::AuthorityUserinfo);
    }
    if connect && head.protocol.is_none() {
        // §8.5: a plain CONNECT names only where to tunnel to.
        if head.scheme.is_some() || head.path.is_some() {
            return Err(Malformed::ConnectWithPath);
        }
        if head.authority.is_none() {
            return Err(Malformed::MissingPseudo { name: ":authority" });
        }
        return Ok(());
    }
    if head.scheme.is_none() {
        return Err(Malformed::MissingPseudo { name: ":scheme" });
    }
    match head.path.as_deref() {
        None => Err(Malformed::MissingPseudo { name: ":path" }),
        Some("") => Err(Malformed::EmptyPath),
        Some("*") if head.method == "OPTIONS" => Ok(()),
        Some(p) if p.starts_with('/') => Ok(()),
        Some(_) => Err(Malformed::BadPath),
    }
}

/// Checks trailers (a HEADERS after the body): ordinary fields only (§8.1),
/// each valid (§8.2.1, §8.2.2).
pub fn trailers(list: &HeaderList) -> Result<(), Malformed> {
    for field in list.iter() {
        if field.name.starts_with(b":") {
            return Err(Malformed::PseudoInTrailers);
        }
        check_name(&field.name)?;
        check_value(field)?;
        if CONNECTION_SPECIFIC.contains(&&field.name[..]) {
            return Err(Malformed::ConnectionSpecific {
                name: shown(&field.name),
            });
        }
    }
    Ok(())
}

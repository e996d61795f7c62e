//! Solution: a request's pseudo-header fields (RFC 9113 §8.3, §8.3.1, §8.5).

/// The control data of a request, taken from its pseudo-header fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestPseudo {
    /// `:method`.
    pub method: String,
    /// `:scheme`; none for CONNECT.
    pub scheme: Option<String>,
    /// `:authority`, HTTP/1.1's Host.
    pub authority: Option<String>,
    /// `:path`; none for CONNECT.
    pub path: Option<String>,
}

/// The rule a request breaks: each makes it malformed (§8.1.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Malformed {
    /// A pseudo-header after an ordinary field (§8.3).
    PseudoAfterRegular(String),
    /// A pseudo-header that requests do not have: `:status`, anything made up (§8.3).
    UnknownPseudo(String),
    /// The same pseudo-header twice (§8.3.1: "exactly one").
    RepeatedPseudo(String),
    /// A pseudo-header the request must have (§8.3.1, §8.5).
    MissingPseudo(&'static str),
    /// `:path` is empty (§8.3.1).
    EmptyPath,
    /// `:path` neither starts with `/` nor is `*` in an OPTIONS request (§8.3.1).
    BadPath,
    /// A CONNECT request with `:scheme` or `:path` (§8.5).
    ConnectWithPath,
}

/// Checks the pseudo-header fields of a decoded request header list
/// (`(name, value)` in the order they arrived) and returns them.
pub fn check_pseudo_headers(fields: &[(&str, &str)]) -> Result<RequestPseudo, Malformed> {
    let mut method = None;
    let mut pseudo = RequestPseudo::default();
    let mut seen_regular = false;
    for &(name, value) in fields {
        if !name.starts_with(':') {
            seen_regular = true;
            continue;
        }
        // §8.3: "All pseudo-header fields MUST appear in a field block before
        // all regular field lines."
        if seen_regular {
            return Err(Malformed::PseudoAfterRegular(name.to_string()));
        }
        let slot = match name {
            ":method" => &mut method,
            ":scheme" => &mut pseudo.scheme,
            ":authority" => &mut pseudo.authority,
            ":path" => &mut pseudo.path,
            // `:status` belongs to responses; `:protocol` only to the extended
            // CONNECT of RFC 8441, which a server must announce first.
            _ => return Err(Malformed::UnknownPseudo(name.to_string())),
        };
        if slot.is_some() {
            return Err(Malformed::RepeatedPseudo(name.to_string()));
        }
        *slot = Some(value.to_string());
    }
    pseudo.method = method.ok_or(Malformed::MissingPseudo(":method"))?;
    if pseudo.method == "CONNECT" {
        // §8.5: a CONNECT names only where to tunnel to, host and port.
        if pseudo.scheme.is_some() || pseudo.path.is_some() {
            return Err(Malformed::ConnectWithPath);
        }
        if pseudo.authority.is_none() {
            return Err(Malformed::MissingPseudo(":authority"));
        }
        return Ok(pseudo);
    }
    if pseudo.scheme.is_none() {
        return Err(Malformed::MissingPseudo(":scheme"));
    }
    match pseudo.path.as_deref() {
        None => Err(Malformed::MissingPseudo(":path")),
        Some("") => Err(Malformed::EmptyPath),
        // The one target that is no path: `OPTIONS *`, asking about the server.
        Some("*") if pseudo.method == "OPTIONS" => Ok(pseudo),
        Some(p) if p.starts_with('/') => Ok(pseudo),
        Some(_) => Err(Malformed::BadPath),
    }
}

//! A header field and a header list, as HPACK decodes them and encodes them.
//!
//! HTTP/2 field names and values are octets: which bytes HTTP allows in them
//! is the HTTP layer's business (RFC 9113 §8.2.1), not the compressor's, so
//! HPACK hands over exactly what was sent.

use std::fmt;
use std::ops::Deref;

use super::dynamic_table::ENTRY_OVERHEAD;

/// One field: a name, a value, and whether it must never be indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderField {
    /// The name: lower case in HTTP/2 (RFC 9113 §8.2.1), pseudo-headers start with `:`.
    pub name: Vec<u8>,
    /// The value.
    pub value: Vec<u8>,
    /// Sent as "never indexed" (RFC 7541 §6.2.3): the value is a secret that no
    /// compression context, here or at a proxy, may remember. A decoded field
    /// has it set when the peer sent it that way; an intermediary must forward
    /// it the same way (§7.1.3).
    pub never_indexed: bool,
}

impl HeaderField {
    /// A field, never indexed if its name is one of [`is_sensitive`]'s.
    pub fn new(name: impl Into<Vec<u8>>, value: impl Into<Vec<u8>>) -> HeaderField {
        let name = name.into();
        HeaderField {
            never_indexed: is_sensitive(&name),
            name,
            value: value.into(),
        }
    }

    /// Its size as SETTINGS_MAX_HEADER_LIST_SIZE counts it (RFC 9113 §6.5.2),
    /// the same as a table entry's: name + value + 32.
    pub fn size(&self) -> usize {
        self.name.len() + self.value.len() + ENTRY_OVERHEAD
    }
}

/// The names whose values our encoder never indexes: credentials (RFC 7541
/// §7.1.3 names Authorization and Cookie as the fields worth protecting).
/// Indexing a secret lets an attacker who can add fields of their own and
/// watch the compressed size guess it one character at a time (CRIME, §7.1.1).
pub fn is_sensitive(name: &[u8]) -> bool {
    matches!(
        name,
        b"authorization" | b"proxy-authorization" | b"cookie" | b"set-cookie"
    )
}

/// A decoded header list, in the order the fields were sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderList(pub Vec<HeaderField>);

impl HeaderList {
    /// The value of the first field named `name`.
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.0
            .iter()
            .find(|f| f.name == name.as_bytes())
            .map(|f| &f.value[..])
    }

    /// The list's size as SETTINGS_MAX_HEADER_LIST_SIZE counts it.
    pub fn size(&self) -> usize {
        self.0.iter().map(HeaderField::size).sum()
    }
}

impl Deref for HeaderList {
    type Target = [HeaderField];

    fn deref(&self) -> &[HeaderField] {
        &self.0
    }
}

impl From<Vec<HeaderField>> for HeaderList {
    fn from(fields: Vec<HeaderField>) -> HeaderList {
        HeaderList(fields)
    }
}

impl fmt::Display for HeaderField {
    /// `name: value`, bytes outside printable ASCII escaped, and a mark on
    /// never-indexed fields: the form `--trace` prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            self.name.escape_ascii(),
            self.value.escape_ascii()
        )?;
        if self.never_indexed {
            f.write_str("  (never indexed)")?;
        }
        Ok(())
    }
}

impl fmt::Display for HeaderList {
    /// One field per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, field) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{field}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_never_indexed_by_default() {
        assert!(HeaderField::new("authorization", "Basic x").never_indexed);
        assert!(HeaderField::new("cookie", "id=1").never_indexed);
        assert!(!HeaderField::new("user-agent", "curl").never_indexed);
    }

    #[test]
    fn displays_for_the_trace() {
        let list = HeaderList(vec![
            HeaderField::new(":method", "GET"),
            HeaderField::new("x-bin", b"a\x01\xff".to_vec()),
            HeaderField::new("cookie", "id=1"),
        ]);
        assert_eq!(
            list.to_string(),
            ":method: GET\nx-bin: a\\x01\\xff\ncookie: id=1  (never indexed)"
        );
        assert_eq!(list.get("cookie"), Some(&b"id=1"[..]));
        assert_eq!(list.size(), (7 + 3 + 32) + (5 + 3 + 32) + (6 + 4 + 32));
    }
}

//! Solution: find the server name in a ClientHello, without any keys.

/// Why no name could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SniError {
    /// The bytes end before a length says they should.
    Truncated,
    /// Not a handshake record holding a ClientHello.
    NotClientHello,
    /// The host name is not ASCII.
    BadName,
}

/// A read position that can only move forward over bytes that exist.
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], SniError> {
        if self.0.len() < n {
            return Err(SniError::Truncated);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn int(&mut self, width: usize) -> Result<usize, SniError> {
        Ok(self
            .take(width)?
            .iter()
            .fold(0, |v, &b| v << 8 | b as usize))
    }

    /// A length of `width` bytes, then that many bytes.
    fn block(&mut self, width: usize) -> Result<Cursor<'a>, SniError> {
        let n = self.int(width)?;
        Ok(Cursor(self.take(n)?))
    }
}

/// The host name in the server_name extension of the ClientHello that
/// starts `record`.
pub fn server_name(record: &[u8]) -> Result<Option<String>, SniError> {
    let mut rec = Cursor(record);
    let header = rec.take(5)?;
    if header[0] != 22 {
        return Err(SniError::NotClientHello); // not a handshake record
    }
    let mut fragment = Cursor(rec.take(u16::from_be_bytes([header[3], header[4]]) as usize)?);
    if fragment.take(1)?[0] != 1 {
        return Err(SniError::NotClientHello); // handshake type 1 = ClientHello
    }
    let mut hello = fragment.block(3)?;
    hello.take(2 + 32)?; // legacy_version, random
    hello.block(1)?; // legacy_session_id
    hello.block(2)?; // cipher_suites
    hello.block(1)?; // legacy_compression_methods
    if hello.0.is_empty() {
        return Ok(None); // no extensions at all
    }
    let mut extensions = hello.block(2)?;
    while !extensions.0.is_empty() {
        let kind = extensions.int(2)?;
        let mut data = extensions.block(2)?;
        if kind != 0 {
            continue;
        }
        // RFC 6066 §3: a list of names; the only type defined is host_name (0).
        let mut list = data.block(2)?;
        while !list.0.is_empty() {
            let name_type = list.take(1)?[0];
            let name = list.block(2)?.0;
            if name_type == 0 {
                return match std::str::from_utf8(name) {
                    Ok(s) if s.is_ascii() && !s.is_empty() => Ok(Some(s.to_string())),
                    _ => Err(SniError::BadName),
                };
            }
        }
        return Ok(None);
    }
    Ok(None)
}

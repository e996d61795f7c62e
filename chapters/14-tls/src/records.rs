//! TLS records as `--trace` shows them: what crosses the wire under the
//! plaintext the other chapters trace.
//!
//! Every TLS byte travels in a record (RFC 8446 §5.1): a 5-byte header, then
//! up to 16 KiB (plus expansion) of fragment.
//!
//! ```text
//!   type (1)   legacy version (2)   length (2)   fragment (length bytes)
//!   22 = handshake   0x0303           0x00f1     ClientHello …
//! ```
//!
//! Before the keys are agreed, handshake messages are visible: the fragment's
//! first byte names the message (RFC 8446 §4). In TLS 1.3 everything after the
//! ServerHello is encrypted and sent as `application_data` (23), whatever it
//! really is (the certificate, Finished, HTTP): an observer sees only lengths.
//!
//! [`RecordTracer`] reads a byte stream in any pieces, as a socket hands it
//! over, and reports each record header it completes; it keeps a few bytes of
//! state and never buffers a record.

/// A record type's name (RFC 8446 §5.1, B.1).
pub fn content_type(t: u8) -> &'static str {
    match t {
        20 => "change_cipher_spec",
        21 => "alert",
        22 => "handshake",
        23 => "application_data",
        _ => "unknown",
    }
}

/// A handshake message's name (RFC 8446 §4, B.3).
pub fn handshake_type(t: u8) -> &'static str {
    match t {
        1 => "ClientHello",
        2 => "ServerHello",
        4 => "NewSessionTicket",
        8 => "EncryptedExtensions",
        11 => "Certificate",
        13 => "CertificateRequest",
        15 => "CertificateVerify",
        20 => "Finished",
        24 => "KeyUpdate",
        _ => "unknown",
    }
}

// ANCHOR: tracer
/// Finds record boundaries in one direction of a connection.
#[derive(Debug, Default, Clone)]
pub struct RecordTracer {
    /// The header being read (up to 5 bytes).
    header: [u8; 5],
    have: usize,
    /// Fragment bytes of the current record still to skip.
    skip: usize,
    /// The current record is a plaintext handshake whose first fragment
    /// byte (the message type) has not been seen yet.
    want_message: bool,
    /// Once the peer's keys are in use, handshake records are encrypted too.
    encrypted: bool,
    /// The line of the record whose message type is still to come.
    pending: Option<String>,
}

impl RecordTracer {
    /// A direction with nothing seen yet.
    pub fn new() -> RecordTracer {
        RecordTracer::default()
    }

    /// Reads `bytes` (the next piece of the stream) and returns a line per
    /// record whose header (and, for a plaintext handshake, message type) it
    /// completed, such as `record handshake (22), 241 bytes: ClientHello`.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<String> {
        let mut lines = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if self.want_message {
                let name = handshake_type(bytes[i]);
                if let Some(line) = self.pending.take() {
                    lines.push(format!("{line}: {name}"));
                }
                self.want_message = false;
            }
            if self.skip > 0 {
                let take = self.skip.min(bytes.len() - i);
                self.skip -= take;
                i += take;
                continue;
            }
            self.header[self.have] = bytes[i];
            self.have += 1;
            i += 1;
            if self.have < 5 {
                continue;
            }
            self.have = 0;
            let kind = self.header[0];
            let len = usize::from(u16::from_be_bytes([self.header[3], self.header[4]]));
            self.skip = len;
            let line = format!("record {} ({kind}), {len} bytes", content_type(kind));
            // In TLS 1.3 a change_cipher_spec (compatibility) or an encrypted
            // record means the plaintext handshake is over in this direction.
            if kind == 22 && !self.encrypted && len > 0 {
                self.want_message = true;
                self.pending = Some(line);
            } else {
                if kind == 23 || kind == 20 {
                    self.encrypted = true;
                }
                lines.push(if kind == 23 {
                    format!("{line} (encrypted)")
                } else {
                    line
                });
            }
        }
        lines
    }
}
// ANCHOR_END: tracer

#[cfg(test)]
mod tests {
    use super::*;

    /// A ClientHello record (type, version, length, then the message type),
    /// an alert, and an encrypted record, fed whole and a byte at a time.
    #[test]
    fn records_in_any_pieces() {
        let mut wire = vec![22, 3, 1, 0, 4, 1, 0, 0, 0];
        wire.extend_from_slice(&[21, 3, 3, 0, 2, 2, 40]);
        wire.extend_from_slice(&[23, 3, 3, 0, 3, 9, 9, 9]);
        let want = vec![
            "record handshake (22), 4 bytes: ClientHello".to_string(),
            "record alert (21), 2 bytes".to_string(),
            "record application_data (23), 3 bytes (encrypted)".to_string(),
        ];
        assert_eq!(RecordTracer::new().feed(&wire), want);
        let mut t = RecordTracer::new();
        let mut got = Vec::new();
        for b in &wire {
            got.extend(t.feed(std::slice::from_ref(b)));
        }
        assert_eq!(got, want);
    }

    #[test]
    fn after_encryption_handshake_records_are_not_named() {
        let mut t = RecordTracer::new();
        let mut wire = vec![20, 3, 3, 0, 1, 1];
        wire.extend_from_slice(&[22, 3, 3, 0, 1, 20]);
        assert_eq!(
            t.feed(&wire),
            vec![
                "record change_cipher_spec (20), 1 bytes".to_string(),
                "record handshake (22), 1 bytes".to_string(),
            ]
        );
    }
}

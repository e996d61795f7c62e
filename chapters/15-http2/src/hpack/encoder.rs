//! The HPACK encoder: a header list in, a header block out.
//!
//! RFC 7541 fixes the format, not the choices; ours, one field at a time:
//!
//! 1. The whole field is in a table (static first, then dynamic): one index.
//! 2. Otherwise it is sent as a literal, its name as an index when a table has
//!    the name, and its value as a string, Huffman-coded unless that is longer:
//!    - never indexed, if the field says so (credentials: see `field.rs`);
//!    - without indexing, if it would not fit in the table anyway;
//!    - with incremental indexing otherwise, so the next block can index it.
//!
//! These are the choices the RFC's own examples make (Appendix C.3–C.6), so
//! the tests check our output against them byte for byte.

use super::dynamic_table::{DynamicTable, entry_size};
use super::field::HeaderField;
use super::{integer, static_table, string};

/// One connection's HPACK encoder: our dynamic table, which the peer mirrors.
#[derive(Debug, Clone)]
pub struct Encoder {
    table: DynamicTable,
    /// The largest table we are willing to keep, whatever the peer allows.
    own_limit: usize,
    huffman: bool,
    /// The smallest size the table had since the last block, if it changed:
    /// the next block must say so (§4.2).
    pending_update: Option<usize>,
}

impl Default for Encoder {
    fn default() -> Encoder {
        Encoder::new(super::decoder::DEFAULT_TABLE_SIZE)
    }
}

impl Encoder {
    /// An encoder with a table of `table_size` octets (HTTP/2 starts at 4,096),
    /// never to grow past it, and Huffman coding on.
    pub fn new(table_size: usize) -> Encoder {
        Encoder {
            table: DynamicTable::new(table_size),
            own_limit: table_size,
            huffman: true,
            pending_update: None,
        }
    }

    /// Turns Huffman coding on or off (off reproduces RFC 7541 C.3 and C.5).
    pub fn set_huffman(&mut self, on: bool) {
        self.huffman = on;
    }

    /// The dynamic table as it stands.
    pub fn table(&self) -> &DynamicTable {
        &self.table
    }

    /// Applies the peer's SETTINGS_HEADER_TABLE_SIZE, the most its decoder
    /// keeps. We use that much, up to our own limit; a change is announced at
    /// the start of the next block.
    pub fn set_peer_table_size(&mut self, peer_limit: usize) {
        let size = peer_limit.min(self.own_limit);
        if size != self.table.max_size() {
            self.pending_update = Some(self.pending_update.map_or(size, |p| p.min(size)));
            self.table.set_max_size(size);
        }
    }

    // ANCHOR: encode
    /// Appends the block for `fields` to `out`.
    pub fn encode<'a>(
        &mut self,
        fields: impl IntoIterator<Item = &'a HeaderField>,
        out: &mut Vec<u8>,
    ) {
        if let Some(lowest) = self.pending_update.take() {
            // §4.2: the smallest size since the last block, then the final one.
            if lowest < self.table.max_size() {
                integer::encode(lowest, 5, 0x20, out);
            }
            integer::encode(self.table.max_size(), 5, 0x20, out);
        }
        for field in fields {
            self.encode_field(field, out);
        }
    }
    // ANCHOR_END: encode

    fn encode_field(&mut self, field: &HeaderField, out: &mut Vec<u8>) {
        let (name, value) = (&field.name[..], &field.value[..]);
        let dynamic_base = static_table::STATIC_TABLE.len() + 1;
        if !field.never_indexed {
            let index = static_table::find_field(name, value)
                .or_else(|| self.table.find_field(name, value).map(|i| i + dynamic_base));
            if let Some(index) = index {
                integer::encode(index, 7, 0x80, out);
                return;
            }
        }
        let name_index = static_table::find_name(name)
            .or_else(|| self.table.find_name(name).map(|i| i + dynamic_base))
            .unwrap_or(0);
        if field.never_indexed {
            integer::encode(name_index, 4, 0x10, out);
        } else if entry_size(name, value) > self.table.max_size() {
            integer::encode(name_index, 4, 0x00, out);
        } else {
            integer::encode(name_index, 6, 0x40, out);
            self.table.insert(name, value);
        }
        if name_index == 0 {
            string::encode(name, self.huffman, out);
        }
        string::encode(value, self.huffman, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hpack::Decoder;

    #[test]
    fn a_repeated_field_becomes_one_byte() {
        let mut e = Encoder::default();
        let fields = [HeaderField::new("x-trace", "abc123")];
        let mut first = Vec::new();
        e.encode(&fields, &mut first);
        assert_eq!(
            first[0], 0x40,
            "literal with incremental indexing, new name"
        );
        let mut second = Vec::new();
        e.encode(&fields, &mut second);
        assert_eq!(second, [0xbe], "index 62, the newest dynamic entry");
    }

    #[test]
    fn credentials_go_never_indexed() {
        let mut e = Encoder::default();
        let mut out = Vec::new();
        e.encode(&[HeaderField::new("authorization", "secret")], &mut out);
        assert_eq!(
            out[0],
            0x10 | 0x0f,
            "never indexed, name index 23 (15 + 8 in continuation)"
        );
        assert!(e.table().is_empty());
        let list = Decoder::default().decode(&out).unwrap();
        assert!(list[0].never_indexed);
    }

    #[test]
    fn fields_too_big_for_the_table_are_not_indexed() {
        let mut e = Encoder::new(64);
        let mut out = Vec::new();
        e.encode(&[HeaderField::new("x-big", vec![b'a'; 40])], &mut out);
        assert_eq!(out[0], 0x00);
        assert!(e.table().is_empty());
    }

    #[test]
    fn table_size_changes_are_announced_once() {
        let mut e = Encoder::default();
        e.set_peer_table_size(0);
        e.set_peer_table_size(8192); // we keep 4,096 at most
        let mut out = Vec::new();
        e.encode(&[HeaderField::new(":method", "GET")], &mut out);
        // 0 (the smallest), then 4096 (the final size), then the field.
        assert_eq!(out, [0x20, 0x3f, 0xe1, 0x1f, 0x82]);
        let mut d = Decoder::default();
        d.decode(&out).unwrap();
        out.clear();
        e.encode(&[HeaderField::new(":method", "GET")], &mut out);
        assert_eq!(out, [0x82]);
        // A peer that allows more than we keep changes nothing.
        let mut e = Encoder::default();
        e.set_peer_table_size(65536);
        out.clear();
        e.encode(&[HeaderField::new(":method", "GET")], &mut out);
        assert_eq!(out, [0x82]);
    }
}

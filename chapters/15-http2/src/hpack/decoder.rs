//! The HPACK decoder: a header block in, a header list out (RFC 7541 §3, §6).
//!
//! A block is a sequence of representations, each told apart by its first bits:
//!
//! ```text
//!   1xxxxxxx  indexed field (§6.1)            index, 7-bit prefix
//!   01xxxxxx  literal, incremental indexing   name index (0: literal name), 6-bit prefix
//!   001xxxxx  dynamic table size update       new size, 5-bit prefix   (§6.3)
//!   0001xxxx  literal, never indexed          name index, 4-bit prefix (§6.2.3)
//!   0000xxxx  literal, without indexing       name index, 4-bit prefix (§6.2.2)
//! ```
//!
//! Everything a peer controls is bounded before it is trusted: integers
//! (`integer.rs`), string lengths (`string.rs`), and the decoded list itself,
//! which is counted as it grows and stops being kept at
//! SETTINGS_MAX_HEADER_LIST_SIZE. A one-byte index can name a 4 KiB table
//! entry, so a 16 KiB block could otherwise expand to 64 MiB.

use super::dynamic_table::DynamicTable;
use super::error::DecodeError;
use super::field::{HeaderField, HeaderList};
use super::{integer, static_table, string};

/// SETTINGS_HEADER_TABLE_SIZE when a connection starts (RFC 9113 §6.5.2).
pub const DEFAULT_TABLE_SIZE: usize = 4096;

/// Our default SETTINGS_MAX_HEADER_LIST_SIZE: 64 KiB, far above what a browser
/// sends (a request with a few cookies is 1–2 KiB) and small enough that a
/// thousand connections decoding at once cost little.
pub const DEFAULT_MAX_HEADER_LIST_SIZE: usize = 64 * 1024;

/// One connection's HPACK decoder: the peer's encoder's dynamic table, mirrored.
///
/// After an error whose [`DecodeError::connection_error`] is `Some`, the
/// table may no longer match the peer's: the connection must end.
#[derive(Debug, Clone)]
pub struct Decoder {
    table: DynamicTable,
    /// Our SETTINGS_HEADER_TABLE_SIZE: the most a size update may ask for.
    table_size_limit: usize,
    /// The lowest limit we set since the last block, if it was below the
    /// table's size: the next block must shrink the table at least that far.
    update_required: Option<usize>,
    max_header_list_size: usize,
}

impl Default for Decoder {
    fn default() -> Decoder {
        Decoder::new(DEFAULT_TABLE_SIZE, DEFAULT_MAX_HEADER_LIST_SIZE)
    }
}

impl Decoder {
    /// A decoder whose table starts at, and is limited to, `table_size` octets,
    /// keeping header lists of at most `max_header_list_size` octets.
    pub fn new(table_size: usize, max_header_list_size: usize) -> Decoder {
        Decoder {
            table: DynamicTable::new(table_size),
            table_size_limit: table_size,
            update_required: None,
            max_header_list_size,
        }
    }

    /// The dynamic table as it stands.
    pub fn table(&self) -> &DynamicTable {
        &self.table
    }

    /// Applies a new SETTINGS_HEADER_TABLE_SIZE of ours, once the peer has
    /// acknowledged it (RFC 9113 §4.3.1). Below the table's current size, the
    /// peer's next block must begin with a size update to at most `limit`.
    pub fn set_table_size_limit(&mut self, limit: usize) {
        self.table_size_limit = limit;
        if limit < self.table.max_size() {
            let lowest = self.update_required.map_or(limit, |r| r.min(limit));
            self.update_required = Some(lowest);
        }
    }

    /// Changes the header-list limit (our SETTINGS_MAX_HEADER_LIST_SIZE).
    pub fn set_max_header_list_size(&mut self, limit: usize) {
        self.max_header_list_size = limit;
    }

    // ANCHOR: decode
    /// Decodes one complete header block (the fragments of a HEADERS frame and
    /// its CONTINUATIONs, joined).
    pub fn decode(&mut self, block: &[u8]) -> Result<HeaderList, DecodeError> {
        // A single string longer than this can be neither kept in a list nor
        // stored in the table: we refuse it as over an implementation limit.
        let string_limit = self.max_header_list_size.max(self.table_size_limit);
        let mut list = Vec::new();
        let mut list_size = 0usize;
        let mut over_limit = false;
        let mut at = 0;
        let mut fields_started = false;
        while at < block.len() {
            let rest = &block[at..];
            let first = rest[0];
            if first & 0xe0 == 0x20 {
                // §4.2: size updates come first in a block, before any field.
                if fields_started {
                    return Err(DecodeError::SizeUpdateNotAtStart);
                }
                let (size, n) = integer::decode(rest, 5)?;
                self.update_table_size(size as usize)?;
                at += n;
                continue;
            }
            if !fields_started {
                self.check_no_update_pending()?;
                fields_started = true;
            }
            let (field, n) = if first & 0x80 != 0 {
                let (index, n) = integer::decode(rest, 7)?;
                if index == 0 {
                    return Err(DecodeError::IndexZero);
                }
                let (name, value) = self.lookup(index as usize)?;
                let field = HeaderField {
                    name: name.to_vec(),
                    value: value.to_vec(),
                    never_indexed: false,
                };
                (field, n)
            } else if first & 0xc0 == 0x40 {
                let (field, n) = self.literal(rest, 6, string_limit)?;
                // The name was copied out before this insert, so evicting the
                // entry it came from cannot pull it away (§4.4's caution).
                self.table.insert(&field.name, &field.value);
                (field, n)
            } else {
                // 0001xxxx never indexed, 0000xxxx without indexing: neither
                // touches the table; the first is a promise to keep it so.
                let (mut field, n) = self.literal(rest, 4, string_limit)?;
                field.never_indexed = first & 0x10 != 0;
                (field, n)
            };
            at += n;
            // The limit is enforced as the list grows: past it, fields are
            // still decoded (the table must stay in step) but not kept.
            list_size = list_size.saturating_add(field.size());
            if list_size > self.max_header_list_size {
                over_limit = true;
            } else {
                list.push(field);
            }
        }
        if !fields_started {
            self.check_no_update_pending()?;
        }
        if over_limit {
            return Err(DecodeError::HeaderListTooLarge {
                limit: self.max_header_list_size,
            });
        }
        Ok(HeaderList(list))
    }
    // ANCHOR_END: decode

    /// A literal field (§6.2) at the start of `input`, with a name index of
    /// `prefix_bits` bits (0 means the name follows as a string).
    fn literal(
        &self,
        input: &[u8],
        prefix_bits: u8,
        string_limit: usize,
    ) -> Result<(HeaderField, usize), DecodeError> {
        let (index, mut at) = integer::decode(input, prefix_bits)?;
        let mut name = Vec::new();
        if index == 0 {
            at += string::decode(&input[at..], string_limit, &mut name)?;
        } else {
            name.extend_from_slice(self.lookup(index as usize)?.0);
        }
        let mut value = Vec::new();
        at += string::decode(&input[at..], string_limit, &mut value)?;
        let field = HeaderField {
            name,
            value,
            never_indexed: false,
        };
        Ok((field, at))
    }

    /// The entry at HPACK `index`: 1–61 static, 62 onwards dynamic (§2.3.3).
    fn lookup(&self, index: usize) -> Result<(&[u8], &[u8]), DecodeError> {
        let found = if index <= static_table::STATIC_TABLE.len() {
            static_table::get(index)
        } else {
            self.table.get(index - static_table::STATIC_TABLE.len() - 1)
        };
        found.ok_or(DecodeError::IndexOutOfRange {
            index,
            highest: static_table::STATIC_TABLE.len() + self.table.len(),
        })
    }

    fn update_table_size(&mut self, size: usize) -> Result<(), DecodeError> {
        if size > self.table_size_limit {
            return Err(DecodeError::SizeUpdateTooLarge {
                size,
                limit: self.table_size_limit,
            });
        }
        self.table.set_max_size(size);
        if self.update_required.is_some_and(|lowest| size <= lowest) {
            self.update_required = None;
        }
        Ok(())
    }

    fn check_no_update_pending(&self) -> Result<(), DecodeError> {
        match self.update_required {
            Some(_) => Err(DecodeError::SizeUpdateMissing),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &HeaderList) -> Vec<String> {
        list.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn rfc_7541_c2_representations() {
        // C.2.1: literal with indexing, literal name.
        let mut d = Decoder::default();
        let list = d.decode(b"\x40\x0acustom-key\x0dcustom-header").unwrap();
        assert_eq!(names(&list), ["custom-key: custom-header"]);
        assert_eq!(d.table().size(), 55);
        // C.2.2: literal without indexing, indexed name (:path, 4).
        let mut d = Decoder::default();
        let list = d.decode(b"\x04\x0c/sample/path").unwrap();
        assert_eq!(names(&list), [":path: /sample/path"]);
        assert!(d.table().is_empty());
        // C.2.3: never indexed, literal name.
        let mut d = Decoder::default();
        let list = d.decode(b"\x10\x08password\x06secret").unwrap();
        assert_eq!(names(&list), ["password: secret  (never indexed)"]);
        assert!(d.table().is_empty());
        // C.2.4: indexed (:method: GET).
        let list = Decoder::default().decode(b"\x82").unwrap();
        assert_eq!(names(&list), [":method: GET"]);
    }

    #[test]
    fn indexes_are_checked() {
        let mut d = Decoder::default();
        assert_eq!(d.decode(b"\x80"), Err(DecodeError::IndexZero));
        assert_eq!(
            d.decode(b"\xbe"),
            Err(DecodeError::IndexOutOfRange {
                index: 62,
                highest: 61
            })
        );
        // A literal whose name index is past the end, too.
        assert_eq!(
            d.decode(b"\x7f\x00\x00"),
            Err(DecodeError::IndexOutOfRange {
                index: 63,
                highest: 61
            })
        );
    }

    #[test]
    fn size_updates_only_at_the_start_and_within_the_limit() {
        let mut d = Decoder::default();
        // Two updates then a field: fine, and the table is resized.
        d.decode(b"\x20\x3f\xe1\x1f\x82").unwrap();
        assert_eq!(d.table().max_size(), 4096);
        assert_eq!(
            d.decode(b"\x82\x20"),
            Err(DecodeError::SizeUpdateNotAtStart)
        );
        // 4097 > 4096.
        let mut d = Decoder::default();
        assert_eq!(
            d.decode(b"\x3f\xe2\x1f"),
            Err(DecodeError::SizeUpdateTooLarge {
                size: 4097,
                limit: 4096
            })
        );
    }

    #[test]
    fn a_lowered_limit_requires_an_update() {
        let mut d = Decoder::default();
        d.decode(b"\x40\x01a\x01b").unwrap();
        d.set_table_size_limit(0);
        assert_eq!(d.decode(b"\x82"), Err(DecodeError::SizeUpdateMissing));
        let mut d = Decoder::default();
        d.set_table_size_limit(100);
        d.set_table_size_limit(4096);
        // The lowest limit of the interval (100) must be signalled: 4096 alone is not enough.
        assert_eq!(
            d.decode(b"\x3f\xe1\x1f\x82"),
            Err(DecodeError::SizeUpdateMissing)
        );
        let mut d2 = Decoder::default();
        d2.set_table_size_limit(100);
        d2.set_table_size_limit(4096);
        let list = d2.decode(b"\x3f\x45\x3f\xe1\x1f\x82").unwrap();
        assert_eq!(names(&list), [":method: GET"]);
        // Raising the limit needs no update.
        let mut d = Decoder::new(100, 1000);
        d.set_table_size_limit(200);
        assert!(d.decode(b"\x82").is_ok());
    }

    #[test]
    fn the_header_list_limit_is_enforced_but_the_table_kept_in_step() {
        // A 40-octet entry, then indexed 10 times: 400 octets of list from 13 bytes.
        let mut block = b"\x40\x04name\x04valu".to_vec();
        block.extend([0xbe; 10]);
        let mut d = Decoder::new(4096, 200);
        assert_eq!(
            d.decode(&block),
            Err(DecodeError::HeaderListTooLarge { limit: 200 })
        );
        assert_eq!(d.table().len(), 1, "the insert happened anyway");
        // The next block can use the entry: the two tables still agree.
        let list = d.decode(b"\xbe").unwrap();
        assert_eq!(names(&list), ["name: valu"]);
    }

    #[test]
    fn an_inserted_literal_may_name_the_entry_it_evicts() {
        // Table of 40 octets holds exactly one 4+4 entry; the next literal
        // takes its name from index 62 and evicts that very entry (§4.4).
        let mut d = Decoder::new(40, 1000);
        d.decode(b"\x40\x04name\x04valu").unwrap();
        let list = d.decode(b"\x7e\x04VALU").unwrap();
        assert_eq!(names(&list), ["name: VALU"]);
        assert_eq!(d.table().get(0), Some((&b"name"[..], &b"VALU"[..])));
        assert_eq!(d.table().len(), 1);
    }

    #[test]
    fn strings_over_the_limit_are_refused_before_decoding() {
        let mut d = Decoder::new(4096, 4096);
        let mut block = vec![0x40, 0x01, b'a', 0x7f];
        block.extend([0xe1, 0xff, 0x3f]); // a value length of about 1 MiB
        assert!(matches!(
            d.decode(&block),
            Err(DecodeError::StringTooLong { .. })
        ));
    }
}

//! The dynamic table (RFC 7541 §4): the fields both ends remember.
//!
//! Every field sent "with incremental indexing" is added at the front, so the
//! next request can send one index instead of `user-agent: Mozilla/5.0 …`.
//! Its size is counted in octets the RFC's way, name + value + 32 for each
//! entry (§4.1: the 32 stands for an implementation's overhead), and it is
//! bounded: adding past the maximum evicts the oldest entries first (§4.4).
//! Each side keeps a copy, and because both apply the same rules to the same
//! fields in the same order, the copies stay identical without ever being sent.

use std::collections::VecDeque;

/// The octets §4.1 adds to each entry's name and value.
pub const ENTRY_OVERHEAD: usize = 32;

/// The size of an entry for `name` and `value` (§4.1).
pub fn entry_size(name: &[u8], value: &[u8]) -> usize {
    name.len() + value.len() + ENTRY_OVERHEAD
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    name: Box<[u8]>,
    value: Box<[u8]>,
}

/// One side's dynamic table: newest entry first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DynamicTable {
    entries: VecDeque<Entry>,
    size: usize,
    max_size: usize,
}

impl DynamicTable {
    /// An empty table holding at most `max_size` octets (4,096 when HTTP/2 starts).
    pub fn new(max_size: usize) -> DynamicTable {
        DynamicTable {
            entries: VecDeque::new(),
            size: 0,
            max_size,
        }
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The table's size in octets (§4.1).
    pub fn size(&self) -> usize {
        self.size
    }

    /// The most octets the table may hold now.
    pub fn max_size(&self) -> usize {
        self.max_size
    }

    /// The entry at `index`, 0 being the newest (HPACK index 62).
    pub fn get(&self, index: usize) -> Option<(&[u8], &[u8])> {
        self.entries.get(index).map(|e| (&*e.name, &*e.value))
    }

    /// Every entry, newest first.
    pub fn iter(&self) -> impl Iterator<Item = (&[u8], &[u8])> {
        self.entries.iter().map(|e| (&*e.name, &*e.value))
    }

    // ANCHOR: insert
    /// Adds a field at the front, evicting from the back until it fits (§4.4).
    /// A field larger than the whole table empties it and is not added: that
    /// is not an error.
    pub fn insert(&mut self, name: &[u8], value: &[u8]) {
        let size = entry_size(name, value);
        if size > self.max_size {
            self.entries.clear();
            self.size = 0;
            return;
        }
        self.evict_to(self.max_size - size);
        self.entries.push_front(Entry {
            name: name.into(),
            value: value.into(),
        });
        self.size += size;
    }
    // ANCHOR_END: insert

    /// Changes the maximum size, evicting the oldest entries until the table
    /// fits (§4.3).
    pub fn set_max_size(&mut self, max_size: usize) {
        self.max_size = max_size;
        self.evict_to(max_size);
    }

    /// The lowest index (0-based) of an entry with this name and value.
    pub fn find_field(&self, name: &[u8], value: &[u8]) -> Option<usize> {
        self.entries
            .iter()
            .position(|e| &*e.name == name && &*e.value == value)
    }

    /// The lowest index (0-based) of an entry with this name.
    pub fn find_name(&self, name: &[u8]) -> Option<usize> {
        self.entries.iter().position(|e| &*e.name == name)
    }

    fn evict_to(&mut self, size: usize) {
        while self.size > size {
            let oldest = self
                .entries
                .pop_back()
                .expect("a non-zero size has entries");
            self.size -= entry_size(&oldest.name, &oldest.value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_and_sized_the_rfc_way() {
        let mut t = DynamicTable::new(4096);
        t.insert(b":authority", b"www.example.com");
        t.insert(b"cache-control", b"no-cache");
        assert_eq!(t.size(), 57 + 53, "RFC 7541 C.3.2: table size 110");
        assert_eq!(t.get(0), Some((&b"cache-control"[..], &b"no-cache"[..])));
        assert_eq!(t.get(1).unwrap().0, b":authority");
        assert_eq!(t.get(2), None);
        assert_eq!(t.find_field(b":authority", b"www.example.com"), Some(1));
        assert_eq!(t.find_name(b"cache-control"), Some(0));
    }

    #[test]
    fn eviction_drops_the_oldest() {
        // 3 entries of 40 octets fit in 120; a fourth evicts the first.
        let mut t = DynamicTable::new(120);
        for name in [b"aaaa", b"bbbb", b"cccc", b"dddd"] {
            t.insert(name, b"1234");
        }
        let names: Vec<&[u8]> = t.iter().map(|(n, _)| n).collect();
        assert_eq!(names, [b"dddd", b"cccc", b"bbbb"]);
        assert_eq!(t.size(), 120);
        // Shrinking evicts down to the new size; zero empties the table.
        t.set_max_size(80);
        assert_eq!(t.len(), 2);
        t.set_max_size(0);
        assert!(t.is_empty());
        assert_eq!(t.size(), 0);
    }

    #[test]
    fn an_entry_larger_than_the_table_empties_it() {
        let mut t = DynamicTable::new(100);
        t.insert(b"a", b"b");
        t.insert(b"big", &[b'x'; 80]);
        assert!(t.is_empty());
        // Exactly the maximum fits.
        t.insert(b"big", &[b'x'; 65]);
        assert_eq!((t.len(), t.size()), (1, 100));
    }
}

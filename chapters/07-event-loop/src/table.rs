//! The connection table: slots that are reused, and ids that go stale.
//!
//! A loop serving 10,000 connections needs to find a connection's state from
//! the token the kernel returns, in O(1), without a hash map. A `Vec` of slots
//! does it: the token holds the slot index. Closed slots go on a free list and
//! are reused (last freed, first reused), and each reuse bumps the slot's
//! generation so old ids stop matching (see [`crate::token`]).
//!
//! ```text
//!  slots:  [0: gen 0, conn A] [1: gen 2, free] [2: gen 0, conn C]
//!  free:   [1]
//!  get(#1.1) → None (slot 1 is free)     insert(D) → #1.2
//!  get(#1.1) → None (generation 1 ≠ 2)   get(#1.2) → Some(D)
//! ```

use crate::token::{ConnId, MAX_SLOTS};

// ANCHOR: table
/// A slab of values addressed by generation-checked [`ConnId`]s.
#[derive(Debug)]
pub struct Table<T> {
    slots: Vec<Slot<T>>,
    /// Indexes of empty slots, reused last-in first-out.
    free: Vec<u32>,
    len: usize,
}

#[derive(Debug)]
struct Slot<T> {
    /// Bumped each time the slot is emptied, so ids handed out before go stale.
    generation: u32,
    value: Option<T>,
}

impl<T> Table<T> {
    /// An empty table.
    pub fn new() -> Table<T> {
        Table {
            slots: Vec::new(),
            free: Vec::new(),
            len: 0,
        }
    }

    /// Stores `value` in a free slot (or a new one) and returns its id.
    /// Returns the value back if the table holds [`MAX_SLOTS`] already.
    pub fn insert(&mut self, value: T) -> Result<ConnId, T> {
        let index = match self.free.pop() {
            Some(index) => index,
            None if self.slots.len() < MAX_SLOTS => {
                self.slots.push(Slot {
                    generation: 0,
                    value: None,
                });
                (self.slots.len() - 1) as u32
            }
            None => return Err(value),
        };
        let slot = &mut self.slots[index as usize];
        slot.value = Some(value);
        self.len += 1;
        Ok(ConnId::new(index, slot.generation))
    }

    /// The value for `id`, if `id` is still current.
    pub fn get(&self, id: ConnId) -> Option<&T> {
        let slot = self.slots.get(id.index())?;
        if slot.generation != id.generation() {
            return None; // a stale id: the slot has been reused (or emptied) since
        }
        slot.value.as_ref()
    }

    /// The value for `id`, mutably, if `id` is still current.
    pub fn get_mut(&mut self, id: ConnId) -> Option<&mut T> {
        let slot = self.slots.get_mut(id.index())?;
        if slot.generation != id.generation() {
            return None;
        }
        slot.value.as_mut()
    }

    /// Takes the value out; the slot's generation moves on so `id` is stale from now on.
    pub fn remove(&mut self, id: ConnId) -> Option<T> {
        let slot = self.slots.get_mut(id.index())?;
        if slot.generation != id.generation() {
            return None;
        }
        let value = slot.value.take()?;
        slot.generation = slot.generation.wrapping_add(1);
        self.free.push(id.index() as u32);
        self.len -= 1;
        Some(value)
    }
    // ANCHOR_END: table

    /// How many values are stored.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The ids of every stored value, in slot order.
    pub fn ids(&self) -> impl Iterator<Item = ConnId> + '_ {
        self.slots.iter().enumerate().filter_map(|(i, slot)| {
            slot.value
                .as_ref()
                .map(|_| ConnId::new(i as u32, slot.generation))
        })
    }
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reused_slots_get_new_generations() {
        let mut t = Table::new();
        let a = t.insert("a").unwrap();
        let b = t.insert("b").unwrap();
        assert_eq!(t.remove(a), Some("a"));
        assert_eq!(t.remove(a), None, "removing twice");
        let c = t.insert("c").unwrap();
        assert_eq!(c.index(), a.index(), "the freed slot is reused");
        assert_ne!(c, a);
        assert_eq!(t.get(a), None, "a stale id finds nothing");
        assert_eq!(t.get_mut(a), None);
        assert_eq!(t.remove(a), None, "a stale id removes nothing");
        assert_eq!(t.get(c), Some(&"c"));
        assert_eq!(t.get(b), Some(&"b"));
        assert_eq!(t.len(), 2);
        assert_eq!(t.ids().collect::<Vec<_>>(), vec![c, b]);
        assert_eq!(t.get(ConnId::new(99, 0)), None);
    }
}

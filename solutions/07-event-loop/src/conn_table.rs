//! Exercise: a connection table with generation-checked ids.
//!
//! Slots are reused after a close. Each slot counts its reuses (its generation)
//! and an id carries the generation it was issued with, so an id kept by
//! someone after the close (a timer, a chat room) no longer matches.

/// A connection's name: its slot and the slot's generation when it was issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Id {
    /// The slot.
    pub index: u32,
    /// The slot's generation when this id was issued.
    pub generation: u32,
}

/// A slab of values addressed by [`Id`]s.
#[derive(Debug, Default)]
pub struct Table<T> {
    /// Each slot: its generation, and a value when occupied.
    slots: Vec<(u32, Option<T>)>,
    /// Empty slots, to reuse before growing.
    free: Vec<u32>,
}

impl<T> Table<T> {
    /// An empty table.
    pub fn new() -> Table<T> {
        Table {
            slots: Vec::new(),
            free: Vec::new(),
        }
    }

    /// Stores `value`, reusing the most recently freed slot if there is one.
    pub fn insert(&mut self, value: T) -> Id {
        // Reuse first: the table stays as big as the most connections ever open.
        let index = match self.free.pop() {
            Some(index) => index,
            None => {
                self.slots.push((0, None));
                (self.slots.len() - 1) as u32
            }
        };
        let slot = &mut self.slots[index as usize];
        slot.1 = Some(value);
        Id {
            index,
            generation: slot.0,
        }
    }

    /// The value for `id`, unless the id is stale or unknown.
    pub fn get(&self, id: Id) -> Option<&T> {
        match self.slots.get(id.index as usize)? {
            // The generation check is the whole point: same slot, later tenant → None.
            (generation, value) if *generation == id.generation => value.as_ref(),
            _ => None,
        }
    }

    /// Like [`get`](Self::get), mutably.
    pub fn get_mut(&mut self, id: Id) -> Option<&mut T> {
        match self.slots.get_mut(id.index as usize)? {
            (generation, value) if *generation == id.generation => value.as_mut(),
            _ => None,
        }
    }

    /// Removes and returns the value; from now on `id` is stale.
    pub fn remove(&mut self, id: Id) -> Option<T> {
        let slot = self.slots.get_mut(id.index as usize)?;
        if slot.0 != id.generation {
            return None;
        }
        let value = slot.1.take()?;
        // Bump the generation now, so every id issued for this tenant goes stale.
        slot.0 = slot.0.wrapping_add(1);
        self.free.push(id.index);
        Some(value)
    }

    /// How many values are stored.
    pub fn len(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

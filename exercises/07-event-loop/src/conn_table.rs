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
        // TODO: pop a free index or push a new slot (generation 0); store the value.
        let _ = value;
        todo!("insert: reuse a free slot or grow, return Id {{ index, generation }}")
    }

    /// The value for `id`, unless the id is stale or unknown.
    pub fn get(&self, id: Id) -> Option<&T> {
        // TODO: the slot must exist and have the id's generation.
        let _ = (id, &self.slots);
        todo!("get: check the generation before handing out the value")
    }

    /// Like [`get`](Self::get), mutably.
    pub fn get_mut(&mut self, id: Id) -> Option<&mut T> {
        // TODO: as get.
        let _ = id;
        todo!("get_mut: the same check as get")
    }

    /// Removes and returns the value; from now on `id` is stale.
    pub fn remove(&mut self, id: Id) -> Option<T> {
        // TODO: take the value, bump the slot's generation, remember the free index.
        let _ = (id, &mut self.free);
        todo!("remove: take, bump the generation, free the slot")
    }

    /// How many values are stored.
    pub fn len(&self) -> usize {
        // TODO: count the occupied slots.
        todo!("len: slots minus free slots")
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

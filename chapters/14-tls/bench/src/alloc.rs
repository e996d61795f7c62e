//! A counting allocator: what the heap holds, by allocation size, for the
//! threads that ask to be counted (a server's loop thread, run in this
//! process). It answers "what are these kilobytes per connection?" with the
//! sizes of the blocks that stay allocated, which the sources then name.
//!
//! Install it in a binary (`#[global_allocator] static A: Counting =
//! Counting;`); then [`count_this_thread`] on the thread to watch, and
//! [`snapshot`] before and after. Every allocation still goes to the system
//! allocator; threads not counted pay one thread-local read per call.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};

/// The allocator: [`System`], with counts on the side.
pub struct Counting;

thread_local! {
    // Const-initialised and without a destructor: safe to read from inside
    // the allocator (it never allocates, and is never torn down).
    static COUNTED: Cell<bool> = const { Cell::new(false) };
}

/// Distinct sizes tracked; the rest are summed in [`Snapshot::other_bytes`].
const SLOTS: usize = 4096;

/// An open-addressing table, size → live blocks of that size. A slot's size
/// is set once (0 = free) and never cleared, so lookups need no lock.
static SIZES: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
static LIVE: [AtomicIsize; SLOTS] = [const { AtomicIsize::new(0) }; SLOTS];
static OTHER_BYTES: AtomicIsize = AtomicIsize::new(0);

fn slot(size: usize) -> Option<usize> {
    let start = size.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 52; // 12 bits
    for k in 0..SLOTS {
        let i = (start + k) % SLOTS;
        match SIZES[i].load(Ordering::Relaxed) {
            s if s == size => return Some(i),
            0 => match SIZES[i].compare_exchange(0, size, Ordering::Relaxed, Ordering::Relaxed) {
                Ok(_) => return Some(i),
                Err(s) if s == size => return Some(i),
                Err(_) => continue,
            },
            _ => continue,
        }
    }
    None
}

fn note(size: usize, delta: isize) {
    if size == 0 || !COUNTED.with(Cell::get) {
        return;
    }
    match slot(size) {
        Some(i) => {
            LIVE[i].fetch_add(delta, Ordering::Relaxed);
        }
        None => {
            OTHER_BYTES.fetch_add(delta * size as isize, Ordering::Relaxed);
        }
    }
}

// SAFETY: every call is forwarded to `System` unchanged; the counting on the
// side allocates nothing and touches only atomics and a const thread-local.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            note(layout.size(), 1);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for alloc.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            note(layout.size(), 1);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for alloc.
        unsafe { System.dealloc(ptr, layout) };
        note(layout.size(), -1);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for alloc.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            note(layout.size(), -1);
            note(new_size, 1);
        }
        p
    }
}

/// Counts the calling thread's allocations and frees from now on.
pub fn count_this_thread() {
    COUNTED.with(|c| c.set(true));
}

/// The counted threads' live blocks at one moment.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// (size, live blocks of that size), blocks allocated minus freed.
    pub live: Vec<(usize, isize)>,
    /// Bytes of sizes the table had no room for.
    pub other_bytes: isize,
}

/// Reads the counts.
pub fn snapshot() -> Snapshot {
    let mut live = Vec::new();
    for i in 0..SLOTS {
        let size = SIZES[i].load(Ordering::Relaxed);
        if size != 0 {
            live.push((size, LIVE[i].load(Ordering::Relaxed)));
        }
    }
    live.sort_unstable();
    Snapshot {
        live,
        other_bytes: OTHER_BYTES.load(Ordering::Relaxed),
    }
}

impl Snapshot {
    /// Live bytes in all.
    pub fn bytes(&self) -> isize {
        self.other_bytes
            + self
                .live
                .iter()
                .map(|&(size, n)| size as isize * n)
                .sum::<isize>()
    }

    /// What changed since `before`: (size, blocks more or fewer), sizes that
    /// did not change left out, the other bytes as the second value.
    pub fn since(&self, before: &Snapshot) -> (Vec<(usize, isize)>, isize) {
        let old = |size: usize| {
            before
                .live
                .binary_search_by_key(&size, |&(s, _)| s)
                .map_or(0, |i| before.live[i].1)
        };
        let grown = self
            .live
            .iter()
            .map(|&(size, n)| (size, n - old(size)))
            .filter(|&(_, d)| d != 0)
            .collect();
        (grown, self.other_bytes - before.other_bytes)
    }
}

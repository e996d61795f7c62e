//! The decoder against garbage: random blocks, mutated valid blocks, and every
//! prefix of valid blocks, from a seeded generator so every run is the same.
//! Nothing may panic, and memory stays bounded: a counting allocator measures
//! the most the decoder holds at once while it decodes a hostile block.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use ch15_http2::hpack::{DecodeError, Decoder, Encoder, HeaderField};
use common::Rng;

// ANCHOR: counting_allocator
/// The system allocator, counting the bytes live on each thread and their peak,
/// so a test can measure what one call allocated. (Per thread, because the
/// test harness runs tests on several threads at once.)
struct Counting;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn grew(by: usize) {
    let _ = LIVE.try_with(|live| {
        live.set(live.get() + by);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(live.get())));
    });
}

fn shrank(by: usize) {
    let _ = LIVE.try_with(|live| live.set(live.get().saturating_sub(by)));
}

// SAFETY: every call is passed straight to `System` with the same arguments;
// only the counting is ours.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller upholds `alloc`'s contract.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrank(layout.size());
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        grew(new_size);
        shrank(layout.size());
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most bytes live at once while `f` ran, above what was live before.
fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(before));
    let out = f();
    (out, PEAK.with(Cell::get) - before)
}
// ANCHOR_END: counting_allocator

/// Checks what any decode must satisfy, whatever the input.
fn check_bounds(
    decoder: &Decoder,
    result: &Result<ch15_http2::hpack::HeaderList, DecodeError>,
    limit: usize,
) {
    if let Ok(list) = result {
        assert!(list.size() <= limit, "a kept list within the limit");
    }
    let table = decoder.table();
    assert!(table.size() <= table.max_size());
    assert!(
        table.max_size() <= 4096,
        "never above our SETTINGS_HEADER_TABLE_SIZE"
    );
}

fn valid_blocks(rng: &mut Rng, count: usize) -> Vec<Vec<u8>> {
    let mut encoder = Encoder::default();
    (0..count)
        .map(|_| {
            let len = rng.below(10);
            let list: Vec<HeaderField> = (0..len)
                .map(|_| {
                    let name = format!("x-{}", rng.below(30));
                    let vlen = rng.below(50);
                    HeaderField::new(name, rng.bytes(vlen))
                })
                .collect();
            let mut block = Vec::new();
            encoder.encode(&list, &mut block);
            block
        })
        .collect()
}

#[test]
fn random_blocks_never_panic() {
    let mut rng = Rng::new(1);
    let mut outcomes = [0usize; 2];
    // One long-lived decoder (its table fills with whatever decodes) and a
    // fresh one per block.
    let mut lasting = Decoder::new(4096, 8 * 1024);
    for _ in 0..20_000 {
        let len = rng.below(64);
        let block = rng.bytes(len);
        let result = lasting.decode(&block);
        check_bounds(&lasting, &result, 8 * 1024);
        outcomes[result.is_ok() as usize] += 1;
        if result
            .as_ref()
            .is_err_and(|e| e.connection_error().is_some())
        {
            lasting = Decoder::new(4096, 8 * 1024); // the connection would end here
        }
        let mut fresh = Decoder::new(4096, 8 * 1024);
        let result = fresh.decode(&block);
        check_bounds(&fresh, &result, 8 * 1024);
    }
    eprintln!(
        "random blocks: {} refused, {} decoded",
        outcomes[0], outcomes[1]
    );
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "both outcomes happen");
}

#[test]
fn mutated_blocks_never_panic() {
    let mut rng = Rng::new(2);
    let blocks = valid_blocks(&mut rng, 300);
    let mut errors = std::collections::BTreeMap::new();
    for round in 0..20 {
        // Decode the valid sequence, and at each step try mutations on a copy
        // of the decoder, so the table the mutation meets is a realistic one.
        let mut decoder = Decoder::default();
        for block in &blocks {
            for _ in 0..5 {
                let mut bad = block.clone();
                match rng.below(5) {
                    0 if !bad.is_empty() => {
                        let at = rng.below(bad.len());
                        bad[at] ^= 1 << rng.below(8);
                    }
                    1 if !bad.is_empty() => {
                        let at = rng.below(bad.len());
                        bad[at] = rng.next_u64() as u8;
                    }
                    2 => {
                        let at = rng.below(bad.len() + 1);
                        let len = 1 + rng.below(4);
                        let extra = rng.bytes(len);
                        bad.splice(at..at, extra);
                    }
                    3 if !bad.is_empty() => {
                        let at = rng.below(bad.len());
                        bad.remove(at);
                    }
                    _ => bad.extend(rng.bytes(1 + round % 3)),
                }
                let mut copy = decoder.clone();
                let result = copy.decode(&bad);
                check_bounds(&copy, &result, 64 * 1024);
                if let Err(e) = result {
                    *errors
                        .entry(
                            format!("{e:?}")
                                .split([' ', '{', '('])
                                .next()
                                .unwrap()
                                .to_string(),
                        )
                        .or_insert(0) += 1;
                }
            }
            decoder
                .decode(block)
                .expect("the valid block still decodes");
        }
    }
    eprintln!("mutated blocks refused, by error: {errors:?}");
    assert!(
        errors.len() >= 5,
        "many kinds of error were met: {errors:?}"
    );
}

#[test]
fn every_prefix_of_valid_blocks_is_truncated_or_a_prefix_of_the_list() {
    let mut rng = Rng::new(3);
    let blocks = valid_blocks(&mut rng, 200);
    let mut decoder = Decoder::default();
    let mut cuts = 0;
    for block in &blocks {
        let full = decoder.clone().decode(block).unwrap();
        for cut in 0..block.len() {
            match decoder.clone().decode(&block[..cut]) {
                Ok(list) => assert_eq!(list[..], full[..list.len()], "cut at {cut}"),
                Err(e) => assert_eq!(e, DecodeError::Truncated, "cut at {cut}"),
            }
            cuts += 1;
        }
        decoder.decode(block).unwrap();
    }
    assert!(cuts > 5_000, "{cuts} prefixes");
}

#[test]
fn a_compression_bomb_costs_bounded_memory() {
    // One 4,000-octet entry, then 16 KiB of one-byte references to it: 64 MB
    // of header list if decoded naively. The limit (64 KiB) stops the list,
    // the decoder keeps the table in step, and memory stays near the limit.
    let mut block = vec![0x40, 0x01, b'x'];
    block.push(0x7f);
    let mut value = Vec::new();
    ch15_http2::hpack::integer::encode(3960, 7, 0, &mut value);
    block.extend(&value[1..]);
    block.extend(std::iter::repeat_n(b'v', 3960));
    block.extend(std::iter::repeat_n(0xbe, 16 * 1024));
    let mut decoder = Decoder::default();
    let (result, peak) = peak_during(|| decoder.decode(&block));
    eprintln!(
        "a {}-byte block naming a {}-octet entry {} times: {:?}, peak {} bytes allocated",
        block.len(),
        decoder.table().size(),
        16 * 1024,
        result.as_ref().map(|l| l.len()),
        peak
    );
    assert_eq!(
        result,
        Err(DecodeError::HeaderListTooLarge { limit: 64 * 1024 })
    );
    assert_eq!(decoder.table().len(), 1);
    assert!(peak < 256 * 1024, "peak {peak} bytes");
}

#[test]
fn the_counting_allocator_counts() {
    // The measurement above must be able to fail.
    let (_, peak) = peak_during(|| vec![0u8; 1 << 20]);
    assert!(peak >= 1 << 20, "{peak}");
}

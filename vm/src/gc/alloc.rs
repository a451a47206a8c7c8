//! The GC's memory: a size-class allocator for small blocks (16-byte steps up to
//! [`MAX_SMALL`] bytes), carved from chunks mapped from the OS, and malloc for the rest.
//!
//! Each chunk is [`CHUNK_SIZE`] bytes, aligned to its size, and serves one size class:
//! a header, then equal blocks handed out first by bumping a pointer, then from the
//! chunk's own free list. The chunk of a block is found by masking its address, so
//! freeing needs only the block's size, which every caller knows. A class allocates
//! from the first chunk of its list of chunks with room; a full chunk leaves the list
//! and comes back when one of its blocks is freed. After each collection, empty chunks
//! go to a pool shared by all classes, and the pool keeps about as many chunks as are
//! in use (what the heap will grow back into before the next cycle); the pages of the
//! rest are returned to the OS.
//!
//! Chunks are carved from segments of [`SEGMENT_CHUNKS`] chunks, mapped once and kept
//! until the heap is dropped: mapping each chunk alone would cost the process one
//! kernel mapping per chunk, and a big heap would run out of them. A chunk whose pages
//! went back to the OS stays in its segment, off every list that would touch it, until
//! it is needed again.
//!
//! Blocks never move and are 16-byte aligned (small ones at 16-byte offsets from an
//! aligned chunk, big ones from malloc, which aligns to 16 on x86-64).

use std::ptr;

/// Largest block served from chunks; bigger ones come from malloc.
pub const MAX_SMALL: usize = 512;
/// Size class step, and the alignment of every block.
const GRAIN: usize = 16;
const NCLASS: usize = MAX_SMALL / GRAIN;
/// Bytes per chunk, a power of two; chunks are aligned to it.
const CHUNK_SIZE: usize = 64 * 1024;
/// Blocks start this far into a chunk (the header, rounded up to a cache line).
const CHUNK_HDR: usize = 64;
/// Empty chunks the pool keeps whatever the heap's size.
const MIN_POOL: usize = 16;
/// Chunks per segment (4 MiB).
const SEGMENT_CHUNKS: usize = 64;
const SEGMENT_SIZE: usize = SEGMENT_CHUNKS * CHUNK_SIZE;

const _: () = assert!(std::mem::size_of::<Chunk>() <= CHUNK_HDR);
const _: () = assert!(CHUNK_HDR & (GRAIN - 1) == 0 && MAX_SMALL & (GRAIN - 1) == 0);
const _: () = assert!(CHUNK_SIZE.is_power_of_two() && CHUNK_HDR + MAX_SMALL <= CHUNK_SIZE);

/// A chunk's header, at its start.
#[repr(C)]
struct Chunk {
    /// Freed blocks, linked through their first word.
    free: *mut u8,
    /// Address of the next never-used block.
    bump: usize,
    /// Highest address a block of this class may start at.
    limit: usize,
    /// Links in the class's list of chunks with room, or (`next`) in the pool.
    prev: *mut Chunk,
    next: *mut Chunk,
    /// Blocks handed out and not yet freed.
    used: u32,
    class: u32,
    /// On its class's list of chunks with room.
    in_avail: bool,
}

/// The allocator's state, one per VM.
pub struct Heap {
    /// Per class, the chunks with room; allocation takes from the first.
    avail: [*mut Chunk; NCLASS],
    /// Empty chunks not assigned to a class, pages resident.
    pool: *mut Chunk,
    npool: usize,
    /// Empty chunks whose pages were given back (kept apart: linking them would
    /// bring a page back).
    cold: Vec<*mut Chunk>,
    /// Never-used chunks left in the newest segment: `fresh..fresh_end`.
    fresh: usize,
    fresh_end: usize,
    /// Chunks carved from segments so far.
    carved: usize,
    /// Base of every segment, for unmapping them when the heap is dropped.
    segments: Vec<usize>,
}

/// Bytes a block of `size` bytes occupies (what the GC accounts for it).
#[inline(always)]
pub fn block_size(size: usize) -> usize {
    if is_small(size) {
        (size + GRAIN - 1) & !(GRAIN - 1)
    } else {
        size
    }
}

#[inline(always)]
fn is_small(size: usize) -> bool {
    size.wrapping_sub(1) < MAX_SMALL
}

#[inline(always)]
fn class_of(size: usize) -> usize {
    (size - 1) / GRAIN
}

#[inline(always)]
fn class_size(cls: usize) -> usize {
    (cls + 1) * GRAIN
}

#[inline(always)]
fn chunk_of(p: *mut u8) -> *mut Chunk {
    (p as usize & !(CHUNK_SIZE - 1)) as *mut Chunk
}

impl Heap {
    pub fn new() -> Heap {
        Heap {
            avail: [ptr::null_mut(); NCLASS],
            pool: ptr::null_mut(),
            npool: 0,
            cold: Vec::new(),
            fresh: 0,
            fresh_end: 0,
            carved: 0,
            segments: Vec::new(),
        }
    }

    /// A block of `size` bytes, zeroed if `zero`; null if the OS has no memory left.
    #[inline]
    pub fn alloc(&mut self, size: usize, zero: bool) -> *mut u8 {
        if !is_small(size) {
            return alloc_big(size, zero);
        }
        let cls = class_of(size);
        let mut c = self.avail[cls];
        if c.is_null() {
            c = self.new_chunk(cls);
            if c.is_null() {
                return ptr::null_mut();
            }
        }
        let bsize = class_size(cls);
        // SAFETY: c is a mapped chunk of class `cls` on the avail list, so it has a free
        // block or room to bump one; the block lies inside the chunk.
        unsafe {
            let p = if !(*c).free.is_null() {
                let p = (*c).free;
                (*c).free = *(p as *mut *mut u8);
                p
            } else {
                let p = (*c).bump as *mut u8;
                (*c).bump += bsize;
                p
            };
            (*c).used += 1;
            if (*c).free.is_null() && (*c).bump > (*c).limit {
                self.unlink(c);
            }
            if zero {
                zero_block(p, bsize);
            }
            p
        }
    }

    /// Free a block from `alloc`.
    ///
    /// # Safety
    /// `p` came from `alloc` on this heap with the same `size` and is not used again.
    #[inline]
    pub unsafe fn free(&mut self, p: *mut u8, size: usize) {
        if !is_small(size) {
            libc::free(p as *mut libc::c_void);
            return;
        }
        let c = chunk_of(p);
        debug_assert_eq!(
            (*c).class as usize,
            class_of(size),
            "block freed with a wrong size"
        );
        *(p as *mut *mut u8) = (*c).free;
        (*c).free = p;
        (*c).used -= 1;
        if !(*c).in_avail {
            self.link((*c).class as usize, c);
        }
    }

    /// Give empty chunks back to the pool, and the pages of pool chunks beyond what the
    /// heap is likely to grow back into to the OS. Called after each collection.
    pub fn trim(&mut self) {
        for cls in 0..NCLASS {
            let mut c = self.avail[cls];
            while !c.is_null() {
                // SAFETY: chunks on the avail lists are mapped.
                unsafe {
                    let next = (*c).next;
                    if (*c).used == 0 {
                        self.unlink(c);
                        (*c).next = self.pool;
                        self.pool = c;
                        self.npool += 1;
                    }
                    c = next;
                }
            }
        }
        let in_use = self.carved - self.cold.len() - self.npool;
        while self.npool > MIN_POOL.max(in_use) {
            let c = self.pool;
            // SAFETY: the pool holds npool > 0 mapped chunks, none of them in use; no
            // pointer into c is kept but the one pushed to `cold`, which reads nothing.
            unsafe {
                self.pool = (*c).next;
                self.npool -= 1;
                libc::madvise(c as *mut libc::c_void, CHUNK_SIZE, libc::MADV_DONTNEED);
            }
            self.cold.push(c);
        }
    }

    /// A chunk for class `cls`, put first on the class's list: from the pool, else one
    /// whose pages went back to the OS, else a fresh one.
    #[cold]
    fn new_chunk(&mut self, cls: usize) -> *mut Chunk {
        let c = if !self.pool.is_null() {
            let c = self.pool;
            // SAFETY: pool chunks are mapped.
            self.pool = unsafe { (*c).next };
            self.npool -= 1;
            c
        } else if let Some(c) = self.cold.pop() {
            c
        } else {
            if self.fresh == self.fresh_end && !self.map_segment() {
                return ptr::null_mut();
            }
            let c = self.fresh as *mut Chunk;
            self.fresh += CHUNK_SIZE;
            self.carved += 1;
            c
        };
        // SAFETY: c is a mapped chunk no class owns; its header is ours to write.
        unsafe {
            (*c).free = ptr::null_mut();
            (*c).bump = c as usize + CHUNK_HDR;
            (*c).limit = c as usize + CHUNK_SIZE - class_size(cls);
            (*c).used = 0;
            (*c).class = cls as u32;
            (*c).in_avail = false;
        }
        self.link(cls, c);
        c
    }

    /// Put chunk `c` first on its class's list.
    fn link(&mut self, cls: usize, c: *mut Chunk) {
        let head = self.avail[cls];
        // SAFETY: c and the list's chunks are mapped chunks of class `cls`.
        unsafe {
            (*c).prev = ptr::null_mut();
            (*c).next = head;
            if !head.is_null() {
                (*head).prev = c;
            }
            (*c).in_avail = true;
        }
        self.avail[cls] = c;
    }

    /// Take chunk `c` off its class's list.
    fn unlink(&mut self, c: *mut Chunk) {
        // SAFETY: c is a mapped chunk on the list of its class, as are its neighbours.
        unsafe {
            let (prev, next) = ((*c).prev, (*c).next);
            if prev.is_null() {
                self.avail[(*c).class as usize] = next;
            } else {
                (*prev).next = next;
            }
            if !next.is_null() {
                (*next).prev = prev;
            }
            (*c).prev = ptr::null_mut();
            (*c).next = ptr::null_mut();
            (*c).in_avail = false;
        }
    }

    /// Map a segment of fresh chunks, aligned to the chunk size; false if the OS refuses.
    fn map_segment(&mut self) -> bool {
        // Map a chunk more than needed and cut the unaligned ends off.
        let len = SEGMENT_SIZE + CHUNK_SIZE;
        // SAFETY: an anonymous private mapping; no existing memory is touched.
        let base = unsafe {
            libc::mmap(
                ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if base == libc::MAP_FAILED {
            return false;
        }
        let start = base as usize;
        let aligned = (start + CHUNK_SIZE - 1) & !(CHUNK_SIZE - 1);
        let head = aligned - start;
        let tail = len - head - SEGMENT_SIZE;
        // SAFETY: both ranges lie inside the mapping just made and outside the segment.
        unsafe {
            if head != 0 {
                libc::munmap(base, head);
            }
            if tail != 0 {
                libc::munmap((aligned + SEGMENT_SIZE) as *mut libc::c_void, tail);
            }
        }
        self.segments.push(aligned);
        self.fresh = aligned;
        self.fresh_end = aligned + SEGMENT_SIZE;
        true
    }

    /// Chunks whose pages may be resident: in use or pooled (for tests).
    #[cfg(test)]
    fn resident(&self) -> usize {
        self.carved - self.cold.len()
    }
}

impl Default for Heap {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Heap {
    fn drop(&mut self) {
        for &seg in &self.segments {
            // SAFETY: the heap owns its segments; whatever is left in them is dead with it.
            unsafe { libc::munmap(seg as *mut libc::c_void, SEGMENT_SIZE) };
        }
    }
}

/// Zero a small block: the common sizes with inline stores rather than a call.
///
/// # Safety
/// `p` points to `size` writable bytes.
#[inline(always)]
unsafe fn zero_block(p: *mut u8, size: usize) {
    macro_rules! sizes {
        ($($n:literal)*) => {
            match size {
                $($n => ptr::write_bytes(p, 0, $n),)*
                _ => ptr::write_bytes(p, 0, size),
            }
        };
    }
    sizes!(16 32 48 64 80 96 112 128)
}

/// A block from malloc (calloc if `zero`); null on failure.
#[cold]
fn alloc_big(size: usize, zero: bool) -> *mut u8 {
    // SAFETY: plain C allocation; the caller handles null.
    unsafe {
        if zero {
            libc::calloc(1, size) as *mut u8
        } else {
            libc::malloc(size) as *mut u8
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_aligned_zeroed_distinct_and_reused() {
        let mut h = Heap::new();
        for size in [1, 8, 16, 17, 24, 64, 100, 512, 513, 4096] {
            let a = h.alloc(size, true);
            let b = h.alloc(size, true);
            assert_eq!(a as usize % GRAIN, 0);
            assert_ne!(a, b);
            // SAFETY: a and b are live blocks of `size` bytes.
            unsafe {
                assert!(std::slice::from_raw_parts(b, size).iter().all(|&x| x == 0));
                ptr::write_bytes(a, 0xaa, size);
                h.free(a, size);
                let c = h.alloc(size, true);
                assert!(std::slice::from_raw_parts(c, size).iter().all(|&x| x == 0));
                if is_small(size) {
                    assert_eq!(c, a, "a freed small block is reused first");
                }
                h.free(b, size);
                h.free(c, size);
            }
        }
    }

    #[test]
    fn block_sizes_round_to_classes() {
        assert_eq!(block_size(1), 16);
        assert_eq!(block_size(16), 16);
        assert_eq!(block_size(24), 32);
        assert_eq!(block_size(512), 512);
        assert_eq!(block_size(513), 513);
    }

    #[test]
    fn empty_chunks_go_back_to_the_os_beyond_the_pool() {
        let mut h = Heap::new();
        let n = 100_000;
        let blocks: Vec<*mut u8> = (0..n).map(|_| h.alloc(64, true)).collect();
        let full = h.resident();
        assert!(full >= n * 64 / CHUNK_SIZE);
        assert_eq!(
            h.segments.len(),
            full.div_ceil(SEGMENT_CHUNKS),
            "one mapping a segment"
        );
        for &b in &blocks {
            // SAFETY: each block is live and freed once.
            unsafe { h.free(b, 64) };
        }
        h.trim();
        assert!(h.resident() <= MIN_POOL, "{} chunks resident", h.resident());
        // Pooled chunks serve any class.
        let p = h.alloc(200, true);
        assert_eq!(h.resident(), MIN_POOL.min(full));
        // SAFETY: p is live.
        unsafe { h.free(p, 200) };
        h.trim();
        // Chunks whose pages went back are used again before any new one.
        let again: Vec<*mut u8> = (0..n).map(|_| h.alloc(64, true)).collect();
        assert_eq!(h.carved, full);
        for &b in &again {
            // SAFETY: each block is live and freed once.
            unsafe { h.free(b, 64) };
        }
    }

    #[test]
    fn full_chunks_come_back_when_a_block_is_freed() {
        let mut h = Heap::new();
        let per_chunk = (CHUNK_SIZE - CHUNK_HDR) / 512;
        let blocks: Vec<*mut u8> = (0..per_chunk).map(|_| h.alloc(512, true)).collect();
        assert_eq!(h.resident(), 1);
        assert!(
            h.avail[class_of(512)].is_null(),
            "a full chunk is off the list"
        );
        // SAFETY: blocks[3] is live.
        unsafe { h.free(blocks[3], 512) };
        assert_eq!(h.alloc(512, true), blocks[3]);
        assert_eq!(h.resident(), 1);
    }
}

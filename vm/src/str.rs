//! Strings: immutable byte strings, interned in one table, hashed once at creation.

use crate::gc::{self, mark, GcHeader};
use crate::state::Global;
use crate::value::{tag, TValue};

/// A string object; its bytes follow the header, NUL-terminated for C callers.
#[repr(C)]
pub struct GcStr {
    pub nextgc: *mut GcHeader,
    pub marked: u8,
    pub gct: u8,
    /// Reserved-word index + 1 for keywords, 0 otherwise (the lexer's fast check).
    pub reserved: u8,
    pub _pad: u8,
    pub hash: u32,
    pub len: u32,
    pub _pad2: u32,
}

/// Offset of the first byte of string data.
pub const STR_DATA: usize = std::mem::size_of::<GcStr>();
/// Longest string we create: lengths are 32-bit in the header.
pub const MAX_STR: usize = 0x7fff_ff00;

impl GcStr {
    #[inline(always)]
    pub fn as_bytes(&self) -> &[u8] {
        // SAFETY: `len` bytes of data follow the header of every string.
        unsafe {
            std::slice::from_raw_parts(
                (self as *const GcStr as *const u8).add(STR_DATA),
                self.len as usize,
            )
        }
    }
    pub fn data_ptr(&self) -> *const u8 {
        // SAFETY: data follows the header.
        unsafe { (self as *const GcStr as *const u8).add(STR_DATA) }
    }
    fn alloc_size(len: usize) -> usize {
        STR_DATA + len + 1
    }
}

/// The intern table: chains through `nextgc`, power-of-two bucket count.
pub struct StrTab {
    pub buckets: Vec<*mut GcStr>,
    pub count: usize,
    /// Scratch space to build a string in before interning it, kept between uses so
    /// building one does not allocate (take it, fill it, put it back).
    pub buf: Vec<u8>,
}

/// Capacity of the scratch buffer a collection leaves in place.
const BUF_KEEP: usize = 64 * 1024;

impl StrTab {
    pub fn new() -> StrTab {
        StrTab {
            buckets: vec![std::ptr::null_mut(); 256],
            count: 0,
            buf: Vec::new(),
        }
    }
}

impl Default for StrTab {
    fn default() -> Self {
        Self::new()
    }
}

const HASH_K: u64 = 0x9e37_79b9_7f4a_7c15;

/// One mixing step of the string hash.
#[inline(always)]
fn hash_step(h: u64, w: u64) -> u64 {
    (h ^ w).wrapping_mul(HASH_K).rotate_left(29)
}

/// The first 8 bytes of `c`, little-endian (one load).
#[inline(always)]
fn word(c: &[u8]) -> u64 {
    u64::from_le_bytes(c[..8].try_into().unwrap())
}

/// The first 4 bytes of `c`, little-endian (one load).
#[inline(always)]
fn word32(c: &[u8]) -> u64 {
    u32::from_le_bytes(c[..4].try_into().unwrap()) as u64
}

/// The last `n` (1 to 7) bytes of `s` as a little-endian word, zero-padded, read
/// with a few overlapping loads instead of byte by byte.
#[inline(always)]
fn last_bytes(s: &[u8], n: usize) -> u64 {
    let len = s.len();
    if len >= 8 {
        word(&s[len - 8..]) >> (8 * (8 - n))
    } else if n >= 4 {
        // The whole string is the tail: two 4-byte loads that overlap.
        word32(s) | word32(&s[n - 4..]) << (8 * (n - 4))
    } else {
        (s[0] as u64) | (s[n / 2] as u64) << (8 * (n / 2)) | (s[n - 1] as u64) << (8 * (n - 1))
    }
}

/// Strings at least this long are hashed four words at a time.
const HASH_WIDE: usize = 64;

/// Hash of a byte string (64-bit multiply-mix over 8-byte words, folded to 32 bits).
/// Every byte counts, so strings that differ anywhere spread over the buckets. Long
/// strings run four independent lanes, merged before the last words, so their cost is
/// the multiplier's throughput rather than its latency; shorter ones keep the one lane
/// (the hashes, and so the `pairs` order of short string keys, do not depend on it).
pub fn hash_bytes(s: &[u8]) -> u32 {
    let mut h: u64 = (s.len() as u64).wrapping_mul(HASH_K) ^ 0x2545_f491_4f6c_dd1d;
    let mut rest = s;
    if s.len() >= HASH_WIDE {
        let mut lanes = [
            h,
            h ^ 0x6a09_e667_f3bc_c908,
            h ^ 0xbb67_ae85_84ca_a73b,
            h ^ 0x3c6e_f372_fe94_f82b,
        ];
        let mut blocks = s.chunks_exact(32);
        for b in &mut blocks {
            for (i, lane) in lanes.iter_mut().enumerate() {
                *lane = hash_step(*lane, word(&b[8 * i..]));
            }
        }
        h = lanes[1..].iter().fold(lanes[0], |h, &l| hash_step(h, l));
        rest = blocks.remainder();
    }
    let mut words = rest.chunks_exact(8);
    for c in &mut words {
        h = hash_step(h, word(c));
    }
    let n = words.remainder().len();
    if n != 0 {
        h = hash_step(h, last_bytes(s, n));
    }
    h ^= h >> 32;
    h = h.wrapping_mul(HASH_K);
    (h >> 32) as u32
}

/// Intern a byte string, creating it if new.
pub fn intern(g: &mut Global, s: &[u8]) -> *mut GcStr {
    let h = hash_bytes(s);
    let mask = g.strtab.buckets.len() - 1;
    let mut p = g.strtab.buckets[h as usize & mask];
    // SAFETY: chain members are live strings.
    unsafe {
        while !p.is_null() {
            if (*p).hash == h && (*p).as_bytes() == s {
                // A string found dead-but-unswept cannot happen: sweeps finish in one step.
                return p;
            }
            p = (*p).nextgc as *mut GcStr;
        }
    }
    if s.len() > MAX_STR {
        gc::out_of_memory(s.len());
    }
    let o = gc::alloc(g, GcStr::alloc_size(s.len()), tag::STR, false) as *mut GcStr;
    // SAFETY: o has room for the header, the bytes and a NUL (zeroed by gc::alloc).
    unsafe {
        (*o).hash = h;
        (*o).len = s.len() as u32;
        std::ptr::copy_nonoverlapping(s.as_ptr(), (o as *mut u8).add(STR_DATA), s.len());
        let b = h as usize & mask;
        (*o).nextgc = g.strtab.buckets[b] as *mut GcHeader;
        g.strtab.buckets[b] = o;
    }
    g.strtab.count += 1;
    if g.strtab.count > g.strtab.buckets.len() {
        resize(g, g.strtab.buckets.len() * 2);
    }
    o
}

/// Intern and box.
pub fn new_str(g: &mut Global, s: &[u8]) -> TValue {
    TValue::gc(tag::STR, intern(g, s) as *const GcHeader)
}

/// Intern the string form of a number (as `tostring` writes it), built in the scratch
/// buffer so that nothing but the string is allocated.
pub fn new_num(g: &mut Global, x: f64) -> TValue {
    let mut buf = std::mem::take(&mut g.strtab.buf);
    buf.clear();
    crate::strfmt::fmt_num(&mut buf, x);
    let s = new_str(g, &buf);
    g.strtab.buf = buf;
    s
}

fn resize(g: &mut Global, n: usize) {
    let mut nb: Vec<*mut GcStr> = vec![std::ptr::null_mut(); n];
    for &head in &g.strtab.buckets {
        let mut p = head;
        // SAFETY: rechaining live strings.
        unsafe {
            while !p.is_null() {
                let next = (*p).nextgc as *mut GcStr;
                let b = (*p).hash as usize & (n - 1);
                (*p).nextgc = nb[b] as *mut GcHeader;
                nb[b] = p;
                p = next;
            }
        }
    }
    g.strtab.buckets = nb;
}

/// How many buckets ahead of its walk the sweep prefetches.
const SWEEP_AHEAD: usize = 32;

/// Start loading the cache line at `p` (any address: a prefetch never faults).
#[inline(always)]
fn prefetch(p: *const GcStr) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint; it reads nothing the program sees.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(p as *const i8);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Free unmarked strings, clear marks on the others.
pub fn sweep_strings(g: &mut Global) {
    // The count before the sweep: about what the table holds again by the next one.
    let peak = g.strtab.count;
    let mut freed = 0usize;
    for b in 0..g.strtab.buckets.len() {
        // The strings lie scattered over the heap: fetch the header of a chain a few
        // buckets ahead while this one is walked, rather than wait for each in turn.
        if let Some(&ahead) = g.strtab.buckets.get(b + SWEEP_AHEAD) {
            prefetch(ahead);
        }
        let mut prev: *mut *mut GcStr = &mut g.strtab.buckets[b];
        // SAFETY: walking and unlinking the chain of live strings.
        unsafe {
            while !(*prev).is_null() {
                let s = *prev;
                if (*s).marked & (mark::BLACK | mark::FIXED) != 0 {
                    (*s).marked &= !mark::BLACK;
                    prev = &mut (*s).nextgc as *mut *mut GcHeader as *mut *mut GcStr;
                } else {
                    *prev = (*s).nextgc as *mut GcStr;
                    freed += 1;
                    gc::free_obj(g, s as *mut GcHeader, GcStr::alloc_size((*s).len as usize));
                }
            }
        }
    }
    g.strtab.count -= freed;
    if g.strtab.buf.capacity() > BUF_KEEP {
        g.strtab.buf = Vec::new();
    }
    if let Some(n) = shrunk_size(g.strtab.buckets.len(), peak) {
        resize(g, n);
    }
}

/// The smaller bucket count for a table of `n` buckets after a sweep, if it was much
/// too big even at its fullest (`peak` strings). A table sized by the live strings
/// alone would grow again as soon as garbage accumulates: a resize each way every
/// cycle. (It grows past one string per bucket, so this leaves a factor of 2 each way.)
fn shrunk_size(n: usize, peak: usize) -> Option<usize> {
    (n > 256 && peak < n / 4).then_some(n / 2)
}

/// Free every string at VM close.
pub fn free_all(g: &mut Global) {
    for b in 0..g.strtab.buckets.len() {
        let mut p = g.strtab.buckets[b];
        // SAFETY: the VM is closing; nothing refers to these strings.
        unsafe {
            while !p.is_null() {
                let next = (*p).nextgc as *mut GcStr;
                gc::free_obj(g, p as *mut GcHeader, GcStr::alloc_size((*p).len as usize));
                p = next;
            }
        }
        g.strtab.buckets[b] = std::ptr::null_mut();
    }
    g.strtab.count = 0;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_shrinks_only_when_too_big_at_its_fullest() {
        // 1,000 live strings and 10,000 of garbage a cycle: the table stays big.
        assert_eq!(shrunk_size(16384, 11_000), None);
        // A table left from a peak long past halves once a cycle.
        assert_eq!(shrunk_size(16384, 3_000), Some(8192));
        assert_eq!(shrunk_size(8192, 1_000), Some(4096));
        assert_eq!(shrunk_size(256, 0), None);
    }

    #[test]
    fn hash_spreads_and_is_stable() {
        assert_eq!(hash_bytes(b"abc"), hash_bytes(b"abc"));
        assert_ne!(hash_bytes(b"abc"), hash_bytes(b"abd"));
        assert_ne!(hash_bytes(b""), hash_bytes(b"\0"));
        assert_ne!(hash_bytes(b"12345678a"), hash_bytes(b"12345678b"));
    }

    /// Up to 8 bytes as a little-endian word, zero-padded.
    fn tail_word(b: &[u8]) -> u64 {
        let mut w = 0u64;
        for (i, &x) in b.iter().enumerate() {
            w |= (x as u64) << (8 * i);
        }
        w
    }

    /// The one-lane hash every string shorter than `HASH_WIDE` gets.
    fn hash_one_lane(s: &[u8]) -> u32 {
        let mut h: u64 = (s.len() as u64).wrapping_mul(HASH_K) ^ 0x2545_f491_4f6c_dd1d;
        for c in s.chunks(8) {
            h = hash_step(h, tail_word(c));
        }
        h ^= h >> 32;
        h = h.wrapping_mul(HASH_K);
        (h >> 32) as u32
    }

    #[test]
    fn short_string_hashes_do_not_change() {
        // The pairs order of string keys depends on these values.
        let s: Vec<u8> = (0..HASH_WIDE as u32).map(|i| (i * 37 + 11) as u8).collect();
        for n in 0..HASH_WIDE {
            assert_eq!(hash_bytes(&s[..n]), hash_one_lane(&s[..n]), "length {n}");
        }
        assert_eq!(hash_bytes(b"abc"), 0x2b9c_00de);
        // The tail loads, for every length and tail size they are used with.
        for len in 1..HASH_WIDE {
            for n in (1..8).filter(|&n| n == len || (len >= 8 && n < len)) {
                let t = &s[..len];
                assert_eq!(last_bytes(t, n), tail_word(&t[len - n..]), "{len} {n}");
            }
        }
        assert_eq!(hash_bytes(b"__index"), 0xe7ec_4034);
    }

    #[test]
    fn long_string_hash_sees_every_byte() {
        let base: Vec<u8> = (0..300u32).map(|i| (i * 7) as u8).collect();
        for len in [HASH_WIDE, 100, 127, 300] {
            let h = hash_bytes(&base[..len]);
            for i in 0..len {
                let mut s = base[..len].to_vec();
                s[i] ^= 1;
                assert_ne!(hash_bytes(&s), h, "length {len}, byte {i}");
            }
        }
    }
}

//! Tables: an array part for integer keys `0..asize` and a chained hash part whose
//! node layout machine code can probe (Lua 5.1's main-position scheme with Brent's
//! variation, so lookups walk short chains and `next` is stable while existing keys
//! are assigned).

use crate::gc::{self, GcHeader};
use crate::state::Global;
use crate::str::GcStr;
use crate::value::{tag, TValue};

/// A hash node.
#[repr(C)]
pub struct Node {
    pub val: TValue,
    pub key: TValue,
    pub next: *mut Node,
}

/// A table object.
#[repr(C)]
pub struct GcTab {
    pub nextgc: *mut GcHeader,
    pub marked: u8,
    pub gct: u8,
    /// Negative metamethod cache: bit `mm` set means "no such metamethod".
    pub nomm: u8,
    /// Array slots allocated with the table itself (0: none); negative once the array
    /// part has moved out, the low 7 bits still giving the colocated size.
    pub colo: i8,
    pub asize: u32,
    pub array: *mut TValue,
    pub gclist: *mut GcHeader,
    pub metatable: *mut GcTab,
    pub node: *mut Node,
    pub hmask: u32,
    pub _pad: u32,
    /// Free nodes are searched downwards from here.
    pub freetop: *mut Node,
}

/// Largest array part (keys beyond go to the hash part).
pub const MAX_ASIZE: u32 = 1 << 27;
/// Largest array part allocated with the table (one allocation for small tables).
const MAX_COLO: u32 = 16;
const _: () = assert!(MAX_COLO <= 0x7f);
/// Largest hash part, in bits.
pub const MAX_HBITS: u32 = 26;

struct NilNode(std::cell::UnsafeCell<Node>);
// SAFETY: the shared empty node is never written: inserts into it always rehash first.
unsafe impl Sync for NilNode {}
static NILNODE: NilNode = NilNode(std::cell::UnsafeCell::new(Node {
    val: TValue::NIL,
    key: TValue::NIL,
    next: std::ptr::null_mut(),
}));

/// The shared node of tables without a hash part.
#[inline(always)]
pub fn nilnode() -> *mut Node {
    NILNODE.0.get()
}
#[inline(always)]
pub fn is_nilnode(n: *mut Node) -> bool {
    n == nilnode()
}

/// Create a table with room for `asize` array slots (keys `0..asize`) and `2^hbits` nodes.
/// A small array part (up to `MAX_COLO` slots) is colocated: allocated right after
/// the table, in the same block.
pub fn new(g: &mut Global, asize: u32, hbits: u32) -> *mut GcTab {
    let asize = asize.min(MAX_ASIZE);
    let colo = if asize <= MAX_COLO { asize } else { 0 };
    let t = gc::alloc(g, obj_size(colo), tag::TAB, true) as *mut GcTab;
    // SAFETY: t is a fresh zeroed table with room for `colo` slots after it.
    unsafe {
        (*t).nomm = !0;
        (*t).node = nilnode();
        (*t).freetop = nilnode();
        if colo > 0 {
            let array = t.add(1) as *mut TValue;
            for i in 0..colo as usize {
                *array.add(i) = TValue::NIL;
            }
            (*t).colo = colo as i8;
            (*t).array = array;
            (*t).asize = colo;
        } else {
            (*t).array = std::ptr::NonNull::dangling().as_ptr();
        }
        if (*t).asize != asize {
            resize(g, t, asize, 0);
        }
        let hsize = hsize_for_bits(hbits);
        if hsize != 0 {
            alloc_hash(g, t, hsize);
        }
    }
    t
}

/// Give `t` a fresh, empty hash part of `hsize` nodes (a power of two), replacing the
/// pointer to the old one, which the caller still owns.
unsafe fn alloc_hash(g: &mut Global, t: *mut GcTab, hsize: usize) {
    let nodes: *mut Node = gc::alloc_buf(g, hsize);
    for i in 0..hsize {
        nodes.add(i).write(Node {
            val: TValue::NIL,
            key: TValue::NIL,
            next: std::ptr::null_mut(),
        });
    }
    (*t).node = nodes;
    (*t).hmask = (hsize - 1) as u32;
    (*t).freetop = nodes.add(hsize);
}

/// Bytes of a table object with `colo` colocated array slots.
fn obj_size(colo: u32) -> usize {
    std::mem::size_of::<GcTab>() + colo as usize * std::mem::size_of::<TValue>()
}

/// Does the array part live in the table's own block?
#[inline(always)]
unsafe fn array_colocated(t: *const GcTab) -> bool {
    (*t).colo > 0
}

/// Free a table and its parts.
pub fn free(g: &mut Global, t: *mut GcTab) {
    // SAFETY: t is dead and being swept.
    let colo = unsafe {
        if !array_colocated(t) {
            gc::free_buf(g, (*t).array, (*t).asize as usize);
        }
        if !is_nilnode((*t).node) {
            gc::free_buf(g, (*t).node, (*t).hmask as usize + 1);
        }
        ((*t).colo as u8 & 0x7f) as u32
    };
    gc::free_obj(g, t as *mut GcHeader, obj_size(colo));
}

/// Hash of a key, before masking.
#[inline(always)]
fn hash_key(k: TValue) -> u32 {
    if k.is_num() {
        // Shifting the high word out of the sign bit makes 0 and -0 (the same key) equal.
        let bits = k.as_num().to_bits();
        hash_rot(bits as u32, ((bits >> 32) as u32) << 1)
    } else if k.is_str() {
        // SAFETY: k is a live string.
        unsafe { (*k.ptr::<GcStr>()).hash }
    } else {
        mix64(k.0)
    }
}

/// The number-key hash of LuaJIT's tables, so `pairs` visits number keys in the order
/// LuaJIT does (programs print that order).
#[inline(always)]
fn hash_rot(mut lo: u32, mut hi: u32) -> u32 {
    lo ^= hi;
    hi = hi.rotate_left(14);
    lo = lo.wrapping_sub(hi);
    hi = hi.rotate_left(5);
    hi ^= lo;
    hi.wrapping_sub(lo.rotate_left(13))
}

/// Hash 64 bits to 32 whose low bits (the ones `hmask` keeps) depend on every input
/// bit: fold the halves, then take the high half of a multiplication. Numbers keep
/// their information in the high mantissa bits and pointers none in the low 4, so
/// a multiply alone (whose low bits see only low input bits) would pile them up.
#[inline(always)]
fn mix64(x: u64) -> u32 {
    let folded = (x ^ (x >> 32)) as u32 as u64;
    (folded.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as u32
}

/// Raw key equality (numbers by value, everything else by identity).
#[inline(always)]
fn key_eq(a: TValue, b: TValue) -> bool {
    if a.is_num() {
        b.is_num() && a.as_num() == b.as_num()
    } else {
        a == b
    }
}

#[inline(always)]
unsafe fn mainpos(t: *const GcTab, k: TValue) -> *mut Node {
    (*t).node.add((hash_key(k) & (*t).hmask) as usize)
}

/// Array index of a number key, if it is an integer inside the array part.
#[inline(always)]
fn array_index(t: *const GcTab, n: f64) -> Option<usize> {
    let i = n as i64;
    // SAFETY: t is live.
    let asize = unsafe { (*t).asize } as i64;
    if i as f64 == n && i >= 0 && i < asize {
        Some(i as usize)
    } else {
        None
    }
}

/// Look up an integer key.
#[inline]
pub fn get_int(t: *const GcTab, k: i64) -> TValue {
    // SAFETY: t is live; the array index is bounds-checked.
    unsafe {
        if k >= 0 && (k as u64) < (*t).asize as u64 {
            return *(*t).array.add(k as usize);
        }
        get_hash(t, TValue::num(k as f64))
    }
}

/// Look up a string key.
#[inline]
pub fn get_str(t: *const GcTab, s: *const GcStr) -> TValue {
    // SAFETY: t and s are live; chains end in null.
    unsafe {
        let key = TValue::gc(tag::STR, s as *const GcHeader);
        let mut n = (*t).node.add(((*s).hash & (*t).hmask) as usize);
        loop {
            if (*n).key == key {
                return (*n).val;
            }
            n = (*n).next;
            if n.is_null() {
                return TValue::NIL;
            }
        }
    }
}

unsafe fn get_hash(t: *const GcTab, k: TValue) -> TValue {
    let mut n = mainpos(t, k);
    loop {
        if key_eq((*n).key, k) {
            return (*n).val;
        }
        n = (*n).next;
        if n.is_null() {
            return TValue::NIL;
        }
    }
}

/// Look up any key (raw).
#[inline]
pub fn get(t: *const GcTab, k: TValue) -> TValue {
    if k.is_num() {
        if let Some(i) = array_index(t, k.as_num()) {
            // SAFETY: index checked against asize.
            return unsafe { *(*t).array.add(i) };
        }
    } else if k.is_str() {
        return get_str(t, k.ptr());
    } else if k.is_nil() {
        return TValue::NIL;
    }
    // SAFETY: t is live.
    unsafe { get_hash(t, k) }
}

/// The slot holding key `k` if it exists (value may be nil), for in-place updates.
fn find_slot(t: *mut GcTab, k: TValue) -> *mut TValue {
    // SAFETY: t is live; returned slots stay valid until the next insert of a new key.
    unsafe {
        if k.is_num() {
            if let Some(i) = array_index(t, k.as_num()) {
                return (*t).array.add(i);
            }
        }
        let mut n = mainpos(t, k);
        loop {
            if key_eq((*n).key, k) && !is_nilnode(n) {
                return &mut (*n).val;
            }
            n = (*n).next;
            if n.is_null() {
                return std::ptr::null_mut();
            }
        }
    }
}

/// Why a key cannot be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyError {
    Nil,
    NaN,
}

/// The slot for key `k`, inserting the key if absent; the caller stores the value
/// (and runs the write barrier). Invalidates previously returned slots.
pub fn set(g: &mut Global, t: *mut GcTab, k: TValue) -> Result<*mut TValue, KeyError> {
    // Any store may add a metamethod: drop the negative metamethod cache.
    // SAFETY: t is live.
    unsafe { (*t).nomm = 0 };
    // Checked first: empty nodes hold nil keys, so a nil key would "find" one.
    if k.is_nil() {
        return Err(KeyError::Nil);
    }
    if k.is_num() && k.as_num().is_nan() {
        return Err(KeyError::NaN);
    }
    let p = find_slot(t, k);
    if !p.is_null() {
        return Ok(p);
    }
    // Normalise -0 so it finds 0 and hashes alike.
    let k = if k.is_num() && k.as_num() == 0.0 {
        TValue::num(0.0)
    } else {
        k
    };
    // SAFETY: t is live.
    Ok(unsafe { newkey(g, t, k) })
}

/// A copy of table `src` (a constant template, for `TDUP`): parts of the same sizes,
/// the hash part copied node for node with its chains rebased, so no key is hashed
/// or inserted again.
pub fn dup(g: &mut Global, src: *const GcTab) -> *mut GcTab {
    // SAFETY: src is a live table; the copy's parts have exactly src's sizes, and every
    // chain pointer of src points into src's node array.
    unsafe {
        let hsize = if is_nilnode((*src).node) {
            0
        } else {
            (*src).hmask as usize + 1
        };
        let t = new(
            g,
            (*src).asize,
            if hsize == 0 {
                0
            } else {
                hsize.trailing_zeros()
            },
        );
        std::ptr::copy_nonoverlapping((*src).array, (*t).array, (*src).asize as usize);
        if hsize > 0 {
            let (from, to) = ((*src).node, (*t).node);
            for i in 0..hsize {
                let n = &*from.add(i);
                let next = if n.next.is_null() {
                    std::ptr::null_mut()
                } else {
                    to.offset(n.next.offset_from(from))
                };
                to.add(i).write(Node {
                    val: n.val,
                    key: n.key,
                    next,
                });
            }
            (*t).freetop = to.offset((*src).freetop.offset_from(from));
            // Its keys may name metamethods: nothing is known absent.
            (*t).nomm = 0;
        }
        t
    }
}

/// Store `v` under integer key `k`.
pub fn set_int(g: &mut Global, t: *mut GcTab, k: i64, v: TValue) {
    // SAFETY: t is live; bounds-checked array access.
    unsafe {
        if k >= 0 && (k as u64) < (*t).asize as u64 {
            *(*t).array.add(k as usize) = v;
            return;
        }
    }
    if let Ok(slot) = set(g, t, TValue::num(k as f64)) {
        // SAFETY: slot was just returned by set.
        unsafe { *slot = v };
    }
}

/// Store `v` under string key `s`.
pub fn set_str(g: &mut Global, t: *mut GcTab, s: *mut GcStr, v: TValue) {
    if let Ok(slot) = set(g, t, TValue::gc(tag::STR, s as *const GcHeader)) {
        // SAFETY: slot was just returned by set.
        unsafe { *slot = v };
    }
}

unsafe fn newkey(g: &mut Global, t: *mut GcTab, k: TValue) -> *mut TValue {
    let mut mp = mainpos(t, k);
    if !(*mp).val.is_nil() || is_nilnode(mp) {
        let f = free_pos(t);
        if f.is_null() {
            rehash(g, t, k);
            let p = find_slot(t, k);
            if !p.is_null() {
                return p;
            }
            return newkey(g, t, k);
        }
        let other = mainpos(t, (*mp).key);
        if other != mp {
            // The colliding node is not in its main position: move it to the free node.
            let mut o = other;
            while (*o).next != mp {
                o = (*o).next;
            }
            (*o).next = f;
            std::ptr::copy_nonoverlapping(mp, f, 1);
            (*mp).next = std::ptr::null_mut();
            (*mp).val = TValue::NIL;
        } else {
            // The colliding node owns its main position: chain the new key after it.
            (*f).next = (*mp).next;
            (*mp).next = f;
            mp = f;
        }
    }
    (*mp).key = k;
    &mut (*mp).val
}

unsafe fn free_pos(t: *mut GcTab) -> *mut Node {
    if is_nilnode((*t).node) {
        return std::ptr::null_mut();
    }
    while (*t).freetop > (*t).node {
        (*t).freetop = (*t).freetop.sub(1);
        if (*(*t).freetop).key.is_nil() {
            return (*t).freetop;
        }
    }
    std::ptr::null_mut()
}

/// Count an integer key (0 included) into its size bin: bin 0 holds 0..=2, bin `b`
/// holds (2^b, 2^(b+1)], the keys an array of 2^(b+1)+1 slots would add.
fn count_int(k: TValue, bins: &mut [u32; 32]) -> bool {
    if !k.is_num() {
        return false;
    }
    let n = k.as_num();
    let i = n as i64;
    if i as f64 != n || i < 0 || i >= MAX_ASIZE as i64 {
        return false;
    }
    let bin = if i > 2 {
        63 - ((i - 1) as u64).leading_zeros()
    } else {
        0
    };
    bins[bin as usize] += 1;
    true
}

/// Grow or shrink the parts so the table holds its keys plus `extra`, sized as LuaJIT
/// sizes them (so the same program leaves keys in the same part, in the same order).
/// Kept out of line: inlined, its key counting was hoisted into every insertion.
#[cold]
#[inline(never)]
unsafe fn rehash(g: &mut Global, t: *mut GcTab, extra: TValue) {
    let mut bins = [0u32; 32];
    let mut nint = 0u32;
    for i in 0..(*t).asize as usize {
        if !(*(*t).array.add(i)).is_nil() {
            count_int(TValue::num(i as f64), &mut bins);
            nint += 1;
        }
    }
    let mut total = 1 + nint;
    if !is_nilnode((*t).node) {
        for i in 0..=(*t).hmask as usize {
            let n = (*t).node.add(i);
            if !(*n).val.is_nil() {
                total += 1;
                if count_int((*n).key, &mut bins) {
                    nint += 1;
                }
            }
        }
    }
    if count_int(extra, &mut bins) {
        nint += 1;
    }
    // The largest array whose last bin still brings the fill above a quarter: the
    // integer keys up to 2^(b+1) number more than 2^b / 2.
    let (mut sum, mut in_array, mut asize) = (0u32, 0u32, 0u32);
    let mut b = 0;
    while b < 32 && 2 * nint as u64 > 1u64 << b && sum != nint {
        if bins[b] > 0 {
            sum += bins[b];
            if 2 * sum as u64 > 1u64 << b {
                asize = (2u32 << b) + 1;
                in_array = sum;
            }
        }
        b += 1;
    }
    let hcount = total - in_array;
    let hsize = match hcount {
        0 => 0,
        1 => 2,
        n => (n as usize).next_power_of_two(),
    };
    resize(g, t, asize, hsize);
}

/// Resize both parts, moving entries.
unsafe fn resize(g: &mut Global, t: *mut GcTab, new_asize: u32, hsize: usize) {
    let old_asize = (*t).asize as usize;
    let old_array = (*t).array;
    let old_node = (*t).node;
    let old_hsize = if is_nilnode(old_node) {
        0
    } else {
        (*t).hmask as usize + 1
    };
    // New array part. A colocated one shrinks in place; growing moves it out for good.
    let na = new_asize as usize;
    let colocated = array_colocated(t);
    if na != old_asize {
        if colocated && na < old_asize {
            (*t).asize = new_asize;
        } else {
            let arr: *mut TValue = gc::alloc_buf(g, na);
            let keep = na.min(old_asize);
            std::ptr::copy_nonoverlapping(old_array, arr, keep);
            for i in keep..na {
                *arr.add(i) = TValue::NIL;
            }
            (*t).array = arr;
            (*t).asize = new_asize;
            if colocated {
                (*t).colo = ((*t).colo as u8 | 0x80) as i8;
            }
        }
    }
    // New hash part.
    if hsize == 0 {
        (*t).node = nilnode();
        (*t).hmask = 0;
        (*t).freetop = nilnode();
    } else {
        alloc_hash(g, t, hsize);
    }
    // Move array entries that no longer fit.
    if na < old_asize {
        for i in na..old_asize {
            let v = *old_array.add(i);
            if !v.is_nil() {
                let slot = newkey(g, t, TValue::num(i as f64));
                *slot = v;
            }
        }
    }
    if na != old_asize && !colocated {
        gc::free_buf(g, old_array, old_asize);
    }
    // Reinsert old nodes.
    for i in 0..old_hsize {
        let n = old_node.add(i);
        if !(*n).val.is_nil() {
            // The old keys are distinct and the new parts have room for all of them:
            // an integer key lands in the array part or is inserted without a lookup.
            let k = (*n).key;
            let slot = match k.is_num().then(|| array_index(t, k.as_num())).flatten() {
                Some(i) => (*t).array.add(i),
                None => newkey(g, t, k),
            };
            *slot = (*n).val;
        }
    }
    if old_hsize > 0 {
        gc::free_buf(g, old_node, old_hsize);
    }
}

/// Resize to exact sizes (used by `table.new`-style preallocation and the loader).
pub fn reserve(g: &mut Global, t: *mut GcTab, asize: u32, hbits: u32) {
    // SAFETY: t is live.
    unsafe { resize(g, t, asize.min(MAX_ASIZE), hsize_for_bits(hbits)) }
}

/// `#t`: a border of the sequence, found as LuaJIT finds it.
pub fn len(t: *const GcTab) -> u64 {
    // SAFETY: t is live; indices stay below asize.
    unsafe {
        let asize = (*t).asize as u64;
        if asize > 1 && (*(*t).array.add(asize as usize - 1)).is_nil() {
            // Border inside the array part: binary search, slot 0 counted as present.
            let (mut lo, mut hi) = (0u64, asize - 1);
            while hi - lo > 1 {
                let m = (lo + hi) / 2;
                if (*(*t).array.add(m as usize)).is_nil() {
                    hi = m;
                } else {
                    lo = m;
                }
            }
            return lo;
        }
        let j = asize.saturating_sub(1);
        if is_nilnode((*t).node) {
            return j;
        }
        unbound_search(t, j)
    }
}

fn unbound_search(t: *const GcTab, j: u64) -> u64 {
    let mut i = j;
    let mut j = j + 1;
    while !get_int(t, j as i64).is_nil() {
        i = j;
        if j > (1u64 << 52) {
            // Pathological: fall back to a linear scan.
            let mut k = 1;
            while !get_int(t, k).is_nil() {
                k += 1;
            }
            return (k - 1) as u64;
        }
        j *= 2;
    }
    while j - i > 1 {
        let m = (i + j) / 2;
        if get_int(t, m as i64).is_nil() {
            j = m;
        } else {
            i = m;
        }
    }
    i
}

/// Traversal position: array indices first, then nodes.
fn key_index(t: *const GcTab, k: TValue) -> Option<usize> {
    if k.is_nil() {
        return Some(0);
    }
    // SAFETY: t is live.
    unsafe {
        let asize = (*t).asize as usize;
        if k.is_num() {
            if let Some(i) = array_index(t, k.as_num()) {
                return Some(i + 1);
            }
        }
        if is_nilnode((*t).node) {
            return None;
        }
        let mut n = mainpos(t, k);
        loop {
            if key_eq((*n).key, k) {
                return Some(asize + 1 + n.offset_from((*t).node) as usize);
            }
            n = (*n).next;
            if n.is_null() {
                return None;
            }
        }
    }
}

/// `next` was given a key that is not in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidKey;

/// `next(t, k)`: the following key and value, `None` at the end.
pub fn next(t: *const GcTab, k: TValue) -> Result<Option<(TValue, TValue)>, InvalidKey> {
    let mut i = key_index(t, k).ok_or(InvalidKey)?;
    // SAFETY: t is live; i is bounded by the part sizes below.
    unsafe {
        let asize = (*t).asize as usize;
        while i < asize {
            let v = *(*t).array.add(i);
            if !v.is_nil() {
                return Ok(Some((TValue::num(i as f64), v)));
            }
            i += 1;
        }
        if is_nilnode((*t).node) {
            return Ok(None);
        }
        let hsize = (*t).hmask as usize + 1;
        let mut j = i - asize;
        while j < hsize {
            let n = (*t).node.add(j);
            if !(*n).val.is_nil() {
                return Ok(Some(((*n).key, (*n).val)));
            }
            j += 1;
        }
    }
    Ok(None)
}

/// Remove every entry, keeping the allocated parts (`table.clear`).
pub fn clear(t: *mut GcTab) {
    // SAFETY: t is live.
    unsafe {
        for i in 0..(*t).asize as usize {
            *(*t).array.add(i) = TValue::NIL;
        }
        if !is_nilnode((*t).node) {
            let hsize = (*t).hmask as usize + 1;
            for i in 0..hsize {
                (*t).node.add(i).write(Node {
                    val: TValue::NIL,
                    key: TValue::NIL,
                    next: std::ptr::null_mut(),
                });
            }
            (*t).freetop = (*t).node.add(hsize);
        }
    }
}

/// Hash part size for a size hint in bits (0: no hash part), as `TNEW` encodes it.
fn hsize_for_bits(hbits: u32) -> usize {
    if hbits == 0 {
        0
    } else {
        1usize << hbits.min(MAX_HBITS)
    }
}

/// Size hint bits for `n` hash entries.
pub fn hbits_for(n: u32) -> u32 {
    if n == 0 {
        0
    } else {
        32 - (n - 1).leading_zeros()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Buckets used by `n` keys in a 2048-node hash part (random keys use about 790
    /// for n = 1000).
    fn spread(keys: impl Iterator<Item = TValue>) -> usize {
        let mut used = vec![false; 2048];
        for k in keys {
            used[(hash_key(k) & 2047) as usize] = true;
        }
        used.iter().filter(|&&u| u).count()
    }

    #[test]
    fn number_and_pointer_keys_spread_over_the_low_bits() {
        let nums = |f: fn(f64) -> f64| (1..=1000).map(move |i| TValue::num(f(i as f64)));
        assert!(spread(nums(|x| x)) > 700);
        assert!(spread(nums(|x| x * 1.5)) > 700);
        assert!(spread(nums(|x| x / 1024.0)) > 700);
        assert!(spread(nums(|x| x * 1e9 + 0.25)) > 700);
        // 16-byte aligned object addresses.
        let ptrs =
            (1..=1000u64).map(|i| TValue::gc(tag::TAB, (0x7f00_0000_0000 + i * 64) as *const _));
        assert!(spread(ptrs) > 700);
        assert_eq!(hash_key(TValue::num(0.0)), hash_key(TValue::num(-0.0)));
    }
}

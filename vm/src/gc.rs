//! Garbage collector: object headers, allocation accounting, and a precise, non-moving
//! mark-and-sweep collector with write barriers.
//!
//! Collection only starts at safe points (`Vm::gc_check` from the interpreter's
//! allocating instructions and after native calls), where every live value is reachable
//! from the roots: thread stacks, the registry, globals, type metatables. Marking uses
//! an explicit gray list (never recursion), so deep structures cannot overflow the
//! native stack; traversals queue what they find in a short ring and prefetch it, so
//! the cache misses on object headers overlap. Memory comes from `alloc`. A cycle currently runs to completion in one step; the colours,
//! the gray list and the barriers are those an incremental collector needs.

use crate::func::{GcFunc, GcProto, GcUpval};
use crate::state::{Global, LuaState as GcThread};
use crate::str::GcStr;
use crate::tab::GcTab;
use crate::udata::GcUdata;
use crate::value::{tag, TValue};

mod alloc;

/// The header every GC object starts with.
#[repr(C)]
pub struct GcHeader {
    pub nextgc: *mut GcHeader,
    pub marked: u8,
    /// Type tag of the object (`value::tag`).
    pub gct: u8,
}

/// Mark bits.
pub mod mark {
    pub const WHITE0: u8 = 0x01;
    pub const WHITE1: u8 = 0x02;
    pub const BLACK: u8 = 0x04;
    /// A userdata whose finalizer has been queued or run.
    pub const FINALIZED: u8 = 0x08;
    /// Never collected (metamethod names, keywords).
    pub const FIXED: u8 = 0x20;
    pub const WHITES: u8 = WHITE0 | WHITE1;
}

/// Collector phases. Barriers only act while propagating.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Phase {
    Pause,
    Propagate,
    Sweep,
}

/// Collector state, part of `Global`.
pub struct GcState {
    /// All objects but strings (which live in the string table) and userdata.
    pub root: *mut GcHeader,
    /// All userdata, newest first: finding those due for finalization walks only them.
    pub udata: *mut GcHeader,
    /// Bytes currently allocated.
    pub total: usize,
    /// Collect when `total` reaches this.
    pub threshold: usize,
    /// Bytes live after the last collection.
    pub estimate: usize,
    /// Percent of `estimate` to wait before the next cycle (`setpause`).
    pub pause: u32,
    /// Step multiplier (`setstepmul`); kept for `collectgarbage` and the incremental collector.
    pub stepmul: u32,
    pub phase: Phase,
    pub currentwhite: u8,
    /// `collectgarbage("stop")` sets this.
    pub stopped: bool,
    /// Objects to traverse.
    pub gray: Vec<*mut GcHeader>,
    /// Weak tables met while marking.
    pub weak: Vec<*mut GcTab>,
    /// Objects found by traversals, prefetched and marked a few objects later.
    marking: MarkQueue,
    /// Userdata whose finalizers are due, in the order they must run.
    pub tobefnz: std::collections::VecDeque<*mut GcUdata>,
    /// Set while a collection or finalizer runs, so no second one starts inside it.
    pub running: bool,
    /// Where objects and buffers live.
    heap: alloc::Heap,
}

impl GcState {
    pub fn new() -> GcState {
        GcState {
            root: std::ptr::null_mut(),
            udata: std::ptr::null_mut(),
            total: 0,
            threshold: 1 << 20,
            estimate: 0,
            pause: 200,
            stepmul: 200,
            phase: Phase::Pause,
            currentwhite: mark::WHITE0,
            stopped: false,
            gray: Vec::new(),
            weak: Vec::new(),
            marking: MarkQueue::default(),
            tobefnz: std::collections::VecDeque::new(),
            running: false,
            heap: alloc::Heap::new(),
        }
    }
}

impl Default for GcState {
    fn default() -> Self {
        Self::new()
    }
}

/// Allocate `size` zeroed bytes for an object of type `gct`, linked into the root list
/// (userdata into theirs) unless `link` is false (strings link into the string table).
#[inline]
pub fn alloc(g: &mut Global, size: usize, gct: u32, link: bool) -> *mut GcHeader {
    let p = g.gc.heap.alloc(size, true) as *mut GcHeader;
    if p.is_null() {
        out_of_memory(size);
    }
    g.gc.total += alloc::block_size(size);
    // SAFETY: p is a fresh zeroed allocation large enough for a header.
    unsafe {
        (*p).marked = g.gc.currentwhite;
        (*p).gct = gct as u8;
        if link {
            let list = if gct == tag::UDATA {
                &mut g.gc.udata
            } else {
                &mut g.gc.root
            };
            (*p).nextgc = *list;
            *list = p;
        }
    }
    p
}

/// Raw buffer allocation accounted to the GC (table arrays, stacks); not zeroed.
#[inline]
pub fn alloc_buf<T>(g: &mut Global, n: usize) -> *mut T {
    let size = n
        .checked_mul(std::mem::size_of::<T>())
        .unwrap_or_else(|| out_of_memory(usize::MAX));
    if size == 0 {
        return std::ptr::NonNull::dangling().as_ptr();
    }
    let p = g.gc.heap.alloc(size, false) as *mut T;
    if p.is_null() {
        out_of_memory(size);
    }
    g.gc.total += alloc::block_size(size);
    p
}

/// Free a buffer from `alloc_buf`.
#[inline]
pub fn free_buf<T>(g: &mut Global, p: *mut T, n: usize) {
    let size = n * std::mem::size_of::<T>();
    if size != 0 {
        g.gc.total -= alloc::block_size(size);
        // SAFETY: p came from alloc_buf with this element count.
        unsafe { g.gc.heap.free(p as *mut u8, size) };
    }
}

/// Free an object's memory of `size` bytes.
#[inline]
pub fn free_obj(g: &mut Global, p: *mut GcHeader, size: usize) {
    g.gc.total -= alloc::block_size(size);
    // SAFETY: p came from alloc with this size.
    unsafe { g.gc.heap.free(p as *mut u8, size) };
}

/// The allocator failed even though nothing is left to collect: there is no way to
/// continue that would keep the heap consistent, so say so plainly and exit.
#[cold]
pub fn out_of_memory(size: usize) -> ! {
    eprintln!("strix: not enough memory (allocating {size} bytes)");
    std::process::exit(1);
}

#[inline(always)]
pub fn is_black(o: *const GcHeader) -> bool {
    // SAFETY: callers pass live objects.
    unsafe { (*o).marked & mark::BLACK != 0 }
}

#[inline(always)]
fn is_marked(o: *const GcHeader) -> bool {
    // SAFETY: callers pass live objects.
    unsafe { (*o).marked & (mark::BLACK | mark::FIXED) != 0 }
}

/// Backward barrier for a table store: a black table that gains a white value turns gray.
#[inline(always)]
pub fn barrier_tab(g: &mut Global, t: *mut GcTab) {
    if g.gc.phase == Phase::Propagate && is_black(t as *const GcHeader) {
        // SAFETY: t is a live table.
        unsafe { (*t).marked &= !mark::BLACK };
        g.gc.gray.push(t as *mut GcHeader);
    }
}

/// Forward barrier for an upvalue store: the stored value is marked at once.
#[inline(always)]
pub fn barrier_uv(g: &mut Global, uv: *mut GcUpval, v: TValue) {
    if g.gc.phase == Phase::Propagate && is_black(uv as *const GcHeader) && v.is_gcv() {
        mark_obj(g, v.gcptr());
    }
}

/// Mark an object reachable (gray: queued for traversal).
#[inline]
pub fn mark_obj(g: &mut Global, o: *mut GcHeader) {
    if is_marked(o) {
        return;
    }
    // SAFETY: o is a live object reached from a root.
    unsafe {
        (*o).marked |= mark::BLACK;
        if (*o).gct as u32 != tag::STR {
            g.gc.gray.push(o);
        }
    }
}

#[inline]
pub fn mark_value(g: &mut Global, v: TValue) {
    if v.is_gcv() {
        mark_obj(g, v.gcptr());
    }
}

/// How many objects traversals find ahead of marking them: enough for their headers'
/// cache misses to overlap.
const MARK_AHEAD: usize = 16;
const _: () = assert!(MARK_AHEAD.is_power_of_two());

/// A ring of objects waiting to be marked, their headers being prefetched meanwhile.
#[derive(Default)]
struct MarkQueue {
    ring: [usize; MARK_AHEAD],
    head: usize,
    len: usize,
}

/// Mark `o` once a few more objects have been found: fetching its header (the cache
/// miss that dominates marking) overlaps with the work in between.
#[inline]
fn mark_later(g: &mut Global, o: *mut GcHeader) {
    prefetch(o);
    let q = &mut g.gc.marking;
    if q.len < MARK_AHEAD {
        q.ring[(q.head + q.len) % MARK_AHEAD] = o as usize;
        q.len += 1;
        return;
    }
    let due = std::mem::replace(&mut q.ring[q.head], o as usize) as *mut GcHeader;
    q.head = (q.head + 1) % MARK_AHEAD;
    mark_obj(g, due);
}

#[inline]
fn mark_value_later(g: &mut Global, v: TValue) {
    if v.is_gcv() {
        mark_later(g, v.gcptr());
    }
}

/// Mark the oldest object waiting; false if none is.
fn mark_next_waiting(g: &mut Global) -> bool {
    let q = &mut g.gc.marking;
    if q.len == 0 {
        return false;
    }
    let o = q.ring[q.head] as *mut GcHeader;
    q.head = (q.head + 1) % MARK_AHEAD;
    q.len -= 1;
    mark_obj(g, o);
    true
}

#[inline(always)]
fn prefetch(o: *mut GcHeader) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint; it never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(o as *const i8)
    };
}

/// Run one whole collection cycle, then the finalizers it found due.
pub fn full_gc(vm: &mut crate::state::LuaState) -> crate::state::LResult<()> {
    let g = vm.g();
    if g.gc.running {
        return Ok(());
    }
    g.gc.running = true;
    g.gc.phase = Phase::Propagate;
    mark_roots(g);
    propagate(g);
    // Userdata with finalizers that became unreachable are resurrected for their
    // finalizer (and everything they reach), as Lua 5.1 does.
    separate_udata(g);
    propagate(g);
    clear_weak(g);
    g.gc.phase = Phase::Sweep;
    crate::state::close_dead_threads(g);
    sweep(g);
    crate::str::sweep_strings(g);
    g.gc.heap.trim();
    g.gc.phase = Phase::Pause;
    g.gc.estimate = g.gc.total;
    set_threshold(g);
    // A finished cycle sets the next threshold, which re-arms an automatic collector
    // stopped by `collectgarbage("stop")`, as in Lua 5.1 and LuaJIT.
    g.gc.stopped = false;
    g.gc.running = false;
    run_finalizers(vm)
}

/// Next collection when memory grows by `pause` percent.
pub fn set_threshold(g: &mut Global) {
    let base = g.gc.estimate.max(256 * 1024);
    g.gc.threshold = base / 100 * g.gc.pause as usize;
}

fn mark_roots(g: &mut Global) {
    g.gc.gray.clear();
    g.gc.weak.clear();
    mark_obj(g, g.mainthread as *mut GcHeader);
    mark_value(g, g.registry);
    for i in 0..g.basemt.len() {
        if !g.basemt[i].is_null() {
            mark_obj(g, g.basemt[i] as *mut GcHeader);
        }
    }
    for i in 0..g.gc.tobefnz.len() {
        mark_obj(g, g.gc.tobefnz[i] as *mut GcHeader);
    }
    // The running thread and every thread waiting in `resume` for it.
    let mut t = g.running;
    while !t.is_null() {
        mark_obj(g, t as *mut GcHeader);
        // SAFETY: the resumer chain links live threads.
        t = unsafe { (*t).resumer };
    }
}

/// Traverse gray objects until none is left and none waits to be marked.
fn propagate(g: &mut Global) {
    loop {
        while let Some(o) = g.gc.gray.pop() {
            traverse(g, o);
        }
        if !mark_next_waiting(g) {
            return;
        }
    }
}

/// Mark what one gray object references.
fn traverse(g: &mut Global, o: *mut GcHeader) {
    // SAFETY: gray objects are live and their type tag says what they are.
    unsafe {
        match (*o).gct as u32 {
            tag::TAB => traverse_tab(g, o as *mut GcTab),
            tag::FUNC => traverse_func(g, o as *mut GcFunc),
            tag::PROTO => traverse_proto(g, o as *mut GcProto),
            tag::UPVAL => {
                let uv = o as *mut GcUpval;
                mark_value_later(g, *(*uv).v);
            }
            tag::THREAD => crate::state::traverse_thread(g, o as *mut GcThread),
            tag::UDATA => {
                let u = o as *mut GcUdata;
                if !(*u).metatable.is_null() {
                    mark_later(g, (*u).metatable as *mut GcHeader);
                }
                if !(*u).env.is_null() {
                    mark_later(g, (*u).env as *mut GcHeader);
                }
            }
            _ => {}
        }
    }
}

/// Weakness of a table from its metatable's `__mode`: bit 0 weak keys, bit 1 weak values.
fn weak_mode(g: &mut Global, t: *mut GcTab) -> u8 {
    // SAFETY: t is live; its metatable (if any) is live.
    unsafe {
        let mt = (*t).metatable;
        if mt.is_null() {
            return 0;
        }
        let mode = crate::tab::get_str(mt, g.mmname[crate::meta::MM::Mode as usize]);
        if !mode.is_str() {
            return 0;
        }
        let s = (*mode.ptr::<GcStr>()).as_bytes();
        let mut w = 0;
        if s.contains(&b'k') {
            w |= 1;
        }
        if s.contains(&b'v') {
            w |= 2;
        }
        w
    }
}

unsafe fn traverse_tab(g: &mut Global, t: *mut GcTab) {
    if !(*t).metatable.is_null() {
        mark_later(g, (*t).metatable as *mut GcHeader);
    }
    let weak = weak_mode(g, t);
    if weak != 0 {
        g.gc.weak.push(t);
    }
    // A weak part still holds strings strongly: they are values, never cleared
    // from weak tables, so they must survive the sweep like any other reference.
    let mark_part = |g: &mut Global, v: TValue, weak_part: bool| {
        if !weak_part || v.is_str() {
            mark_value_later(g, v);
        }
    };
    for i in 0..(*t).asize as usize {
        mark_part(g, *(*t).array.add(i), weak & 2 != 0);
    }
    if (*t).hmask != 0 || !crate::tab::is_nilnode((*t).node) {
        for i in 0..=(*t).hmask as usize {
            let n = (*t).node.add(i);
            if (*n).val.is_nil() {
                continue;
            }
            mark_part(g, (*n).key, weak & 1 != 0);
            mark_part(g, (*n).val, weak & 2 != 0);
        }
    }
}

unsafe fn traverse_func(g: &mut Global, f: *mut GcFunc) {
    if !(*f).env.is_null() {
        mark_later(g, (*f).env as *mut GcHeader);
    }
    if (*f).is_lua() {
        mark_later(g, (*f).proto() as *mut GcHeader);
        for i in 0..(*f).nupvalues as usize {
            let uv = *(*f).uvptr().add(i);
            if !uv.is_null() {
                mark_later(g, uv as *mut GcHeader);
            }
        }
    } else {
        for i in 0..(*f).nupvalues as usize {
            mark_value_later(g, *(*f).cupvalue().add(i));
        }
    }
}

unsafe fn traverse_proto(g: &mut Global, p: *mut GcProto) {
    mark_later(g, (*p).chunkname as *mut GcHeader);
    for i in 0..(*p).sizekgc as usize {
        mark_value_later(g, *(*p).k.sub(i + 1));
    }
}

/// Is this key or value (`val`) collectable in a weak table? Strings are values,
/// never cleared.
unsafe fn is_cleared(v: TValue, val: bool) -> bool {
    if !v.is_gcv() || v.is_str() {
        return false;
    }
    let o = v.gcptr();
    if val && v.is(tag::UDATA) && (*o).marked & mark::FINALIZED != 0 {
        // Finalized userdata is dropped from values even while resurrected, but stays
        // as a key, so its finalizer can still look itself up (as Lua 5.1 and LuaJIT).
        return true;
    }
    !is_marked(o)
}

fn clear_weak(g: &mut Global) {
    let weak = std::mem::take(&mut g.gc.weak);
    for &t in &weak {
        // SAFETY: weak tables were marked live this cycle.
        unsafe {
            for i in 0..(*t).asize as usize {
                let slot = (*t).array.add(i);
                if is_cleared(*slot, true) {
                    *slot = TValue::NIL;
                }
            }
            if !crate::tab::is_nilnode((*t).node) {
                for i in 0..=(*t).hmask as usize {
                    let n = (*t).node.add(i);
                    if !(*n).val.is_nil()
                        && (is_cleared((*n).key, false) || is_cleared((*n).val, true))
                    {
                        (*n).val = TValue::NIL;
                    }
                }
            }
        }
    }
    g.gc.weak = weak;
}

/// Userdata not yet finalized that have a `__gc` metamethod (all of them, or only the
/// unmarked ones if `dead_only`), newest first, flagged as finalized.
fn take_finalizable(g: &mut Global, dead_only: bool) -> Vec<*mut GcUdata> {
    let mut p = g.gc.udata;
    let mut found = Vec::new();
    // SAFETY: walking the userdata list of live allocations.
    unsafe {
        while !p.is_null() {
            if (*p).marked & mark::FINALIZED == 0 && !(dead_only && is_marked(p)) {
                let mt = (*(p as *mut GcUdata)).metatable;
                if !mt.is_null()
                    && !crate::tab::get_str(mt, g.mmname[crate::meta::MM::Gc as usize]).is_nil()
                {
                    (*p).marked |= mark::FINALIZED;
                    found.push(p as *mut GcUdata);
                }
            }
            p = (*p).nextgc;
        }
    }
    found
}

/// Queue unreachable userdata with a `__gc` metamethod for finalization, and mark them.
fn separate_udata(g: &mut Global) {
    // The list is newest first; finalizers run in reverse order of creation.
    let found = take_finalizable(g, true);
    for &u in &found {
        mark_obj(g, u as *mut GcHeader);
    }
    g.gc.tobefnz.extend(found);
}

fn sweep(g: &mut Global) {
    let root: *mut *mut GcHeader = &mut g.gc.root;
    sweep_list(g, root);
    let udata: *mut *mut GcHeader = &mut g.gc.udata;
    sweep_list(g, udata);
}

/// Free the unmarked objects of one list and whiten the others.
fn sweep_list(g: &mut Global, head: *mut *mut GcHeader) {
    let mut prev = head;
    // SAFETY: `head` is one of the GC's lists, which link each object exactly once.
    unsafe {
        while !(*prev).is_null() {
            let o = *prev;
            if is_marked(o) {
                (*o).marked &= !mark::BLACK;
                prev = &mut (*o).nextgc;
            } else {
                *prev = (*o).nextgc;
                free_any(g, o);
            }
        }
    }
}

/// Free one object of any type.
unsafe fn free_any(g: &mut Global, o: *mut GcHeader) {
    match (*o).gct as u32 {
        tag::TAB => crate::tab::free(g, o as *mut GcTab),
        tag::FUNC => crate::func::free_func(g, o as *mut GcFunc),
        tag::PROTO => crate::func::free_proto(g, o as *mut GcProto),
        tag::UPVAL => crate::func::free_upval(g, o as *mut GcUpval),
        tag::THREAD => crate::state::free_thread(g, o as *mut GcThread),
        tag::UDATA => crate::udata::free(g, o as *mut GcUdata),
        t => unreachable!("object of type {t} in a GC list"),
    }
}

/// Call pending `__gc` metamethods. An error in a finalizer propagates to the code
/// that triggered the collection, as in LuaJIT; the remaining ones run next time.
pub fn run_finalizers(vm: &mut crate::state::LuaState) -> crate::state::LResult<()> {
    loop {
        let g = vm.g();
        if g.gc.running {
            return Ok(());
        }
        let Some(u) = g.gc.tobefnz.pop_front() else {
            return Ok(());
        };
        g.gc.running = true;
        let r = crate::udata::finalize(vm, u);
        vm.g().gc.running = false;
        r?;
    }
}

/// Rounds of finalizers closing the state runs at most: a finalizer that keeps creating
/// finalizable userdata (resurrecting itself) must not keep the VM from exiting.
/// LuaJIT's `lua_close` stops after the same number.
const CLOSE_FINALIZER_ROUNDS: usize = 10;

/// Run the `__gc` finalizer of every userdata that has one and has not been finalized,
/// reachable or not, as closing the state does: newest first, an error in one finalizer
/// skips it and moves on, and userdata created by finalizers are finalized in turn, for
/// up to [`CLOSE_FINALIZER_ROUNDS`] rounds.
pub fn finalize_all(vm: &mut crate::state::LuaState) {
    for _ in 0..CLOSE_FINALIZER_ROUNDS {
        queue_all_udata(vm.g());
        if vm.g().gc.tobefnz.is_empty() {
            return;
        }
        while let Some(u) = vm.g().gc.tobefnz.pop_front() {
            let was_running = vm.g().gc.running;
            vm.g().gc.running = true;
            let r = crate::udata::finalize(vm, u);
            vm.g().gc.running = was_running;
            if r.is_err() {
                vm.errobj = TValue::NIL;
            }
        }
    }
}

/// Queue every not yet finalized userdata with a `__gc` metamethod, newest first.
fn queue_all_udata(g: &mut Global) {
    let found = take_finalizable(g, false);
    g.gc.tobefnz.extend(found);
}

/// Free everything at VM close.
pub fn free_all(g: &mut Global) {
    // SAFETY: the VM is being torn down; nothing references these objects any more.
    unsafe {
        for head in [g.gc.root, g.gc.udata] {
            let mut p = head;
            while !p.is_null() {
                let next = (*p).nextgc;
                free_any(g, p);
                p = next;
            }
        }
    }
    g.gc.root = std::ptr::null_mut();
    g.gc.udata = std::ptr::null_mut();
    crate::str::free_all(g);
}

//! VM state: the global state shared by all coroutines, and each coroutine's
//! `LuaState` (its value stack, frame chain, open upvalues).
//!
//! Frame layout (LuaJIT's two-slot "FR2" layout): a frame at `base` has its function in
//! `base[-2]` and its link in `base[-1]`. A Lua-called frame's link is the return PC
//! (low bits 0). Other links are a byte delta to the previous frame's base, or'ed with
//! the frame type. Frames entered from Rust (`FRAME_C`) keep the caller's saved PC in
//! `base[-3]`, so tracebacks can name the line the Rust helper was called from.

use crate::func::{GcUpval, NativeFn};
use crate::gc::{self, GcHeader, GcState};
use crate::meta::MM;
use crate::str::{self, GcStr, StrTab};
use crate::tab::{self, GcTab};
use crate::value::{tag, TValue};

/// Error and yield statuses, carried by `Err` through Rust frames; the error value
/// itself is in `LuaState::errobj`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Yield = 1,
    ErrRun = 2,
    ErrSyntax = 3,
    ErrMem = 4,
    ErrErr = 5,
}

pub type LResult<T> = Result<T, Status>;

/// Frame types in the low bits of a link.
pub const FRAME_LUA: u64 = 0;
pub const FRAME_C: u64 = 1;
pub const FRAME_CONT: u64 = 2;
pub const FRAME_VARG: u64 = 3;
/// A protected call from Rust (`pcall_value`): as `FRAME_C`, but an error inside stops
/// the search for an `xpcall` handler here.
pub const FRAME_CP: u64 = 5;
pub const FRAME_PCALL: u64 = 6;
pub const FRAME_PCALLH: u64 = 7;
pub const FRAME_TYPE: u64 = 3;
pub const FRAME_TYPEP: u64 = 7;

/// The type of a frame link: Lua frames have PC links (low two bits clear, bit 2 may
/// be set), every other frame a delta whose low three bits are the type.
#[inline(always)]
pub fn frame_type(link: u64) -> u64 {
    if link & FRAME_TYPE == FRAME_LUA {
        FRAME_LUA
    } else {
        link & FRAME_TYPEP
    }
}

/// Stack sizes in slots: initial, largest (LuaJIT's limit), and the reserve kept
/// above `maxstack` for error handling.
pub const STACK_START: usize = 128;
pub const STACK_MAX: usize = 65500;
pub const STACK_EXTRA: usize = 64;
/// Stack size while an overflow is being handled: the limit plus room for handlers.
pub const STACK_OVERFLOW_SIZE: usize = STACK_MAX + 8 * STACK_EXTRA;
/// Nesting limit of Rust-level calls into the VM (metamethods, library callbacks).
pub const MAX_CCALLS: u32 = 200;

/// Coroutine states. `RUNNING` covers the thread in `Global::running` and every
/// thread on its chain of resumers: the first runs, the others are "normal" (waiting
/// in `resume`). Only the resumer writes a thread's state, never the thread itself,
/// so no write goes through a `&mut LuaState` that another thread's code reads behind
/// the compiler's back.
pub mod costate {
    pub const FRESH: u8 = 0;
    pub const SUSPENDED: u8 = 1;
    pub const RUNNING: u8 = 2;
    pub const DEAD: u8 = 4;
}

/// VM states for the `vmstate` word (defined once; the profiler and auditlog use the names).
macro_rules! vmstates {
    ($m:ident) => {
        $m! { Interp "INTERP", C "C", Gc "GC", Exit "EXIT", Record "RECORD", Opt "OPT", Asm "ASM", Parse "PARSE" }
    };
}
macro_rules! gen_vmstate {
    ($($name:ident $s:literal),*) => {
        /// What the VM is doing; `vmstate` holds `!(state as i32)` (negative).
        #[repr(u8)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum VmState { $($name,)* }
        impl VmState {
            pub const NAMES: &'static [&'static str] = &[$($s,)*];
        }
    };
}
vmstates!(gen_vmstate);

/// State shared by every coroutine of one VM.
pub struct Global {
    pub strtab: StrTab,
    pub gc: GcState,
    pub mainthread: *mut LuaState,
    pub registry: TValue,
    /// Metatables of non-table types, by type tag (`value::tag`).
    pub basemt: [*mut GcTab; 14],
    /// Interned metamethod names.
    pub mmname: Vec<*mut GcStr>,
    /// The running thread; its `resumer` chain holds the threads waiting in `resume`.
    pub running: *mut LuaState,
    /// `>= 0`: trace number; `< 0`: `!VmState`. Atomic because the profiler's signal
    /// handler reads it (relaxed loads and stores are plain moves).
    pub vmstate: std::sync::atomic::AtomicI32,
    /// Run the reference interpreter instead of the generated one.
    pub interp_ref: bool,
    /// The generated interpreter's dispatch table and hot counters.
    pub disp: Box<crate::interp::x64::Dispatch>,
    /// Coroutines created but not yet collected (their open upvalues need closing when they die).
    pub threads: Vec<*mut LuaState>,
    /// State of `math.random`.
    pub prng: crate::lib::math::Prng,
    /// Trace compiler settings (`jit.opt.start`, `-O`).
    pub jit: crate::jit::JitSettings,
    /// Debug hook settings (`debug.sethook`).
    pub hook: crate::hook::HookState,
}

impl Global {
    #[inline(always)]
    pub fn set_vmstate(&mut self, s: VmState) {
        self.vmstate
            .store(!(s as i32), std::sync::atomic::Ordering::Relaxed);
    }
    /// The raw state word.
    #[inline(always)]
    pub fn vmstate(&self) -> i32 {
        self.vmstate.load(std::sync::atomic::Ordering::Relaxed)
    }
    /// Restore a state word saved with [`Global::vmstate`].
    #[inline(always)]
    pub fn restore_vmstate(&mut self, v: i32) {
        self.vmstate.store(v, std::sync::atomic::Ordering::Relaxed);
    }
    /// Apply one `jit.opt.start`/`-O` setting; the hot counters follow `hotloop`.
    pub fn jit_apply(&mut self, item: &[u8]) -> Result<(), String> {
        self.jit.apply(item)?;
        self.disp.set_hotloop(self.jit.hotloop());
        Ok(())
    }
    pub fn mmname(&self, mm: MM) -> *mut GcStr {
        self.mmname[mm as usize]
    }
}

/// A coroutine (and the main thread): a stack of values with linked frames.
#[repr(C)]
pub struct LuaState {
    pub nextgc: *mut GcHeader,
    pub marked: u8,
    pub gct: u8,
    pub dummy_ffid: u8,
    /// `costate::*`.
    pub costate: u8,
    pub _pad: u32,
    /// Base of the current frame.
    pub base: *mut TValue,
    /// First free slot.
    pub top: *mut TValue,
    pub stack: *mut TValue,
    /// Last slot usable without growing (the reserve lies above).
    pub maxstack: *mut TValue,
    pub stacksize: u32,
    /// Nesting of Rust-level calls into the VM on this thread.
    pub nccalls: u32,
    /// Globals (the environment of new top-level chunks and `getfenv(0)`).
    pub env: *mut GcTab,
    /// Open upvalues, highest slot first.
    pub openupval: *mut GcUpval,
    pub glref: *mut Global,
    /// PC of the innermost Lua frame, saved when the interpreter calls out.
    pub savedpc: *const crate::bc::Ins,
    /// The error value while an error propagates.
    pub errobj: TValue,
    /// While running or normal: the thread that resumed this one (null for the main
    /// thread).
    pub resumer: *mut LuaState,
    /// Non-zero while yields are impossible (inside Rust-level calls).
    pub nny: u32,
    /// A stack-overflow error is being handled (its reserve is in use).
    pub in_overflow: bool,
    /// Set once the error handler of the current error has run.
    pub err_handled: bool,
    /// An `xpcall` message handler is running: an error inside it does not call
    /// handlers again (LuaJIT reports "error in error handling" at once).
    pub in_handler: bool,
}

impl LuaState {
    /// The global state.
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub fn g(&self) -> &mut Global {
        // SAFETY: glref points to the Global that owns this thread and outlives it;
        // callers never hold the reference across calls that could re-enter.
        unsafe { &mut *self.glref }
    }

    /// Number of arguments of the running native function.
    #[inline(always)]
    pub fn nargs(&self) -> usize {
        // SAFETY: base and top delimit the current frame's slots.
        unsafe { self.top.offset_from(self.base) as usize }
    }

    /// Argument `i` (0-based), nil if absent.
    #[inline(always)]
    pub fn arg(&self, i: usize) -> TValue {
        if i < self.nargs() {
            // SAFETY: i is below nargs.
            unsafe { *self.base.add(i) }
        } else {
            TValue::NIL
        }
    }

    /// Overwrite argument slot `i` (must exist).
    pub fn set_arg(&mut self, i: usize, v: TValue) {
        assert!(i < self.nargs());
        // SAFETY: i is below nargs.
        unsafe { *self.base.add(i) = v }
    }

    /// Push a value (the stack has been checked for room).
    #[inline(always)]
    pub fn push(&mut self, v: TValue) -> LResult<()> {
        if self.top >= self.maxstack {
            self.grow_stack(1)?;
        }
        // SAFETY: top < maxstack after the check.
        unsafe {
            *self.top = v;
            self.top = self.top.add(1);
        }
        Ok(())
    }

    /// Slot offset of a pointer into this stack (survives reallocation).
    #[inline(always)]
    pub fn save(&self, p: *const TValue) -> usize {
        // SAFETY: p points into this stack.
        unsafe { p.offset_from(self.stack) as usize }
    }
    #[inline(always)]
    pub fn restore(&self, off: usize) -> *mut TValue {
        // SAFETY: off came from `save` and the stack only grows while it is in use.
        unsafe { self.stack.add(off) }
    }

    /// Make room for `n` more slots above `top`.
    #[inline(always)]
    pub fn check_stack(&mut self, n: usize) -> LResult<()> {
        // SAFETY: pointer comparison within the stack allocation.
        if unsafe { self.maxstack.offset_from(self.top) } < n as isize {
            self.grow_stack(n)?;
        }
        Ok(())
    }

    /// Grow the stack; "stack overflow" past `STACK_MAX`. The first overflow is reported
    /// where it happened, with the reserve above the limit (`STACK_OVERFLOW_SIZE`) made
    /// available for error handlers; running past the reserve too (an overflow while one
    /// is being handled) fails without a position.
    #[cold]
    pub fn grow_stack(&mut self, n: usize) -> LResult<()> {
        let used = self.save(self.top);
        let need = used + n;
        if need + STACK_EXTRA > STACK_MAX {
            if !self.in_overflow {
                self.in_overflow = true;
                self.realloc_stack(STACK_OVERFLOW_SIZE.max(self.stacksize as usize));
                return Err(self.runtime_error("stack overflow"));
            }
            if need + STACK_EXTRA > STACK_OVERFLOW_SIZE {
                return Err(self.error_str_nopos("stack overflow"));
            }
        }
        let mut size = self.stacksize as usize * 2;
        while size < need + STACK_EXTRA {
            size *= 2;
        }
        // Outside overflow handling `maxstack` stays at the limit, so that reaching it
        // always comes back here to be reported.
        let cap = if self.in_overflow {
            STACK_OVERFLOW_SIZE
        } else {
            STACK_MAX
        };
        self.realloc_stack(size.min(cap).max(need + STACK_EXTRA));
        Ok(())
    }

    /// Move the stack to a new allocation of `size` slots, fixing every pointer into it.
    pub fn realloc_stack(&mut self, size: usize) {
        let old = self.stack;
        let oldsize = self.stacksize as usize;
        if size == oldsize {
            return;
        }
        let new: *mut TValue = gc::alloc_buf(self.g(), size);
        // Copy all of the old stack that fits, not just up to `top`: a Lua frame's
        // registers can lie above it. The rest is nil-filled.
        let keep = oldsize.min(size);
        // SAFETY: both allocations hold at least `keep` slots.
        unsafe {
            std::ptr::copy_nonoverlapping(old, new, keep);
            for i in keep..size {
                *new.add(i) = TValue::NIL;
            }
            let delta = new.offset_from(old);
            self.base = self.base.offset(delta);
            self.top = self.top.offset(delta);
            let mut uv = self.openupval;
            while !uv.is_null() {
                (*uv).v = (*uv).v.offset(delta);
                uv = (*uv).next_open;
            }
            self.stack = new;
            self.stacksize = size as u32;
            self.maxstack = new.add(size - STACK_EXTRA);
        }
        gc::free_buf(self.g(), old, oldsize);
    }

    /// Leave overflow mode once the stack has unwound well below the limit, giving the
    /// reserve back: the next overflow is then detected at the limit and reported again.
    pub fn shrink_after_overflow(&mut self) {
        if self.in_overflow && self.save(self.top) < STACK_MAX / 2 {
            self.in_overflow = false;
            if self.stacksize as usize > STACK_MAX {
                self.realloc_stack(STACK_MAX);
            }
        }
    }

    /// Intern a string.
    pub fn new_str(&mut self, s: &[u8]) -> TValue {
        str::new_str(self.g(), s)
    }

    /// A new empty table.
    pub fn new_table(&mut self, asize: u32, hbits: u32) -> *mut GcTab {
        tab::new(self.g(), asize, hbits)
    }

    /// A native closure.
    pub fn new_native(&mut self, f: NativeFn, ffid: u8) -> TValue {
        let env = self.env;
        let fp = crate::func::new_native(self.g(), f, ffid, 0, env);
        TValue::gc(tag::FUNC, fp as *const GcHeader)
    }

    /// Set the error object and return the status to propagate.
    pub fn throw(&mut self, v: TValue) -> Status {
        self.errobj = v;
        self.err_handled = false;
        Status::ErrRun
    }

    /// Error with a message and no position.
    pub fn error_str_nopos(&mut self, msg: &str) -> Status {
        let v = self.new_str(msg.as_bytes());
        self.throw(v)
    }

    /// Collect garbage if the allocation debt says so; runs due finalizers.
    #[inline(always)]
    pub fn gc_check(&mut self) -> LResult<()> {
        let g = self.g();
        if g.gc.total >= g.gc.threshold && !g.gc.stopped {
            self.gc_step()?;
        }
        Ok(())
    }

    #[cold]
    pub fn gc_step(&mut self) -> LResult<()> {
        let old = self.g().vmstate();
        self.g().set_vmstate(VmState::Gc);
        let r = gc::full_gc(self);
        self.g().restore_vmstate(old);
        r
    }
}

/// Mark everything a thread references.
pub fn traverse_thread(g: &mut Global, l: *mut LuaState) {
    // SAFETY: l is a live thread; its stack slots below top are values or frame links
    // (links look like small numbers and are skipped by mark_value).
    unsafe {
        let mut p = (*l).stack;
        while p < (*l).top {
            gc::mark_value(g, *p);
            p = p.add(1);
        }
        // Slots above top may hold stale values; clear them so they don't resurrect later.
        let end = (*l).stack.add((*l).stacksize as usize);
        while p < end {
            *p = TValue::NIL;
            p = p.add(1);
        }
        if !(*l).env.is_null() {
            gc::mark_obj(g, (*l).env as *mut GcHeader);
        }
        gc::mark_value(g, (*l).errobj);
        let mut uv = (*l).openupval;
        while !uv.is_null() {
            gc::mark_obj(g, uv as *mut GcHeader);
            uv = (*uv).next_open;
        }
    }
}

/// Before sweeping: close the open upvalues of threads that are about to die, so
/// closures that outlive them keep their values.
pub fn close_dead_threads(g: &mut Global) {
    let mut i = 0;
    while i < g.threads.len() {
        let l = g.threads[i];
        // SAFETY: threads in this list are allocated until swept (right after this).
        unsafe {
            if (*l).marked & (gc::mark::BLACK | gc::mark::FIXED) == 0 {
                (*l).close_upvals((*l).stack);
                g.threads.swap_remove(i);
                continue;
            }
        }
        i += 1;
    }
}

/// Free a dead thread and its stack.
pub fn free_thread(g: &mut Global, l: *mut LuaState) {
    // SAFETY: l is dead; its stack was allocated with alloc_buf.
    unsafe {
        gc::free_buf(g, (*l).stack, (*l).stacksize as usize);
    }
    gc::free_obj(g, l as *mut GcHeader, std::mem::size_of::<LuaState>());
}

/// Allocate a thread with a fresh stack.
pub fn new_thread(g: &mut Global, env: *mut GcTab) -> *mut LuaState {
    let l = gc::alloc(g, std::mem::size_of::<LuaState>(), tag::THREAD, true) as *mut LuaState;
    let stack: *mut TValue = gc::alloc_buf(g, STACK_START);
    // SAFETY: l is fresh and zeroed; the stack has STACK_START slots.
    unsafe {
        for i in 0..STACK_START {
            *stack.add(i) = TValue::NIL;
        }
        (*l).stack = stack;
        (*l).stacksize = STACK_START as u32;
        (*l).maxstack = stack.add(STACK_START - STACK_EXTRA);
        (*l).base = stack;
        (*l).top = stack;
        (*l).glref = g;
        (*l).env = env;
        (*l).errobj = TValue::NIL;
    }
    l
}

/// Create a VM: global state, main thread, registry, globals table, metamethod names.
/// The returned thread (and its Global) live until `close_vm`.
pub fn open_vm() -> *mut LuaState {
    let g = Box::into_raw(Box::new(Global {
        strtab: StrTab::new(),
        gc: GcState::new(),
        mainthread: std::ptr::null_mut(),
        registry: TValue::NIL,
        basemt: [std::ptr::null_mut(); 14],
        mmname: Vec::new(),
        running: std::ptr::null_mut(),
        jit: crate::jit::JitSettings::default(),
        hook: crate::hook::HookState::default(),
        vmstate: std::sync::atomic::AtomicI32::new(!(VmState::Interp as i32)),
        interp_ref: crate::interp::x64::code().is_none(),
        disp: crate::interp::x64::Dispatch::new(crate::jit::JitSettings::default().hotloop()),
        threads: Vec::new(),
        prng: crate::lib::math::Prng::seeded(0.0),
    }));
    // SAFETY: g was just allocated and is exclusively ours here.
    let gr = unsafe { &mut *g };
    // The signal handlers (profiler, crash record) read this VM's state word.
    crate::audit::VMSTATE.store(
        &gr.vmstate as *const std::sync::atomic::AtomicI32 as *mut _,
        std::sync::atomic::Ordering::Relaxed,
    );
    for name in MM::NAMES {
        let s = str::intern(gr, name.as_bytes());
        // SAFETY: s is live; metamethod names are never collected.
        unsafe { (*s).marked |= gc::mark::FIXED };
        gr.mmname.push(s);
    }
    crate::interp::x64::Dispatch::intern_strings(gr);
    let l = new_thread(gr, std::ptr::null_mut());
    gr.mainthread = l;
    gr.running = l;
    let globals = tab::new(gr, 0, 6);
    let registry = tab::new(gr, 0, 2);
    gr.registry = TValue::gc(tag::TAB, registry as *const GcHeader);
    // SAFETY: l is the live main thread.
    unsafe {
        (*l).env = globals;
        (*l).costate = costate::RUNNING;
    }
    l
}

/// Free a VM opened with `open_vm`.
pub fn close_vm(l: *mut LuaState) {
    // SAFETY: the caller gives up the VM; only the finalizers run on it any more.
    unsafe {
        gc::finalize_all(&mut *l);
        let g = (*l).glref;
        crate::audit::VMSTATE.store(std::ptr::null_mut(), std::sync::atomic::Ordering::Relaxed);
        gc::free_all(&mut *g);
        drop(Box::from_raw(g));
    }
}

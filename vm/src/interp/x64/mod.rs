//! The generated interpreter: x86-64 machine code assembled with dynasmrt when the
//! first VM starts, one handler per opcode reached through a per-VM dispatch table.
//!
//! # Registers
//!
//! Callee-saved, so they survive calls into Rust helpers:
//!
//! | register | name       | holds                                                     |
//! | -------- | ---------- | --------------------------------------------------------- |
//! | `rbx`    | `PC`       | the next instruction (handlers run with it already advanced) |
//! | `r12`    | `DISPATCH` | this VM's [`Dispatch`]: handler table, then hot counters   |
//! | `r13`    | `L`        | the running `LuaState`                                    |
//! | `r14`    | `BASE`     | the current Lua frame's base (register 0)                  |
//! | `r15`    | `KBASE`    | the running prototype's constants (`GcProto::k`)           |
//!
//! On entry to an instruction handler `ecx` holds operand A, `eax` operand D (for
//! `ABC` instructions `C` in `al`, `B` in `ah`) and `edx` the opcode. A function-header
//! handler (`FUNCF`, ...) is entered by a call with `BASE` at the callee's frame, `PC`
//! after the header, `rdi` the closure (untagged) and `edx` the argument count.
//!
//! # Frames
//!
//! The frame layout is the one every interpreter shares (`state.rs`, LuaJIT's FR2):
//! `BASE[-2]` is the function, `BASE[-1]` the link, a Lua caller's link being its
//! return PC. Calls between Lua functions and returns to Lua frames stay in machine
//! code; everything else (native functions, `__call`, vararg frames, returns to
//! `pcall`, continuation and Rust frames) goes through Rust helpers that use the
//! common frame protocol of `interp::mod`. Resuming a suspended coroutine and
//! yielding also stay in machine code (`coro.rs`): a resume calls `entry` with the
//! coroutine as `L`, and a yield leaves that entry.
//!
//! # Helpers and statuses
//!
//! Slow paths call `extern "C"` Rust helpers (`helpers.rs`) with `L`, `BASE`, `PC`
//! (and a count where needed) and get a status back: [`ST_GO`] to continue at the
//! `L.base`/`L.savedpc` the helper left (the stack may have moved, so `BASE` is always
//! reloaded), [`ST_EXIT`] when a return left this interpreter entry, [`ST_SWITCH`] to
//! hand over to the reference interpreter (debug hooks), or an error `Status`, which
//! leaves the machine code so that `interp::run` unwinds along the frame chain. The
//! generic slow path, `vm_step`, runs the reference interpreter for exactly the
//! instruction before `PC`, so every opcode's semantics stay written once, in Rust;
//! handlers do the common cases inline and fall back to it before changing anything.
//! Frequent slow paths have direct helpers instead: inserting a new table key
//! (`vm_newkey`), `TNEW`/`TDUP` while no collection is due, and returns to callers
//! that are not Lua frames (`vm_retslow`).
//!
//! # Calls from Rust
//!
//! Rust calls a Lua closure (no hook set) through `call_entry`, which enters the
//! callee's header as a Lua call does; its return to the `FRAME_C`/`FRAME_CP` link is
//! finished in `vm_retslow` without a helper, so a library callback (`table.sort`'s
//! comparator, `gsub`'s replacement function) costs one entry and one exit of the
//! machine code.
//!
//! # Conventions inside handlers
//!
//! Every `cvtsi2sd` is preceded by an `xorps` of its destination: the conversion
//! writes only the low half of the register, so it would otherwise wait for whatever
//! handler last wrote it (a false dependency carried from instruction to instruction).
//! Fast functions return one result inline (`ret1`), each from its own dispatch jump.
//!
//! # Debug hooks
//!
//! Setting a hook points every entry of the VM's dispatch table at `vm_hookswitch`,
//! which leaves for the reference interpreter's hook-checking instance (function
//! headers first run `precall`, which delivers the call event); clearing it restores
//! the handlers. The interpreter itself never tests for hooks.
//!
//! # Hot counters
//!
//! Loops (`FORL`, `ITERL`, `LOOP`) and function entries (`FUNCF`, `FUNCV`) count down
//! a 16-bit counter chosen by PC bits, as LuaJIT does; at zero they call `vm_hotloop`
//! or `vm_hotcall`, which for now reset the counter: the trace compiler plugs in there.

// dynasm's expansion of dynamic registers (`Rq(r)`) converts with `.into()`.
#![allow(clippy::useless_conversion)]

mod coro;
mod ffunc;
mod gen;
pub(crate) mod helpers;
mod perfmap;

use crate::bc::{Ins, NUM_OPS};
use crate::interp::Flow;
use crate::state::{Global, LResult, LuaState};
use crate::value::{tag, TValue, TYPE_NAMES};
use std::sync::OnceLock;

/// Continue at `L.base`/`L.savedpc`.
pub const ST_GO: u32 = 0;
/// A return left this interpreter entry.
pub const ST_EXIT: u32 = 0x100;
/// Hand over to the reference interpreter at `L.base`/`L.savedpc`.
pub const ST_SWITCH: u32 = 0x200;

/// Number of hot counters (a power of two) and what loops and calls subtract.
pub const HOTCOUNT_SIZE: usize = 64;
pub const HOTCOUNT_LOOP: u16 = 2;
pub const HOTCOUNT_CALL: u16 = 1;

/// The per-VM data the machine code addresses through `DISPATCH`.
#[repr(C)]
pub struct Dispatch {
    /// Handler address of each opcode.
    pub table: [usize; NUM_OPS],
    /// Hot counters, indexed by `(PC >> 1) & (2 * HOTCOUNT_SIZE - 2)` (in bytes).
    pub hotcount: [u16; HOTCOUNT_SIZE],
    /// What a counter restarts from when it reaches zero.
    pub hotreset: u16,
    /// Fast-function handlers by `ffid` (plain natives and ids without machine code
    /// get the generic native call).
    pub fftable: [usize; 256],
    /// `type()`'s results by type tag (numbers at `tag::NUMX`), then the strings
    /// `"#"` (for `select`) and `"__metatable"`; all fixed, never collected.
    pub typename: [TValue; 14],
    pub str_hash: TValue,
    pub str_metatable: TValue,
    /// `"__index"`.
    pub str_index: TValue,
}

/// The generated code, shared by every VM of the process.
pub struct Code {
    _buf: dynasmrt::ExecutableBuffer,
    /// `entry(L, DISPATCH)`: run from `L.base`/`L.savedpc`, return a status.
    entry: extern "C" fn(*mut LuaState, *mut Dispatch) -> u32,
    /// `call_entry(L, DISPATCH, base, nargs)`: call the Lua closure at `base[-2]`.
    call_entry: CallEntry,
    /// Handler addresses by opcode.
    handlers: [usize; NUM_OPS],
    /// Fast-function handlers by `ffid`.
    ffhandlers: [usize; 256],
    /// Hook mode: the handover stub for ordinary opcodes, and for function headers.
    hookswitch: usize,
    hookcall: usize,
}

/// The signature of `Code::call_entry`.
type CallEntry = extern "C" fn(*mut LuaState, *mut Dispatch, *mut TValue, u32) -> u32;

static CODE: OnceLock<Option<Code>> = OnceLock::new();

/// The generated code, assembled on first use; `None` if executable memory could not
/// be had (the reference interpreter then runs).
pub fn code() -> Option<&'static Code> {
    CODE.get_or_init(|| match gen::generate() {
        Ok(c) => Some(c),
        Err(e) => {
            eprintln!(
                "strix: cannot generate the interpreter ({e}); using the reference interpreter"
            );
            None
        }
    })
    .as_ref()
}

impl Dispatch {
    /// A dispatch table for a new VM (handlers installed if the code exists).
    pub fn new(hotloop: u16) -> Box<Dispatch> {
        let mut d = Box::new(Dispatch {
            table: [0; NUM_OPS],
            hotcount: [0; HOTCOUNT_SIZE],
            hotreset: 0,
            fftable: code().map_or([0; 256], |c| c.ffhandlers),
            typename: [TValue::NIL; 14],
            str_hash: TValue::NIL,
            str_metatable: TValue::NIL,
            str_index: TValue::NIL,
        });
        d.set_hotloop(hotloop);
        d.set_hooks(false);
        d
    }

    /// Intern the strings fast functions return or compare with (once the VM's
    /// string table exists).
    pub fn intern_strings(g: &mut Global) {
        let fixed = |g: &mut Global, s: &[u8]| {
            let p = crate::str::intern(g, s);
            // SAFETY: p is live; fixed strings are never collected.
            unsafe { (*p).marked |= crate::gc::mark::FIXED };
            TValue::gc(tag::STR, p as *const crate::gc::GcHeader)
        };
        for (t, name) in TYPE_NAMES.iter().enumerate() {
            let v = fixed(g, name.as_bytes());
            g.disp.typename[t] = v;
        }
        g.disp.str_hash = fixed(g, b"#");
        g.disp.str_metatable = fixed(g, b"__metatable");
        g.disp.str_index = fixed(g, b"__index");
    }

    /// Install the handlers, or (with `hooks`) the handover stubs.
    pub fn set_hooks(&mut self, hooks: bool) {
        let Some(c) = code() else { return };
        for (op, slot) in self.table.iter_mut().enumerate() {
            *slot = if !hooks {
                c.handlers[op]
            } else if gen::is_header(op) {
                c.hookcall
            } else {
                c.hookswitch
            };
        }
    }

    /// Set the loop threshold (`-Ohotloop`) and restart every counter from it.
    pub fn set_hotloop(&mut self, hotloop: u16) {
        self.hotreset = (hotloop.max(1) * HOTCOUNT_LOOP).saturating_sub(1);
        self.hotcount = [self.hotreset; HOTCOUNT_SIZE];
    }
}

/// Run the generated interpreter from `base`/`pc` until a return leaves this entry
/// (`Flow::Exit`), a hook hands over (`Flow::Lua`) or an error is raised.
pub fn run(l: &mut LuaState, base: *mut TValue, pc: *const Ins) -> LResult<Flow> {
    let Some(c) = code() else {
        return crate::interp::reference::run(l, base, pc);
    };
    l.base = base;
    l.savedpc = pc;
    let disp: *mut Dispatch = &mut *l.g().disp;
    let st = (c.entry)(l, disp);
    flow_of(l, st)
}

/// Call the Lua closure at `base[-2]` (function, link and `nargs` arguments in place)
/// by entering its header, as a Lua caller does; then as `run`. Rust callers use it
/// while no hook is set: with one, `precall` delivers the call event.
#[inline]
pub fn call(l: &mut LuaState, base: *mut TValue, nargs: usize) -> LResult<Flow> {
    let Some(c) = code() else {
        return l.precall(base, nargs);
    };
    let disp: *mut Dispatch = &mut *l.g().disp;
    let st = (c.call_entry)(l, disp, base, nargs as u32);
    flow_of(l, st)
}

/// Where execution goes after the machine code left with status `st`.
#[inline(always)]
pub fn flow_of(l: &LuaState, st: u32) -> LResult<Flow> {
    match st {
        ST_EXIT => Ok(Flow::Exit),
        ST_SWITCH => Ok(Flow::Lua(l.base, l.savedpc)),
        e => Err(helpers::status_of(e)),
    }
}

//! Execution: calls between Rust and Lua, frame setup, returns, error unwinding.
//!
//! Every call goes through `precall`, every return through `ret`, and every error
//! through `unwind`, whichever interpreter runs the bytecode. `reference` is the
//! per-opcode reference interpreter; the generated interpreter will share this
//! frame protocol.

pub mod reference;
pub mod x64;

use crate::bc::{self, Ins, Op};
use crate::func::GcFunc;
use crate::meta::{ConcatStep, MmCall, MM};
use crate::state::{
    LResult, LuaState, Status, VmState, FRAME_C, FRAME_CONT, FRAME_CP, FRAME_LUA, FRAME_PCALL,
    FRAME_PCALLH, FRAME_TYPEP, FRAME_VARG, MAX_CCALLS,
};
use crate::value::TValue;

/// A native function returns this count after setting up a new frame at `L.base`
/// (function, link and arguments in place) for the interpreter to call next, the way
/// `pcall` and `xpcall` hand their callee to the interpreter without nesting.
pub const CALL_PENDING: usize = usize::MAX;

/// Where execution goes next.
pub enum Flow {
    /// Continue interpreting the Lua frame at `base` at `pc`.
    Lua(*mut TValue, *const Ins),
    /// A return reached the `FRAME_C` frame that entered the interpreter.
    Exit,
}

/// What the instruction a metamethod call interrupted does with the handler's first
/// result. A continuation frame keeps it in `base[-4]` (operand in the upper bits) and
/// the interrupted instruction's next PC in `base[-3]`; both are raw words the GC reads
/// as numbers.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum Cont {
    /// Store it in the instruction's A register (`TGET*`, `GGET`, arithmetic, `UNM`, `LEN`).
    Ra,
    /// Discard it (`TSET*`, `GSET`).
    Nop,
    /// Branch on its truth (comparisons); operand 1 negates it.
    Cond,
    /// Put it in operand slot `operand` of a `CAT` and go on concatenating.
    Cat,
}

impl Cont {
    fn word(self, operand: usize) -> u64 {
        self as u64 | (operand as u64) << 8
    }

    fn from_word(w: u64) -> (Cont, usize) {
        let k = match w & 0xff {
            0 => Cont::Ra,
            1 => Cont::Nop,
            2 => Cont::Cond,
            _ => Cont::Cat,
        };
        (k, (w >> 8) as usize)
    }
}

/// Whether a comparison opcode takes its branch when the comparison yields `res`.
#[inline(always)]
pub fn cond_taken(op: Op, res: bool) -> bool {
    match op {
        Op::ISLT | Op::ISLE | Op::ISEQV => res,
        _ => !res,
    }
}

#[inline(always)]
fn delta_of(link: u64) -> usize {
    (link & !FRAME_TYPEP) as usize / 8
}

impl LuaState {
    /// Call `f` with `args` from Rust. Afterwards the results are the top `n` stack
    /// slots, where `n` is returned (exactly `nres` if `nres >= 0`).
    pub fn call_value(&mut self, f: TValue, args: &[TValue], nres: i32) -> LResult<usize> {
        self.call_value_yieldable(f, args, nres, false)
    }

    /// As `call_value`; with `yieldable`, the callee may yield out of it (coroutine bodies).
    pub fn call_value_yieldable(
        &mut self,
        f: TValue,
        args: &[TValue],
        nres: i32,
        yieldable: bool,
    ) -> LResult<usize> {
        self.call_from_rust(f, args, nres, yieldable, FRAME_C)
    }

    /// A protected call from Rust, as `lua_pcall` without a handler: an error inside
    /// comes back as `Err` without running an enclosing `xpcall`'s handler.
    pub fn pcall_value(&mut self, f: TValue, args: &[TValue], nres: i32) -> LResult<usize> {
        self.call_from_rust(f, args, nres, false, FRAME_CP)
    }

    /// Call `f` with `args` from Rust for its first result (nil if it returns none), as
    /// `call_value(f, args, 1)` followed by `pop_result`, for callers that call again
    /// and again (`table.sort`'s comparator, `gsub`'s replacement function,
    /// `table.foreach`'s body): no result adjustment, and the arguments (a short slice
    /// known at the call site once this is inlined) go straight into the new frame.
    #[inline]
    pub fn call_value1(&mut self, f: TValue, args: &[TValue]) -> LResult<TValue> {
        let start = self.run_from_rust(f, args, false, FRAME_C)?;
        let p = self.restore(start);
        // SAFETY: `ret` left the results at p..top, within the stack.
        let v = if self.top > p {
            unsafe { *p }
        } else {
            TValue::NIL
        };
        self.top = p;
        Ok(v)
    }

    fn call_from_rust(
        &mut self,
        f: TValue,
        args: &[TValue],
        nres: i32,
        yieldable: bool,
        frame: u64,
    ) -> LResult<usize> {
        let start = self.run_from_rust(f, args, yieldable, frame)?;
        // `ret` left the results at `start..top` and restored L.base.
        let mut n = self.save(self.top) - start;
        if nres >= 0 {
            let want = nres as usize;
            if n < want {
                self.check_stack(want - n)?;
                while n < want {
                    self.push(TValue::NIL)?;
                    n += 1;
                }
            }
            self.top = self.restore(start + want);
            n = want;
        }
        Ok(n)
    }

    /// Link a `frame` (`FRAME_C` or `FRAME_CP`) for `f(args)` at `top` and run it until
    /// it returns there, leaving its results from the frame's first slot (returned, as
    /// a stack offset) up to `top`. On an error the frame is gone and `base`, `top` and
    /// `savedpc` are as before the call.
    #[inline(always)]
    fn run_from_rust(
        &mut self,
        f: TValue,
        args: &[TValue],
        yieldable: bool,
        frame: u64,
    ) -> LResult<usize> {
        if self.nccalls >= MAX_CCALLS {
            return Err(self.runtime_error("C stack overflow"));
        }
        self.check_stack(args.len() + 3)?;
        let start = self.save(self.top);
        let prev_base = self.save(self.base);
        let saved_pc = self.savedpc;
        // SAFETY: check_stack made room for the three frame slots and the arguments.
        let base = unsafe {
            let p = self.top;
            *p = TValue(saved_pc as u64);
            *p.add(1) = f;
            let base = p.add(3);
            *p.add(2) = TValue(((base.offset_from(self.base) as u64) * 8) | frame);
            copy_values(base, args.as_ptr(), args.len());
            self.top = base.add(args.len());
            base
        };
        self.nccalls += 1;
        if !yieldable {
            self.nny += 1;
        }
        // Lua code called from Rust (a library callback, a metamethod) is interpreter time.
        let old_state = self.g().vmstate();
        self.g().set_vmstate(VmState::Interp);
        let r = self.execute(base, args.len());
        self.g().restore_vmstate(old_state);
        self.nccalls -= 1;
        if !yieldable {
            self.nny -= 1;
        }
        match r {
            Ok(()) => {
                self.savedpc = saved_pc;
                Ok(start)
            }
            Err(Status::Yield) => Err(Status::Yield),
            Err(e) => Err(self.drop_rust_frame(e, start, prev_base, saved_pc)),
        }
    }

    /// Undo a failed call from Rust whose frame began at stack slot `start`.
    #[cold]
    fn drop_rust_frame(
        &mut self,
        e: Status,
        start: usize,
        prev_base: usize,
        saved_pc: *const Ins,
    ) -> Status {
        let level = self.restore(start);
        self.close_upvals(level);
        self.top = level;
        self.base = self.restore(prev_base);
        self.savedpc = saved_pc;
        // An overflow caught by a Rust caller ends here as it does at a pcall.
        self.shrink_after_overflow();
        e
    }

    /// Run the function at `base[-2]` (frame already linked) until it returns to its
    /// `FRAME_C` link. A Lua closure, while no hook is set, is entered through the
    /// generated interpreter's call entry, which also finishes its return.
    #[inline]
    pub fn execute(&mut self, base: *mut TValue, nargs: usize) -> LResult<()> {
        let g = self.g();
        // SAFETY: the caller placed the function in base[-2]; a function value holds a
        // live closure.
        let direct = !g.interp_ref
            && g.hook.mask == 0
            && unsafe {
                let func = *base.sub(2);
                func.is_func() && (*func.ptr::<GcFunc>()).is_lua()
            };
        let first = if direct {
            x64::call(self, base, nargs)
        } else {
            self.precall(base, nargs)
        };
        match first {
            Ok(Flow::Exit) => Ok(()),
            r => run_flow(self, r),
        }
    }

    /// Enter the function in `base[-2]` with `nargs` arguments at `base`.
    /// Native functions run to completion here; Lua functions get their frame set up.
    pub fn precall(&mut self, mut base: *mut TValue, mut nargs: usize) -> LResult<Flow> {
        loop {
            // SAFETY: the caller placed the function, link and arguments in the stack.
            let func = unsafe { *base.sub(2) };
            if func.is_func() {
                let f = func.ptr::<GcFunc>();
                // SAFETY: f is a live closure.
                if unsafe { (*f).is_lua() } {
                    return self.enter_lua(f, base, nargs);
                }
                self.base = base;
                // SAFETY: nargs arguments follow base.
                self.top = unsafe { base.add(nargs) };
                if self.g().hook.mask & crate::hook::MASK_CALL != 0 {
                    self.call_hook(b"call", None)?;
                }
                let g = self.g();
                let old = g.vmstate();
                g.set_vmstate(VmState::C);
                // SAFETY: f is a live native closure.
                let r = (unsafe { (*f).native() })(self);
                self.g().restore_vmstate(old);
                let n = r?;
                if n == CALL_PENDING {
                    base = self.base;
                    // SAFETY: the native set up base..top as the new frame's arguments.
                    nargs = unsafe { self.top.offset_from(base) } as usize;
                    continue;
                }
                return self.native_ret(n);
            }
            // Not a function: call its __call handler with the object as first argument.
            let h = self.get_mm(func, MM::Call);
            if !h.is_func() {
                return Err(self.type_error_call(func));
            }
            let off = self.save(base);
            // SAFETY: base..base+nargs is in the stack; grow keeps it relative.
            unsafe {
                self.top = base.add(nargs);
                self.check_stack(1)?;
                base = self.restore(off);
                std::ptr::copy(base, base.add(1), nargs);
                *base = func;
                *base.sub(2) = h;
            }
            nargs += 1;
        }
    }

    /// Return from the native frame at `L.base` whose `n` results are the top `n` slots.
    pub fn native_ret(&mut self, n: usize) -> LResult<Flow> {
        // Collect before returning, while the results still sit above the native's
        // frame (the collector sees up to top, and finalizers run above it): `ret` is
        // then a tail call, and its result is not moved through memory, which cost a
        // store-forwarding stall every call.
        let (base, res) = (self.save(self.base), self.save(self.top) - n);
        self.gc_check()?;
        let (base, res) = (self.restore(base), self.restore(res));
        self.ret(base, res, n)
    }

    /// Call metamethod handler `c` for the Lua frame at `L.base`, interrupted before
    /// `L.savedpc`, through a continuation frame above the frame's registers: the
    /// handler runs in this interpreter entry (it may yield) and its return resumes
    /// the instruction as `cont` says.
    pub fn call_cont(&mut self, c: MmCall, cont: Cont, operand: usize) -> LResult<Flow> {
        // SAFETY: L.base is the synced Lua frame; its registers end at base+framesize,
        // and check_stack makes room for the four frame slots and the arguments.
        unsafe {
            let f: *mut GcFunc = (*self.base.sub(2)).ptr();
            self.top = self.base.add((*(*f).proto()).framesize as usize);
            self.check_stack(4 + c.nargs)?;
            let top = self.top;
            *top = TValue(cont.word(operand));
            *top.add(1) = TValue(self.savedpc as u64);
            *top.add(2) = c.f;
            let nb = top.add(4);
            *top.add(3) = TValue(((nb.offset_from(self.base) as u64) * 8) | FRAME_CONT);
            std::ptr::copy_nonoverlapping(c.args.as_ptr(), nb, c.nargs);
            self.top = nb.add(c.nargs);
            self.precall(nb, c.nargs)
        }
    }

    /// Finish the instruction before `pc` in the Lua frame at `base` with a metamethod's
    /// result `v`, as continuation `word` says.
    fn resume_cont(
        &mut self,
        base: *mut TValue,
        pc: *const Ins,
        word: u64,
        v: TValue,
    ) -> LResult<Flow> {
        self.base = base;
        self.savedpc = pc;
        // SAFETY: pc follows an instruction of the frame's prototype; its registers and
        // the JMP after a comparison are in range, as the compiler emitted them.
        unsafe {
            let ins = *pc.sub(1);
            let a = bc::bc_a(ins) as usize;
            match Cont::from_word(word) {
                (Cont::Ra, _) => *base.add(a) = v,
                (Cont::Nop, _) => {}
                (Cont::Cond, negate) => {
                    let op = Op::from_u8(bc::bc_op(ins)).unwrap_or(Op::ISLT);
                    let res = v.is_truthy() != (negate != 0);
                    let next = if cond_taken(op, res) {
                        pc.add(1).offset(bc::bc_j(*pc) as isize)
                    } else {
                        pc.add(1)
                    };
                    return Ok(Flow::Lua(base, next));
                }
                (Cont::Cat, at) => {
                    let first = base.add(bc::bc_b(ins) as usize);
                    *first.add(at) = v;
                    if at > 0 {
                        match self.concat_step(first, at + 1)? {
                            ConcatStep::Call(c, at) => return self.call_cont(c, Cont::Cat, at),
                            ConcatStep::Done(v) => *self.base.add(a) = v,
                        }
                    } else {
                        *base.add(a) = v;
                    }
                }
            }
            Ok(Flow::Lua(self.base, pc))
        }
    }

    /// Enter a Lua function: set up its frame, then deliver the call hook if one is set.
    #[inline]
    pub fn enter_lua(&mut self, f: *mut GcFunc, base: *mut TValue, nargs: usize) -> LResult<Flow> {
        let flow = self.lua_frame(f, base, nargs)?;
        if self.g().hook.mask == 0 {
            return Ok(flow);
        }
        self.hook_enter(flow)
    }

    #[cold]
    fn hook_enter(&mut self, flow: Flow) -> LResult<Flow> {
        let Flow::Lua(base, pc) = flow else {
            return Ok(flow);
        };
        if self.g().hook.running {
            return Ok(flow);
        }
        // A new function: its first instruction gets a line event whatever its line.
        self.g().hook.oldpc = std::ptr::null();
        if self.g().hook.mask & crate::hook::MASK_CALL == 0 {
            return Ok(flow);
        }
        self.base = base;
        self.savedpc = pc;
        // SAFETY: base[-2] is the closure just entered; its registers end at framesize.
        unsafe {
            let f: *mut GcFunc = (*base.sub(2)).ptr();
            self.top = base.add((*(*f).proto()).framesize as usize);
        }
        self.call_hook(b"call", None)?;
        Ok(Flow::Lua(self.base, pc))
    }

    /// Set up a Lua frame: stack room, missing parameters, the vararg frame.
    #[inline]
    fn lua_frame(&mut self, f: *mut GcFunc, mut base: *mut TValue, nargs: usize) -> LResult<Flow> {
        // SAFETY: f is a live Lua closure; all slot writes stay below maxstack after
        // the checks (with the frame moved relative to the possibly reallocated stack).
        unsafe {
            let p = (*f).proto();
            let framesize = (*p).framesize as usize;
            let numparams = (*p).numparams as usize;
            let need = if (*p).is_vararg() {
                nargs + 2 + framesize
            } else {
                nargs.max(framesize)
            };
            if base.add(need) > self.maxstack {
                let off = self.save(base);
                self.top = base.add(nargs);
                self.base = base;
                self.grow_stack(need + 1)?;
                base = self.restore(off);
            }
            // Registers past the parameters are not cleared: the compiler writes every
            // register before reading it, and the GC nils stack slots above `top`, so a
            // stale slot only ever holds a live object (as in LuaJIT).
            if !(*p).is_vararg() {
                for i in nargs..numparams {
                    *base.add(i) = TValue::NIL;
                }
                return Ok(Flow::Lua(base, (*p).bc.add(1)));
            }
            let nbase = base.add(nargs + 2);
            *nbase.sub(2) = *base.sub(2);
            *nbase.sub(1) = TValue((((nargs + 2) * 8) as u64) | FRAME_VARG);
            for i in 0..numparams {
                if i < nargs {
                    *nbase.add(i) = *base.add(i);
                    *base.add(i) = TValue::NIL;
                } else {
                    *nbase.add(i) = TValue::NIL;
                }
            }
            Ok(Flow::Lua(nbase, (*p).bc.add(1)))
        }
    }

    /// Return `nres` values at `res` from the frame at `base`.
    pub fn ret(
        &mut self,
        mut base: *mut TValue,
        mut res: *mut TValue,
        mut nres: usize,
    ) -> LResult<Flow> {
        // SAFETY: frames and results lie in the live stack; destinations are below the
        // sources, so forward copies are safe.
        unsafe {
            loop {
                let link = (*base.sub(1)).0;
                match crate::state::frame_type(link) {
                    FRAME_LUA => {
                        let rpc = link as *const Ins;
                        let ins = *rpc.sub(1);
                        let a = crate::bc::bc_a(ins) as usize;
                        let b = crate::bc::bc_b(ins) as usize;
                        let dst = base.sub(2);
                        copy_values(dst, res, nres);
                        if b == 0 {
                            self.top = dst.add(nres);
                        } else {
                            for i in nres..b - 1 {
                                *dst.add(i) = TValue::NIL;
                            }
                        }
                        let nbase = base.sub(2 + a);
                        self.base = nbase;
                        return Ok(Flow::Lua(nbase, rpc));
                    }
                    FRAME_C | FRAME_CP => {
                        let dst = base.sub(3);
                        copy_values(dst, res, nres);
                        self.top = dst.add(nres);
                        self.base = base.sub(delta_of(link));
                        return Ok(Flow::Exit);
                    }
                    FRAME_CONT => {
                        let v = if nres > 0 { *res } else { TValue::NIL };
                        let word = (*base.sub(4)).0;
                        let pc = (*base.sub(3)).0 as *const Ins;
                        return self.resume_cont(base.sub(delta_of(link)), pc, word, v);
                    }
                    FRAME_VARG => {
                        base = base.sub(delta_of(link));
                    }
                    _ => {
                        // pcall/xpcall frame: prepend true, return from the pcall frame.
                        let dst = base.sub(2);
                        *dst = TValue::TRUE;
                        copy_values(dst.add(1), res, nres);
                        res = dst;
                        nres += 1;
                        base = base.sub(delta_of(link));
                    }
                }
            }
        }
    }

    /// Handle an error raised while running this interpreter entry: run the nearest
    /// `xpcall` handler at the error point, then unwind to the nearest `pcall`/`xpcall`
    /// frame of this entry (and continue there), or out of it as `Err`.
    pub fn unwind(&mut self, e: Status) -> LResult<Flow> {
        if e == Status::Yield {
            return Err(e);
        }
        if !self.err_handled && !self.in_handler {
            self.err_handled = true;
            if let Some(h) = self.find_handler() {
                let ev = self.errobj;
                self.top = self.save_top_for_handler();
                // The handler gets some room even when the error was a C stack overflow.
                let saved = self.nccalls;
                self.nccalls = self.nccalls.min(MAX_CCALLS - 10);
                self.in_handler = true;
                let r = self.call_value(h, &[ev], 1);
                self.in_handler = false;
                self.nccalls = saved;
                match r {
                    Ok(_) => {
                        let v = self.pop_result();
                        self.errobj = v;
                    }
                    Err(_) => {
                        let v = self.new_str(b"error in error handling");
                        self.errobj = v;
                    }
                }
                self.err_handled = true;
            }
        }
        // SAFETY: walking this thread's frame chain from the current base.
        unsafe {
            let mut base = self.base;
            loop {
                if base <= self.stack.add(1) {
                    return Err(e);
                }
                let link = (*base.sub(1)).0;
                match crate::state::frame_type(link) {
                    FRAME_LUA => {
                        let rpc = link as *const Ins;
                        base = base.sub(2 + crate::bc::bc_a(*rpc.sub(1)) as usize);
                    }
                    FRAME_C | FRAME_CP => {
                        return Err(e);
                    }
                    FRAME_VARG | FRAME_CONT => base = base.sub(delta_of(link)),
                    _ => {
                        let p = base.sub(delta_of(link));
                        self.close_upvals(p);
                        *p = TValue::FALSE;
                        *p.add(1) = self.errobj;
                        self.errobj = TValue::NIL;
                        self.err_handled = false;
                        self.base = p;
                        self.top = p.add(2);
                        // Shrinking may move the stack: keep p as an offset.
                        let off = self.save(p);
                        self.shrink_after_overflow();
                        let p = self.restore(off);
                        return self.ret(p, p, 2);
                    }
                }
            }
        }
    }

    /// Top of stack above every live frame, for running an error handler.
    fn save_top_for_handler(&self) -> *mut TValue {
        // The innermost frame may be Lua (top not maintained): keep its registers.
        let frames = self.frames();
        let mut top = self.top;
        if let Some(f) = frames.first() {
            if let Some(p) = f.proto() {
                // SAFETY: base + framesize is within the stack of a Lua frame.
                let t = unsafe { f.base.add(p.framesize as usize) };
                if t > top {
                    top = t;
                }
            }
        }
        top
    }

    /// The handler of the nearest enclosing `xpcall`, if it is nearer than any `pcall`.
    fn find_handler(&self) -> Option<TValue> {
        // SAFETY: walking the frame chain of this thread.
        unsafe {
            let mut base = self.base;
            while base > self.stack.add(1) {
                let link = (*base.sub(1)).0;
                match crate::state::frame_type(link) {
                    FRAME_LUA => {
                        let rpc = link as *const Ins;
                        base = base.sub(2 + crate::bc::bc_a(*rpc.sub(1)) as usize);
                    }
                    FRAME_C | FRAME_VARG | FRAME_CONT => base = base.sub(delta_of(link)),
                    _ => {
                        return match link & FRAME_TYPEP {
                            FRAME_PCALLH => Some(*base.sub(delta_of(link))),
                            FRAME_PCALL => None,
                            _ => None,
                        };
                    }
                }
            }
        }
        None
    }
}

/// `TSETM`: store `vals` into table `t` at integer keys from `start` on.
pub fn store_multres(l: &mut LuaState, t: *mut crate::tab::GcTab, start: i64, vals: &[TValue]) {
    let g = l.g();
    for (i, &v) in vals.iter().enumerate() {
        crate::tab::set_int(g, t, start + i as i64, v);
    }
    // SAFETY: t is a live table.
    unsafe { (*t).nomm = 0 };
    crate::gc::barrier_tab(g, t);
}

/// Interpret from `base`/`pc` until a return leaves this interpreter entry. Errors
/// unwind here, along the frame chain, to the nearest `pcall` of this entry. The
/// generated interpreter runs unless the reference one was chosen; while a debug hook
/// is set the reference interpreter's hook-checking instance runs (the generated one
/// hands over to it through its dispatch table, so it pays nothing for hooks).
pub fn run(l: &mut LuaState, base: *mut TValue, pc: *const Ins) -> LResult<()> {
    let mut flow = Flow::Lua(base, pc);
    loop {
        match flow {
            Flow::Exit => return Ok(()),
            Flow::Lua(b, p) => {
                let r = if l.g().interp_ref || l.g().hook.mask != 0 {
                    reference::run(l, b, p)
                } else {
                    x64::run(l, b, p)
                };
                flow = match r {
                    Ok(f) => f,
                    Err(e) => l.unwind(e)?,
                };
            }
        }
    }
}

/// As `run`, from where a call (`precall`, `x64::call`) or an interpreter run
/// (`x64::flow_of`) left execution. (`run` keeps its own loop: entering it through
/// this function passed the first `LResult<Flow>` through memory, and the store
/// forwarding stall showed on coroutine resumes.)
pub fn run_flow(l: &mut LuaState, first: LResult<Flow>) -> LResult<()> {
    let flow = match first {
        Ok(f) => f,
        Err(e) => l.unwind(e)?,
    };
    match flow {
        Flow::Exit => Ok(()),
        Flow::Lua(b, p) => run(l, b, p),
    }
}

/// Copy `n` values from `src` to `dst` (the ranges may overlap). Up to three values,
/// the common counts of results and arguments, are read and then written without a
/// call to memmove, which costs more than the copy. They are read one word at a time
/// (volatile, so that the compiler cannot merge two into one 16-byte load): the
/// values were usually just stored one by one (arguments built on the caller's
/// stack, results by the machine code), and a wider load of two separate stores
/// cannot be forwarded from them and stalls until they reach the cache.
#[inline(always)]
unsafe fn copy_values(dst: *mut TValue, src: *const TValue, n: usize) {
    let get = |i: usize| std::ptr::read_volatile(src.add(i));
    match n {
        0 => {}
        1 => *dst = get(0),
        2 => {
            let (a, b) = (get(0), get(1));
            *dst = a;
            *dst.add(1) = b;
        }
        3 => {
            let (a, b, c) = (get(0), get(1), get(2));
            *dst = a;
            *dst.add(1) = b;
            *dst.add(2) = c;
        }
        _ => std::ptr::copy(src, dst, n),
    }
}

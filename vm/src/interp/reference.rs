//! The reference interpreter: the semantics of every opcode, written once in Rust.
//!
//! It keeps `base`, `pc` and the constant base in locals, like the generated
//! interpreter keeps them in registers, and it shares the frame protocol of
//! `interp::mod`. Before any slow path that can raise an error, call out or grow the
//! stack, it saves `base`/`pc` into the state (`sync!`) and reloads `base` after.

use super::{Cont, Flow};
use crate::bc::{self, Ins, Op};
use crate::func::{GcFunc, GcProto, GcUpval};
use crate::gc::{self, GcHeader};
use crate::meta::{self, ConcatStep, Step, MM};
use crate::state::{LResult, LuaState, FRAME_TYPEP, FRAME_VARG};
use crate::str::GcStr;
use crate::tab::{self, GcTab};
use crate::value::{tag, TValue};

/// Interpret from `base`/`pc` until a return leaves this entry, an error, or a change
/// of hook settings (the caller then picks the instance, or interpreter, anew).
pub fn run(l: &mut LuaState, base: *mut TValue, pc: *const Ins) -> LResult<Flow> {
    if l.g().hook.mask != 0 {
        dispatch::<true, false>(l, base, pc)
    } else {
        dispatch::<false, false>(l, base, pc)
    }
}

/// Execute the one instruction at `pc` and say where execution goes next: the
/// generated interpreter's slow path for anything its handlers do not finish inline.
pub fn step(l: &mut LuaState, base: *mut TValue, pc: *const Ins) -> LResult<Flow> {
    dispatch::<false, true>(l, base, pc)
}

/// The dispatch loop proper. Returns on a call/return that changes entry, an error, or
/// (to switch instances) when hooks are set or cleared: the `HOOKS` instance delivers
/// count and line events before each instruction and return events. The `ONE`
/// instance returns after one instruction.
#[allow(clippy::cognitive_complexity)]
fn dispatch<const HOOKS: bool, const ONE: bool>(
    l: &mut LuaState,
    mut base: *mut TValue,
    mut pc: *const Ins,
) -> LResult<Flow> {
    // SAFETY: the interpreter's invariants: `base` is the current Lua frame inside the
    // live stack with `framesize` slots available; `pc` points into the running
    // prototype's bytecode, which the compiler produced with in-range registers,
    // constants and jump targets; `cl`/`k` belong to the function in `base[-2]`.
    unsafe {
        let mut cl: *mut GcFunc = (*base.sub(2)).ptr();
        let mut proto: *mut GcProto = (*cl).proto();
        let mut k: *mut TValue = (*proto).k;

        macro_rules! r {
            ($i:expr) => {
                *base.add($i as usize)
            };
        }
        macro_rules! sync {
            () => {
                l.base = base;
                l.savedpc = pc;
            };
        }
        macro_rules! reload {
            () => {
                base = l.base;
            };
        }
        // Continue with a flow from a call or return.
        macro_rules! goto_flow {
            ($f:expr) => {
                match $f {
                    // A call may have set a hook: continue in the hook-checking instance.
                    Flow::Lua(b, p) if !HOOKS && l.g().hook.mask != 0 => {
                        return Ok(Flow::Lua(b, p));
                    }
                    Flow::Lua(b, p) => {
                        base = b;
                        pc = p;
                        cl = (*base.sub(2)).ptr();
                        proto = (*cl).proto();
                        k = (*proto).k;
                        continue;
                    }
                    Flow::Exit => return Ok(Flow::Exit),
                }
            };
        }
        macro_rules! kstr {
            ($d:expr) => {
                *k.sub($d as usize + 1)
            };
        }
        macro_rules! knum {
            ($d:expr) => {
                (*k.add($d as usize)).as_num()
            };
        }
        macro_rules! jump {
            ($ins:expr) => {
                pc = pc.offset(bc::bc_j($ins) as isize)
            };
        }
        // Take the jump encoded in the JMP following a comparison, or skip it.
        macro_rules! cond_jump {
            ($c:expr) => {
                if $c {
                    let j = *pc;
                    pc = pc.add(1).offset(bc::bc_j(j) as isize);
                } else {
                    pc = pc.add(1);
                }
            };
        }
        macro_rules! gc_check {
            () => {
                if l.g().gc.total >= l.g().gc.threshold {
                    sync!();
                    l.top = base.add((*proto).framesize as usize);
                    l.gc_check()?;
                    reload!();
                }
            };
        }
        // A metamethod-capable slow path: its value, or else the metamethod call through
        // a continuation frame, which finishes this instruction when the handler returns.
        macro_rules! step {
            ($e:expr, $cont:expr) => {{
                sync!();
                match $e? {
                    Step::Done(v) => {
                        reload!();
                        v
                    }
                    Step::Call(c) => {
                        let f = l.call_cont(c, $cont, c.negate as usize)?;
                        goto_flow!(f);
                    }
                }
            }};
        }
        // Generic `for` step: call the iterator with (state, control).
        macro_rules! iterc {
            () => {{
                let fb = base.add(bc::bc_a(*pc.sub(1)) as usize + 2);
                *fb.sub(2) = *fb.sub(5);
                *fb = *fb.sub(4);
                *fb.add(1) = *fb.sub(3);
                *fb.sub(1) = TValue(pc as u64);
                sync!();
                l.top = fb.add(2);
                let f = l.precall(fb, 2)?;
                goto_flow!(f);
            }};
        }
        macro_rules! arith {
            ($a:expr, $x:expr, $y:expr, $mm:expr) => {{
                let (x, y): (TValue, TValue) = ($x, $y);
                if x.is_num() && y.is_num() {
                    r!($a) = TValue::num(meta::arith_num(x.as_num(), y.as_num(), $mm));
                } else {
                    let v = step!(l.arith_step(x, y, $mm), Cont::Ra);
                    r!($a) = v;
                }
            }};
        }

        let mut done = false;
        loop {
            if ONE {
                if done {
                    return Ok(Flow::Lua(base, pc));
                }
                done = true;
            }
            if HOOKS {
                if l.g().hook.mask == 0 {
                    return Ok(Flow::Lua(base, pc));
                }
                // The hook runs above the frame's registers and any MULTRES values.
                sync!();
                l.savedpc = pc.add(1);
                let multres = l.save(l.top);
                l.top = l.top.max(base.add((*proto).framesize as usize));
                l.hook_ins(pc)?;
                base = l.base;
                l.top = l.restore(multres);
            }
            let ins = *pc;
            pc = pc.add(1);
            let a = bc::bc_a(ins);
            // SAFETY (transmute): bytecode comes from our compiler, so every opcode byte is valid.
            let op: Op = std::mem::transmute::<u8, Op>(bc::bc_op(ins));
            match op {
                Op::ISLT | Op::ISGE | Op::ISLE | Op::ISGT => {
                    let (x, y) = (r!(a), r!(bc::bc_d(ins)));
                    let le = matches!(op, Op::ISLE | Op::ISGT);
                    let res = if x.is_num() && y.is_num() {
                        if le {
                            x.as_num() <= y.as_num()
                        } else {
                            x.as_num() < y.as_num()
                        }
                    } else {
                        step!(l.less_step(x, y, le), Cont::Cond)
                    };
                    cond_jump!(super::cond_taken(op, res));
                }
                Op::ISEQV | Op::ISNEV => {
                    let (x, y) = (r!(a), r!(bc::bc_d(ins)));
                    let eq = if x.is_num() && y.is_num() {
                        x.as_num() == y.as_num()
                    } else if x == y {
                        true
                    } else if x.itype() == y.itype() && (x.is_tab() || x.is(tag::UDATA)) {
                        step!(l.equals_step(x, y), Cont::Cond)
                    } else {
                        false
                    };
                    cond_jump!(super::cond_taken(op, eq));
                }
                Op::ISEQS | Op::ISNES => {
                    let eq = r!(a) == kstr!(bc::bc_d(ins));
                    cond_jump!(eq == (op == Op::ISEQS));
                }
                Op::ISEQN | Op::ISNEN => {
                    let x = r!(a);
                    let eq = x.is_num() && x.as_num() == knum!(bc::bc_d(ins));
                    cond_jump!(eq == (op == Op::ISEQN));
                }
                Op::ISEQP | Op::ISNEP => {
                    let eq = r!(a) == TValue::pri(bc::bc_d(ins));
                    cond_jump!(eq == (op == Op::ISEQP));
                }
                Op::ISTC | Op::ISFC => {
                    let v = r!(bc::bc_d(ins));
                    if v.is_truthy() == (op == Op::ISTC) {
                        r!(a) = v;
                        let j = *pc;
                        pc = pc.add(1).offset(bc::bc_j(j) as isize);
                    } else {
                        pc = pc.add(1);
                    }
                }
                Op::IST | Op::ISF => {
                    let v = r!(bc::bc_d(ins));
                    cond_jump!(v.is_truthy() == (op == Op::IST));
                }
                Op::ISTYPE | Op::ISNUM => {
                    let v = r!(a);
                    let want = bc::bc_d(ins);
                    let ok = if op == Op::ISNUM {
                        v.is_num()
                    } else {
                        v.tag() == want
                    };
                    if !ok {
                        sync!();
                        return Err(l.runtime_error("bytecode type check failed"));
                    }
                }
                Op::MOV => r!(a) = r!(bc::bc_d(ins)),
                Op::NOT => r!(a) = TValue::bool(r!(bc::bc_d(ins)).is_falsy()),
                Op::UNM => {
                    let v = r!(bc::bc_d(ins));
                    if v.is_num() {
                        r!(a) = TValue::num(-v.as_num());
                    } else {
                        let r = step!(l.unm_step(v), Cont::Ra);
                        r!(a) = r;
                    }
                }
                Op::LEN => {
                    let v = r!(bc::bc_d(ins));
                    if v.is_str() {
                        r!(a) = TValue::num((*v.ptr::<GcStr>()).len as f64);
                    } else if v.is_tab() {
                        r!(a) = TValue::num(tab::len(v.ptr()) as f64);
                    } else {
                        let r = step!(l.len_step(v), Cont::Ra);
                        r!(a) = r;
                    }
                }
                Op::ADDVN | Op::SUBVN | Op::MULVN | Op::DIVVN | Op::MODVN => {
                    let mm = arith_mm(op as u8 - Op::ADDVN as u8);
                    arith!(a, r!(bc::bc_b(ins)), *k.add(bc::bc_c(ins) as usize), mm);
                }
                Op::ADDNV | Op::SUBNV | Op::MULNV | Op::DIVNV | Op::MODNV => {
                    let mm = arith_mm(op as u8 - Op::ADDNV as u8);
                    arith!(a, *k.add(bc::bc_c(ins) as usize), r!(bc::bc_b(ins)), mm);
                }
                Op::ADDVV | Op::SUBVV | Op::MULVV | Op::DIVVV | Op::MODVV => {
                    let mm = arith_mm(op as u8 - Op::ADDVV as u8);
                    arith!(a, r!(bc::bc_b(ins)), r!(bc::bc_c(ins)), mm);
                }
                Op::POW => arith!(a, r!(bc::bc_b(ins)), r!(bc::bc_c(ins)), MM::Pow),
                Op::CAT => {
                    let (b, c) = (bc::bc_b(ins), bc::bc_c(ins));
                    sync!();
                    let v = match l.concat_step(base.add(b as usize), (c - b + 1) as usize)? {
                        ConcatStep::Done(v) => v,
                        ConcatStep::Call(mc, at) => {
                            let f = l.call_cont(mc, Cont::Cat, at)?;
                            goto_flow!(f);
                        }
                    };
                    reload!();
                    r!(a) = v;
                    gc_check!();
                }
                Op::KSTR => r!(a) = kstr!(bc::bc_d(ins)),
                Op::KCDATA => {
                    sync!();
                    return Err(l.runtime_error(
                        "cdata constants need the FFI, which strix does not have yet",
                    ));
                }
                Op::KSHORT => r!(a) = TValue::num(bc::bc_d(ins) as u16 as i16 as f64),
                Op::KNUM => r!(a) = *k.add(bc::bc_d(ins) as usize),
                Op::KPRI => r!(a) = TValue::pri(bc::bc_d(ins)),
                Op::KNIL => {
                    for i in a..=bc::bc_d(ins) {
                        r!(i) = TValue::NIL;
                    }
                }
                Op::UGET => {
                    let uv = *(*cl).uvptr().add(bc::bc_d(ins) as usize);
                    r!(a) = *(*uv).v;
                }
                Op::USETV | Op::USETS | Op::USETN | Op::USETP => {
                    let d = bc::bc_d(ins);
                    let v = match op {
                        Op::USETV => r!(d),
                        Op::USETS => kstr!(d),
                        Op::USETN => *k.add(d as usize),
                        _ => TValue::pri(d),
                    };
                    let uv: *mut GcUpval = *(*cl).uvptr().add(a as usize);
                    *(*uv).v = v;
                    gc::barrier_uv(l.g(), uv, v);
                }
                Op::UCLO => {
                    l.close_upvals(base.add(a as usize));
                    jump!(ins);
                }
                Op::FNEW => {
                    let p: *mut GcProto = kstr!(bc::bc_d(ins)).ptr();
                    let f = l.new_closure(p, cl, base);
                    r!(a) = TValue::gc(tag::FUNC, f as *const GcHeader);
                    gc_check!();
                }
                Op::TNEW => {
                    let d = bc::bc_d(ins);
                    let t = tab::new(l.g(), d & 0x7ff, d >> 11);
                    r!(a) = TValue::gc(tag::TAB, t as *const GcHeader);
                    gc_check!();
                }
                Op::TDUP => {
                    let t = tab::dup(l.g(), kstr!(bc::bc_d(ins)).ptr());
                    r!(a) = TValue::gc(tag::TAB, t as *const GcHeader);
                    gc_check!();
                }
                Op::GGET => {
                    let env = (*cl).env;
                    let key = kstr!(bc::bc_d(ins));
                    let v = tab::get_str(env, key.ptr());
                    if !v.is_nil() || (*env).metatable.is_null() {
                        r!(a) = v;
                    } else {
                        let envv = TValue::gc(tag::TAB, env as *const GcHeader);
                        let v = step!(l.index_step(envv, key), Cont::Ra);
                        r!(a) = v;
                    }
                }
                Op::GSET => {
                    let env = (*cl).env;
                    let key = kstr!(bc::bc_d(ins));
                    let envv = TValue::gc(tag::TAB, env as *const GcHeader);
                    step!(store(l, envv, key, r!(a)), Cont::Nop);
                }
                Op::TGETV | Op::TGETS | Op::TGETB | Op::TGETR => {
                    let o = r!(bc::bc_b(ins));
                    let c = bc::bc_c(ins);
                    let key = match op {
                        Op::TGETV | Op::TGETR => r!(c),
                        Op::TGETS => kstr!(c),
                        _ => TValue::num(c as f64),
                    };
                    if o.is_tab() {
                        let t: *mut GcTab = o.ptr();
                        let v = tab::get(t, key);
                        let mt = (*t).metatable;
                        if !v.is_nil() || mt.is_null() || op == Op::TGETR {
                            r!(a) = v;
                            continue;
                        }
                        // One level of `__index` table (the class of an object) inline.
                        let h = meta::mt_get(l, mt, MM::Index);
                        if h.is_nil() {
                            r!(a) = h;
                            continue;
                        }
                        if h.is_tab() {
                            let ht: *mut GcTab = h.ptr();
                            let v = tab::get(ht, key);
                            if !v.is_nil() || (*ht).metatable.is_null() {
                                r!(a) = v;
                                continue;
                            }
                        }
                    }
                    let v = step!(l.index_step(o, key), Cont::Ra);
                    r!(a) = v;
                }
                Op::TSETV | Op::TSETS | Op::TSETB | Op::TSETR => {
                    let o = r!(bc::bc_b(ins));
                    let c = bc::bc_c(ins);
                    let key = match op {
                        Op::TSETV | Op::TSETR => r!(c),
                        Op::TSETS => kstr!(c),
                        _ => TValue::num(c as f64),
                    };
                    if op == Op::TSETR {
                        sync!();
                        if !o.is_tab() {
                            return Err(l.runtime_error("bytecode type check failed"));
                        }
                        l.rawset(o.ptr(), key, r!(a))?;
                        reload!();
                    } else {
                        step!(store(l, o, key, r!(a)), Cont::Nop);
                    }
                }
                Op::TSETM => {
                    if !r!(a - 1).is_tab() {
                        sync!();
                        return Err(l.runtime_error("bytecode type check failed"));
                    }
                    let t: *mut GcTab = r!(a - 1).ptr();
                    let start = (*k.add(bc::bc_d(ins) as usize)).0 as u32 as i64;
                    let first = base.add(a as usize);
                    let n = l.top.offset_from(first) as usize;
                    super::store_multres(l, t, start, std::slice::from_raw_parts(first, n));
                }
                Op::CALL | Op::CALLM => {
                    let fb = base.add(a as usize + 2);
                    let nargs = if op == Op::CALL {
                        bc::bc_c(ins) as usize - 1
                    } else {
                        l.top.offset_from(fb) as usize
                    };
                    *fb.sub(1) = TValue(pc as u64);
                    sync!();
                    let f = *fb.sub(2);
                    let f = if f.is_func() && (*f.ptr::<GcFunc>()).is_lua() {
                        l.enter_lua(f.ptr(), fb, nargs)?
                    } else {
                        l.precall(fb, nargs)?
                    };
                    goto_flow!(f);
                }
                Op::CALLT | Op::CALLMT => {
                    let src = base.add(a as usize + 2);
                    let nargs = if op == Op::CALLT {
                        bc::bc_d(ins) as usize - 1
                    } else {
                        l.top.offset_from(src) as usize
                    };
                    // A value that cannot be called is reported from this frame, before
                    // the tail call overwrites it (so the error names the variable).
                    let f = *src.sub(2);
                    if !f.is_func() && !l.get_mm(f, MM::Call).is_func() {
                        sync!();
                        return Err(l.type_error_call(f));
                    }
                    // Drop a vararg frame: the tail call replaces the original frame.
                    let mut fbase = base;
                    let link = (*base.sub(1)).0;
                    if crate::state::frame_type(link) == FRAME_VARG {
                        fbase = base.sub((link & !FRAME_TYPEP) as usize / 8);
                    }
                    *fbase.sub(2) = *src.sub(2);
                    std::ptr::copy(src, fbase, nargs);
                    sync!();
                    l.top = fbase.add(nargs);
                    let f = l.precall(fbase, nargs)?;
                    goto_flow!(f);
                }
                // ITERN whose state is not (table, index) any more (only bytecode
                // from a dump can do that) iterates generically.
                Op::ITERN if !(r!(a - 2).is_tab() && r!(a - 1).is_num()) => iterc!(),
                Op::ITERC => iterc!(),
                Op::ITERN => {
                    let t: *mut GcTab = r!(a - 2).ptr();
                    let mut idx = r!(a - 1).as_num() as usize;
                    let asize = (*t).asize as usize;
                    let mut found = false;
                    while idx < asize {
                        let v = *(*t).array.add(idx);
                        idx += 1;
                        if !v.is_nil() {
                            r!(a) = TValue::num((idx - 1) as f64);
                            r!(a + 1) = v;
                            found = true;
                            break;
                        }
                    }
                    if !found && !tab::is_nilnode((*t).node) {
                        let hsize = (*t).hmask as usize + 1;
                        while idx - asize < hsize {
                            let n = (*t).node.add(idx - asize);
                            idx += 1;
                            if !(*n).val.is_nil() {
                                r!(a) = (*n).key;
                                r!(a + 1) = (*n).val;
                                found = true;
                                break;
                            }
                        }
                    }
                    r!(a - 1) = TValue::num(idx as f64);
                    // The ITERL that follows is consumed here.
                    let j = *pc;
                    if found {
                        pc = pc.add(1).offset(bc::bc_j(j) as isize);
                    } else {
                        pc = pc.add(1);
                    }
                }
                Op::ISNEXT => {
                    let f = r!(a - 3);
                    let ok = f.is_func()
                        && (*f.ptr::<GcFunc>()).ffid == crate::lib::ff::Ff::Next as u8
                        && r!(a - 2).is_tab()
                        && r!(a - 1).is_nil();
                    if ok {
                        r!(a - 1) = TValue::num(0.0);
                    } else {
                        // Not `next` over a table: turn the loop back into a generic one, for good.
                        let me = pc.sub(1) as *mut Ins;
                        bc::set_op(&mut *me, Op::JMP);
                        let target = pc.offset(bc::bc_j(ins) as isize) as *mut Ins;
                        bc::set_op(&mut *target, Op::ITERC);
                    }
                    jump!(ins);
                }
                Op::VARG => {
                    let b = bc::bc_b(ins) as usize;
                    let numparams = bc::bc_c(ins) as usize;
                    let link = (*base.sub(1)).0;
                    let delta = (link & !FRAME_TYPEP) as usize / 8;
                    let nvar = (delta - 2).saturating_sub(numparams);
                    let src = base.sub(delta).add(numparams);
                    if b == 0 {
                        let need = a as usize + nvar;
                        if base.add(need) > l.maxstack {
                            sync!();
                            l.top = base.add(need.max((*proto).framesize as usize));
                            l.check_stack(nvar + 1)?;
                            reload!();
                        }
                        let src = base.sub(delta).add(numparams);
                        for i in 0..nvar {
                            r!(a as usize + i) = *src.add(i);
                        }
                        l.top = base.add(a as usize + nvar);
                    } else {
                        for i in 0..b - 1 {
                            r!(a as usize + i) = if i < nvar { *src.add(i) } else { TValue::NIL };
                        }
                    }
                }
                Op::RETM | Op::RET | Op::RET0 | Op::RET1 => {
                    let res = base.add(a as usize);
                    let n = match op {
                        Op::RETM => l.top.offset_from(res) as usize,
                        _ => bc::bc_d(ins) as usize - 1,
                    };
                    sync!();
                    if HOOKS && l.g().hook.mask & crate::hook::MASK_RET != 0 {
                        let (a, top) = (res.offset_from(base), l.save(l.top.max(res.add(n))));
                        let fs = l.save(base.add((*proto).framesize as usize));
                        l.top = l.restore(top.max(fs));
                        l.call_hook(b"return", None)?;
                        l.top = l.restore(top);
                        base = l.base;
                        let f = l.ret(base, base.offset(a), n)?;
                        if let Flow::Lua(_, p) = f {
                            // Back in the caller, on the line of its call.
                            l.g().hook.oldpc = p.sub(1);
                        }
                        goto_flow!(f);
                    }
                    let f = l.ret(base, res, n)?;
                    if HOOKS {
                        if let Flow::Lua(_, p) = f {
                            l.g().hook.oldpc = p.sub(1);
                        }
                    }
                    goto_flow!(f);
                }
                Op::FORI | Op::JFORI => {
                    let ra = base.add(a as usize);
                    if !((*ra).is_num() && (*ra.add(1)).is_num() && (*ra.add(2)).is_num()) {
                        sync!();
                        for_coerce(l, ra)?;
                        reload!();
                    }
                    let ra = base.add(a as usize);
                    let (idx, stop, step) =
                        ((*ra).as_num(), (*ra.add(1)).as_num(), (*ra.add(2)).as_num());
                    if for_continues(idx, stop, step) {
                        *ra.add(3) = *ra;
                    } else {
                        jump!(ins);
                    }
                }
                Op::FORL | Op::IFORL => {
                    let ra = base.add(a as usize);
                    let step = (*ra.add(2)).as_num();
                    let idx = (*ra).as_num() + step;
                    let stop = (*ra.add(1)).as_num();
                    *ra = TValue::num(idx);
                    if for_continues(idx, stop, step) {
                        *ra.add(3) = TValue::num(idx);
                        jump!(ins);
                    }
                }
                Op::ITERL | Op::IITERL => {
                    let v = r!(a);
                    if !v.is_nil() {
                        r!(a - 1) = v;
                        jump!(ins);
                    }
                }
                Op::LOOP | Op::ILOOP => {}
                Op::JMP => jump!(ins),
                Op::JFORL
                | Op::JITERL
                | Op::JLOOP
                | Op::FUNCF
                | Op::IFUNCF
                | Op::JFUNCF
                | Op::FUNCV
                | Op::IFUNCV
                | Op::JFUNCV
                | Op::FUNCC
                | Op::FUNCCW => {
                    sync!();
                    return Err(l.runtime_error(&format!(
                        "unexpected {} instruction in the interpreter",
                        op.name()
                    )));
                }
            }
        }
    }
}

/// The arithmetic metamethod of the n-th arithmetic opcode of a group.
#[inline(always)]
fn arith_mm(i: u8) -> MM {
    match i {
        0 => MM::Add,
        1 => MM::Sub,
        2 => MM::Mul,
        3 => MM::Div,
        _ => MM::Mod,
    }
}

/// `o[key] = v` with the fast raw path for tables: no metatable, no `__newindex`, or
/// an existing key (which `__newindex` does not intercept).
#[inline(always)]
fn store(l: &mut LuaState, o: TValue, key: TValue, v: TValue) -> LResult<Step<()>> {
    if o.is_tab() {
        let t: *mut GcTab = o.ptr();
        // SAFETY: t is a live table.
        let mt = unsafe { (*t).metatable };
        if mt.is_null() || meta::mt_get(l, mt, MM::Newindex).is_nil() || !tab::get(t, key).is_nil()
        {
            return l.rawset(t, key, v).map(Step::Done);
        }
    }
    l.newindex_step(o, key, v)
}

/// Does a numeric `for` go on? As LuaJIT, the step's sign bit gives the direction
/// (so a -0 step counts down); a NaN index or limit ends the loop.
#[inline(always)]
fn for_continues(idx: f64, stop: f64, step: f64) -> bool {
    if step.is_sign_negative() {
        idx >= stop
    } else {
        idx <= stop
    }
}

/// Coerce the numeric for-loop control values, with Lua's messages.
fn for_coerce(l: &mut LuaState, ra: *mut TValue) -> LResult<()> {
    const WHAT: [&str; 3] = ["initial value", "limit", "step"];
    for (i, what) in WHAT.iter().enumerate() {
        // SAFETY: the three control slots are inside the frame.
        let v = unsafe { *ra.add(i) };
        match meta::tonum(l, v) {
            // SAFETY: as above.
            Some(n) => unsafe { *ra.add(i) = TValue::num(n) },
            None => return Err(l.runtime_error(&format!("'for' {what} must be a number"))),
        }
    }
    Ok(())
}

//! The coroutine library: each coroutine is a `LuaState` with its own stack, resumed
//! by running the interpreter on it until it returns, errors or yields. The generated
//! interpreter resumes suspended coroutines and yields in machine code
//! (`interp::x64::coro`); what it does not finish there ends in
//! [`finish_fast_resume`], and everything else runs here.

use super::ff::Ff;
use super::Reg;
use crate::func::{GcFunc, FF_C};
use crate::gc::GcHeader;
use crate::interp::Flow;
use crate::state::{costate, new_thread, LResult, LuaState, Status, VmState};
use crate::value::{tag, TValue};

const FUNCS: &[Reg] = &[
    ("create", create, FF_C),
    ("isyieldable", isyieldable, FF_C),
    ("resume", resume, Ff::CoroutineResume as u8),
    ("running", running, FF_C),
    ("status", status, FF_C),
    ("wrap", wrap, FF_C),
    ("yield", yield_, Ff::CoroutineYield as u8),
];

pub fn open(l: &mut LuaState) {
    l.register_lib(Some("coroutine"), FUNCS);
}

fn check_co(l: &mut LuaState, i: usize) -> LResult<*mut LuaState> {
    let v = l.arg(i - 1);
    if v.is(tag::THREAD) {
        Ok(v.ptr())
    } else {
        Err(l.type_arg_error(i, "coroutine"))
    }
}

fn create(l: &mut LuaState) -> LResult<usize> {
    let f = l.arg(0);
    if !f.is_func() {
        return Err(l.type_arg_error(1, "function"));
    }
    let env = l.env;
    let co = new_thread(l.g(), env);
    l.g().threads.push(co);
    // SAFETY: co is a fresh thread; its stack has room for the function.
    unsafe {
        *(*co).top = f;
        (*co).top = (*co).top.add(1);
        (*co).costate = costate::FRESH;
    }
    l.ret_values(&[TValue::gc(tag::THREAD, co as *const GcHeader)])
}

/// Resume `co` with `args`. Ok(true) with the yielded/returned values pushed on `l`,
/// Ok(false) with the error value pushed. `args` may lie on `l`'s stack: they are
/// copied to `co` before anything is pushed on `l`.
pub fn resume_co(l: &mut LuaState, co: *mut LuaState, args: &[TValue]) -> LResult<bool> {
    let Some((c, fresh)) = resume_begin(l, co)? else {
        return Ok(false);
    };
    // The coroutine's code is interpreter time (`resume` itself runs as a native).
    let old = l.g().vmstate();
    l.g().set_vmstate(VmState::Interp);
    let r = if fresh {
        // SAFETY: the function sits in the first stack slot of a fresh coroutine.
        let f = unsafe { *c.stack };
        c.call_value_yieldable(f, args, -1, true).map(|_| ())
    } else {
        resume_suspended(c, args)
    };
    l.g().restore_vmstate(old);
    resume_end(l, c, r)
}

/// Mark `co` running, resumed by `l`, and say whether it is fresh; `None` (with the
/// message pushed on `l`) if it cannot be resumed.
fn resume_begin<'a>(
    l: &mut LuaState,
    co: *mut LuaState,
) -> LResult<Option<(&'a mut LuaState, bool)>> {
    // A running or normal thread (maybe `l` itself) is only refused: `&mut` is made
    // of suspended threads alone, so it never aliases a thread that is executing.
    let st = if std::ptr::eq(co, l) {
        costate::RUNNING
    } else {
        // SAFETY: co is a live thread other than l.
        unsafe { (*co).costate }
    };
    let msg: &[u8] = match st {
        costate::DEAD => b"cannot resume dead coroutine",
        costate::RUNNING => b"cannot resume running coroutine",
        _ => b"",
    };
    if !msg.is_empty() {
        let m = l.new_str(msg);
        l.push(m)?;
        return Ok(None);
    }
    if l.nccalls >= crate::state::MAX_CCALLS {
        return Err(l.runtime_error("C stack overflow"));
    }
    // SAFETY: co is suspended (or fresh), so nothing else borrows it.
    let c = unsafe { &mut *co };
    let fresh = c.costate == costate::FRESH;
    c.costate = costate::RUNNING;
    c.nccalls = l.nccalls + 1;
    c.resumer = l;
    l.g().running = co;
    Ok(Some((c, fresh)))
}

/// `c`'s run, resumed by `l`, ended with `r`: mark it suspended or dead and push on
/// `l` what it yielded or returned (Ok(true)) or its error value (Ok(false)).
fn resume_end(l: &mut LuaState, c: &mut LuaState, r: LResult<()>) -> LResult<bool> {
    l.g().running = l;
    c.resumer = std::ptr::null_mut();
    // Results start right above the function slot.
    let first = 1;
    match r {
        Ok(()) => {
            c.costate = costate::DEAD;
            let n = c.save(c.top) - first;
            transfer(l, c, first, n)?;
            c.top = c.restore(first);
            Ok(true)
        }
        Err(Status::Yield) => {
            c.costate = costate::SUSPENDED;
            let from = c.save(c.base);
            let n = c.save(c.top) - from;
            transfer(l, c, from, n)?;
            c.top = c.base;
            Ok(true)
        }
        Err(_) => {
            c.costate = costate::DEAD;
            let e = c.errobj;
            c.errobj = TValue::NIL;
            c.err_handled = false;
            l.push(e)?;
            Ok(false)
        }
    }
}

/// The generated interpreter's `resume` or wrapped-coroutine fast function ran a
/// coroutine, whose machine code left with status `st`, and does not finish this
/// case itself (an error, a hook handover, results that do not fit): finish the run
/// and return from the native frame at `L.base` as the Rust function would have.
pub fn finish_fast_resume(l: &mut LuaState, st: u32) -> LResult<Flow> {
    // SAFETY: L.base is the frame the fast function linked: its function slot holds
    // `resume` (whose first argument is the thread) or a wrapped coroutine.
    let (co, wrap) = unsafe {
        let f: *mut GcFunc = (*l.base.sub(2)).ptr();
        if (*f).ffid == Ff::CoroutineWrapAux as u8 {
            ((*(*f).cupvalue()).ptr::<LuaState>(), true)
        } else {
            ((*l.base).ptr::<LuaState>(), false)
        }
    };
    // SAFETY: co is the coroutine the fast function marked running for this frame.
    let c = unsafe { &mut *co };
    let r = crate::interp::run_flow(c, crate::interp::x64::flow_of(c, st));
    let top = l.save(l.top);
    let ok = resume_end(l, c, r)?;
    let n = if wrap {
        wrap_results(l, top, ok)?
    } else {
        resume_results(l, top, ok)?
    };
    l.native_ret(n)
}

/// Continue a coroutine suspended in `yield`: the arguments become yield's results.
fn resume_suspended(c: &mut LuaState, args: &[TValue]) -> LResult<()> {
    c.top = c.base;
    c.check_stack(args.len())?;
    for a in args {
        c.push(*a)?;
    }
    let base = c.base;
    let flow = match c.ret(base, base, args.len()) {
        Ok(f) => f,
        Err(e) => c.unwind(e)?,
    };
    match flow {
        crate::interp::Flow::Exit => Ok(()),
        crate::interp::Flow::Lua(b, pc) => crate::interp::run(c, b, pc),
    }
}

/// Copy `n` values from `c`'s stack at slot `from` onto `l`.
fn transfer(l: &mut LuaState, c: &LuaState, from: usize, n: usize) -> LResult<()> {
    l.check_stack(n + 1)?;
    for i in 0..n {
        // SAFETY: from..from+n are live slots of c.
        let v = unsafe { *c.restore(from + i) };
        l.push(v)?;
    }
    Ok(())
}

/// This native's arguments from the `skip`-th on, in place on `l`'s stack, without
/// copying them to the heap on every switch.
///
/// # Safety
/// The slice is valid until `l`'s stack is next reallocated; `resume_co` copies it to
/// the coroutine before it touches `l`'s stack (the coroutine runs on its own).
unsafe fn stack_args<'a>(l: &LuaState, skip: usize) -> &'a [TValue] {
    let n = l.nargs().saturating_sub(skip);
    std::slice::from_raw_parts(l.base.add(skip), n)
}

fn resume(l: &mut LuaState) -> LResult<usize> {
    let co = check_co(l, 1)?;
    // SAFETY: resume_co is the only user.
    let args = unsafe { stack_args(l, 1) };
    let top = l.save(l.top);
    let ok = resume_co(l, co, args)?;
    resume_results(l, top, ok)
}

/// `resume`'s results: the status, then the values `resume_co` pushed above `top`.
fn resume_results(l: &mut LuaState, top: usize, ok: bool) -> LResult<usize> {
    let n = l.save(l.top) - top;
    l.push(TValue::NIL)?;
    // SAFETY: top..top+n+1 are the values just pushed plus the new slot.
    unsafe {
        let p = l.restore(top);
        for i in (0..n).rev() {
            *p.add(i + 1) = *p.add(i);
        }
        *p = TValue::bool(ok);
    }
    Ok(n + 1)
}

fn wrap_aux(l: &mut LuaState) -> LResult<usize> {
    // SAFETY: base[-2] is this closure, created by `wrap` with one upvalue.
    let co: *mut LuaState = unsafe {
        let f: *mut GcFunc = (*l.base.sub(2)).ptr();
        (*(*f).cupvalue()).ptr()
    };
    // SAFETY: resume_co is the only user.
    let args = unsafe { stack_args(l, 0) };
    let top = l.save(l.top);
    let ok = resume_co(l, co, args)?;
    wrap_results(l, top, ok)
}

/// A wrapped coroutine's results: the values `resume_co` pushed above `top`, or its
/// error raised again.
fn wrap_results(l: &mut LuaState, top: usize, ok: bool) -> LResult<usize> {
    if ok {
        return Ok(l.save(l.top) - top);
    }
    // A string error gets the position of a Lua caller prepended, as LuaJIT does.
    let mut e = l.pop_result();
    if e.is_str() {
        let mut s = l.where_level(1);
        s.extend_from_slice(&l.tostring_raw(e));
        e = l.new_str(&s);
    }
    Err(l.throw(e))
}

fn wrap(l: &mut LuaState) -> LResult<usize> {
    create(l)?;
    let co = l.pop_result();
    let env = l.env;
    let f = crate::func::new_native(l.g(), wrap_aux, Ff::CoroutineWrapAux as u8, 1, env);
    // SAFETY: f is fresh with one upvalue.
    unsafe { *(*f).cupvalue() = co };
    l.ret_values(&[TValue::gc(tag::FUNC, f as *const GcHeader)])
}

/// Could the running code yield: inside a coroutine, with no C call in between.
fn isyieldable(l: &mut LuaState) -> LResult<usize> {
    let me = l as *mut LuaState;
    let ok = !std::ptr::eq(me, l.g().mainthread) && l.nny == 0;
    l.ret_values(&[TValue::bool(ok)])
}

fn running(l: &mut LuaState) -> LResult<usize> {
    let me = l as *mut LuaState;
    if std::ptr::eq(me, l.g().mainthread) {
        return l.ret_values(&[TValue::NIL]);
    }
    l.ret_values(&[TValue::gc(tag::THREAD, me as *const GcHeader)])
}

fn status(l: &mut LuaState) -> LResult<usize> {
    let co = check_co(l, 1)?;
    let st = if std::ptr::eq(co, l) {
        costate::RUNNING
    } else {
        // SAFETY: co is a live thread other than l.
        unsafe { (*co).costate }
    };
    let s: &[u8] = match st {
        costate::FRESH | costate::SUSPENDED => b"suspended",
        costate::RUNNING if std::ptr::eq(l.g().running, co) => b"running",
        costate::RUNNING => b"normal",
        _ => b"dead",
    };
    let v = l.new_str(s);
    l.ret_values(&[v])
}

fn yield_(l: &mut LuaState) -> LResult<usize> {
    // The main thread runs under a Rust call, so like LuaJIT it reports a C-call boundary.
    if std::ptr::eq(l, l.g().mainthread) || l.nny > 0 {
        return Err(l.error_str_nopos("attempt to yield across C-call boundary"));
    }
    // The yielded values are this frame's arguments (base..top); resume reads them.
    Err(Status::Yield)
}

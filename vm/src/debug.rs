//! Debug information: chunk names for messages, line lookup, variable and function names.

/// Longest `short_src` (LuaJIT's `LUA_IDSIZE`, terminator included).
pub const IDSIZE: usize = 60;

/// The short source name used in messages: `file.lua`, `name`, `[string "..."]`.
pub fn short_src(chunkname: &[u8]) -> Vec<u8> {
    match chunkname.first() {
        Some(b'=') => {
            let s = &chunkname[1..];
            s[..s.len().min(IDSIZE - 1)].to_vec()
        }
        Some(b'@') => {
            let s = &chunkname[1..];
            if s.len() < IDSIZE {
                s.to_vec()
            } else {
                // Keep the end of a long path: it names the file.
                let mut out = b"...".to_vec();
                out.extend_from_slice(&s[s.len() - (IDSIZE - 4)..]);
                out
            }
        }
        _ => {
            let line_end = chunkname.iter().position(|&c| c == b'\n' || c == b'\r');
            let mut len = line_end.unwrap_or(chunkname.len());
            let mut dots = line_end.is_some();
            if len > IDSIZE - 15 {
                len = IDSIZE - 15;
                dots = true;
            }
            let mut out = b"[string \"".to_vec();
            out.extend_from_slice(&chunkname[..len]);
            if dots {
                out.extend_from_slice(b"...");
            }
            out.extend_from_slice(b"\"]");
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_src_forms() {
        assert_eq!(short_src(b"@foo.lua"), b"foo.lua");
        assert_eq!(short_src(b"=stdin"), b"stdin");
        assert_eq!(short_src(b"x = 1"), b"[string \"x = 1\"]");
        assert_eq!(short_src(b"x = 1\ny = 2"), b"[string \"x = 1...\"]");
        let long = [b'a'; 100];
        let s = short_src(&long);
        assert_eq!(s.len(), 9 + 45 + 3 + 2);
        let mut path = b"@".to_vec();
        path.extend_from_slice(&[b'p'; 80]);
        let s = short_src(&path);
        assert!(s.starts_with(b"...") && s.len() == IDSIZE - 1);
    }
}

use crate::bc::{self, Ins, Mode, Op};
use crate::func::{GcFunc, GcProto};
use crate::state::{
    LuaState, Status, FRAME_C, FRAME_CONT, FRAME_CP, FRAME_LUA, FRAME_PCALL, FRAME_PCALLH, FRAME_TYPEP, FRAME_VARG,
};
use crate::str::GcStr;
use crate::value::TValue;

/// One activation in the frame chain.
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    pub base: *mut TValue,
    pub func: TValue,
    /// For Lua frames: the PC after the executing instruction.
    pub pc: Option<*const Ins>,
    /// How this frame was called: its link's frame type.
    pub link_type: u64,
}

impl Frame {
    /// The closure, if the frame's function slot holds one.
    pub fn closure(&self) -> Option<&GcFunc> {
        if self.func.is_func() {
            // SAFETY: the slot holds a live function.
            Some(unsafe { &*self.func.ptr::<GcFunc>() })
        } else {
            None
        }
    }
    /// The prototype of a Lua frame.
    pub fn proto(&self) -> Option<&GcProto> {
        let f = self.closure()?;
        if f.is_lua() {
            // SAFETY: Lua closures point to a live prototype.
            Some(unsafe { &*f.proto() })
        } else {
            None
        }
    }
    /// Index of the executing instruction in the prototype's bytecode.
    pub fn pc_index(&self) -> Option<usize> {
        let p = self.proto()?;
        let pc = self.pc?;
        // SAFETY: pc points into p's bytecode (one past the executing instruction).
        let i = unsafe { pc.offset_from(p.bc) } - 1;
        if i >= 0 && (i as u32) < p.sizebc {
            Some(i as usize)
        } else {
            None
        }
    }
    /// Current source line of a Lua frame.
    /// The current line, if the function has line information.
    pub fn line(&self) -> Option<u32> {
        let p = self.proto()?;
        p.has_lines().then(|| p.line_at(self.pc_index().unwrap_or(0)))
    }
}

impl LuaState {
    /// The frame chain, innermost first.
    pub fn frames(&self) -> Vec<Frame> {
        let mut out = Vec::new();
        let mut base = self.base;
        let mut pc = Some(self.savedpc);
        // A vararg function runs in a frame above its original one; report the working base.
        let mut work_base: Option<*mut TValue> = None;
        // SAFETY: every frame's func and link slots lie inside the live stack; links
        // are PCs into live prototypes or deltas to lower frames.
        unsafe {
            while base > self.stack.add(1) && out.len() < 1_000_000 {
                let func = *base.sub(2);
                let link = (*base.sub(1)).0;
                let ltype = crate::state::frame_type(link);
                let delta = (link & !FRAME_TYPEP) as usize / 8;
                if ltype == FRAME_VARG {
                    work_base = Some(base);
                    base = base.sub(delta);
                    continue;
                }
                let is_lua = func.is_func() && (*func.ptr::<GcFunc>()).is_lua();
                out.push(Frame {
                    base: work_base.take().unwrap_or(base),
                    func,
                    pc: if is_lua { pc } else { None },
                    link_type: ltype,
                });
                match ltype {
                    FRAME_LUA => {
                        let rpc = link as *const Ins;
                        let a = bc::bc_a(*rpc.sub(1)) as usize;
                        base = base.sub(2 + a);
                        pc = Some(rpc);
                    }
                    FRAME_C | FRAME_CP | FRAME_CONT => {
                        pc = Some((*base.sub(3)).0 as *const Ins);
                        base = base.sub(delta);
                    }
                    _ => {
                        base = base.sub(delta);
                        pc = None;
                    }
                }
            }
        }
        out
    }

    /// `chunk:line: ` of a frame, empty for native frames.
    pub fn where_(&self, f: &Frame) -> Vec<u8> {
        match f.proto() {
            Some(p) => {
                // Stripped functions have no lines: LuaJIT says line 0.
                let mut s = short_src(p.chunkname());
                s.extend_from_slice(format!(":{}: ", f.line().unwrap_or(0)).as_bytes());
                s
            }
            None => Vec::new(),
        }
    }

    /// Raise a runtime error at the innermost frame's position (interpreter errors).
    pub fn runtime_error(&mut self, msg: &str) -> Status {
        let frames = self.frames();
        let mut s = frames.first().map(|f| self.where_(f)).unwrap_or_default();
        s.extend_from_slice(msg.as_bytes());
        let v = self.new_str(&s);
        self.throw(v)
    }

    /// Raise an error from a native function at its Lua caller's position.
    pub fn caller_error(&mut self, msg: &[u8]) -> Status {
        let frames = self.frames();
        let mut s = frames.get(1).map(|f| self.where_(f)).unwrap_or_default();
        s.extend_from_slice(msg);
        let v = self.new_str(&s);
        self.throw(v)
    }

    /// Position prefix of frame `level` (1 = the caller of the running native), for `error`.
    pub fn where_level(&self, level: usize) -> Vec<u8> {
        let frames = self.frames();
        frames
            .get(level)
            .map(|f| self.where_(f))
            .unwrap_or_default()
    }

    /// "bad argument #n to 'name' (msg)" for the running native.
    pub fn arg_error(&mut self, narg: usize, msg: &str) -> Status {
        let frames = self.frames();
        let (mut narg, mut name) = (narg, b"?".to_vec());
        let mut is_method = false;
        if let Some((kind, n)) = self.func_name(&frames, 0) {
            is_method = kind == "method";
            name = n;
        }
        if is_method {
            narg -= 1;
            if narg == 0 {
                let m = format!(
                    "calling '{}' on bad self ({msg})",
                    String::from_utf8_lossy(&name)
                );
                return self.caller_error(m.as_bytes());
            }
        }
        let m = format!(
            "bad argument #{narg} to '{}' ({msg})",
            String::from_utf8_lossy(&name)
        );
        self.caller_error(m.as_bytes())
    }

    /// "bad argument" for a wrong type: `expected` wanted, argument `narg` (1-based) given.
    pub fn type_arg_error(&mut self, narg: usize, expected: &str) -> Status {
        let got = if narg > self.nargs() {
            "no value"
        } else {
            self.arg(narg - 1).type_name()
        };
        self.arg_error(narg, &format!("{expected} expected, got {got}"))
    }

    /// Name of the function running in `frames[i]`, as its caller refers to it:
    /// (kind, name) with kind one of global/local/method/field/upvalue/for iterator/metamethod.
    pub fn func_name(&self, frames: &[Frame], i: usize) -> Option<(&'static str, Vec<u8>)> {
        let f = frames.get(i)?;
        let caller = frames.get(i + 1)?;
        let p = caller.proto()?;
        let pci = caller.pc_index()?;
        let ins = *p.bcs().get(pci)?;
        let op = Op::from_u8(bc::bc_op(ins))?;
        match f.link_type {
            FRAME_LUA => match op {
                Op::CALL | Op::CALLM | Op::CALLT | Op::CALLMT => slot_name(p, pci, bc::bc_a(ins)),
                Op::ITERC | Op::ITERN => Some(("for iterator", b"for iterator".to_vec())),
                _ => None,
            },
            FRAME_C | FRAME_CONT => {
                let mm = Op::MMS[op as usize]?;
                Some(("metamethod", mm.name().as_bytes().to_vec()))
            }
            FRAME_PCALL | FRAME_PCALLH => None,
            _ => None,
        }
    }

    /// A traceback starting at frame `level`, in LuaJIT's layout.
    pub fn traceback(&self, msg: Option<&[u8]>, level: usize) -> Vec<u8> {
        let mut out = Vec::new();
        if let Some(m) = msg {
            out.extend_from_slice(m);
            out.push(b'\n');
        }
        out.extend_from_slice(b"stack traceback:");
        let frames = self.frames();
        let n = frames.len();
        let mut i = level;
        while i < n {
            if i == level + 11 && n - i > 11 {
                out.extend_from_slice(b"\n\t...");
                i = n - 10;
                continue;
            }
            let f = &frames[i];
            out.extend_from_slice(b"\n\t");
            match f.proto() {
                Some(p) => {
                    out.extend_from_slice(&short_src(p.chunkname()));
                    if let Some(line) = f.line() {
                        out.extend_from_slice(format!(":{line}").as_bytes());
                    }
                    out.push(b':');
                }
                None => out.extend_from_slice(b"[C]:"),
            }
            let named = self.func_name(&frames, i);
            let unnamed_native = named.is_none() && f.proto().is_none() && f.closure().is_some();
            if !unnamed_native {
                out.extend_from_slice(b" in ");
            } else {
                out.push(b' ');
            }
            match named {
                Some((_, name)) => {
                    out.extend_from_slice(b"function '");
                    out.extend_from_slice(&name);
                    out.push(b'\'');
                }
                None => match f.proto() {
                    Some(p) if p.is_main() => out.extend_from_slice(b"main chunk"),
                    Some(p) => {
                        out.extend_from_slice(b"function <");
                        out.extend_from_slice(&short_src(p.chunkname()));
                        out.extend_from_slice(format!(":{}>", p.firstline).as_bytes());
                    }
                    None => match f.closure() {
                        // An unnamed native function is shown by its address, as LuaJIT does.
                        Some(c) => out.extend_from_slice(format!("at {:#x}", c.data).as_bytes()),
                        None => out.push(b'?'),
                    },
                },
            }
            i += 1;
        }
        out
    }
}

/// What the value in `slot` at instruction `pc` is called in the source, if anything.
pub fn slot_name(p: &GcProto, pc: usize, slot: u32) -> Option<(&'static str, Vec<u8>)> {
    if let Some(name) = local_name(p, pc, slot) {
        return Some(("local", name));
    }
    let bcs = p.bcs();
    let mut i = pc;
    while i > 1 {
        i -= 1;
        let ins = bcs[i];
        let op = Op::from_u8(bc::bc_op(ins))?;
        let a = bc::bc_a(ins);
        match op.modes()[0] {
            Mode::Base if slot >= a && (op != Op::KNIL || slot <= bc::bc_d(ins)) => return None,
            Mode::Dst if a == slot => {
                return match op {
                    Op::MOV => slot_name(p, i, bc::bc_d(ins)),
                    Op::GGET => Some(("global", kstr(p, bc::bc_d(ins)))),
                    Op::TGETS => {
                        let name = kstr(p, bc::bc_c(ins));
                        if i > 0 {
                            let prev = bcs[i - 1];
                            if bc::bc_op(prev) == Op::MOV as u8
                                && bc::bc_a(prev) == a + 2
                                && bc::bc_d(prev) == bc::bc_b(ins)
                            {
                                return Some(("method", name));
                            }
                        }
                        Some(("field", name))
                    }
                    Op::UGET => {
                        let n = p
                            .info
                            .uvnames
                            .get(bc::bc_d(ins) as usize)
                            .cloned()
                            .unwrap_or_default();
                        Some(("upvalue", n))
                    }
                    _ => None,
                };
            }
            _ => {}
        }
    }
    None
}

fn kstr(p: &GcProto, d: u32) -> Vec<u8> {
    let v = p.kgc(d);
    if v.is_str() {
        // SAFETY: a live string constant.
        unsafe { (*v.ptr::<GcStr>()).as_bytes().to_vec() }
    } else {
        b"?".to_vec()
    }
}

/// Name of variable number `slot` active at instruction `pc`, internal names such as
/// "(for index)" included.
pub fn var_name(p: &GcProto, pc: usize, slot: usize) -> Option<Vec<u8>> {
    p.info
        .varinfo
        .iter()
        .take_while(|v| v.startpc as usize <= pc)
        .filter(|v| (pc as u32) < v.endpc)
        .nth(slot)
        .map(|v| v.name.clone())
}

/// Name of the local variable in `slot` at instruction `pc`, internal names excluded.
pub fn local_name(p: &GcProto, pc: usize, slot: u32) -> Option<Vec<u8>> {
    var_name(p, pc, slot as usize).filter(|n| n.first() != Some(&b'('))
}

impl LuaState {
    /// Describe the operand of the executing instruction that holds `v`: "local 'x' " style,
    /// or "". `reg` picks the register from the instruction and `v` instead.
    fn describe_slot(&self, v: TValue, reg: impl Fn(u32) -> Option<u32>) -> String {
        let frames = self.frames();
        if let Some(f) = frames.first() {
            if let (Some(p), Some(pci)) = (f.proto(), f.pc_index()) {
                let slot = reg(p.bcs()[pci]).or_else(|| self.slot_of(f, v));
                if let Some((kind, name)) = slot.and_then(|slot| slot_name(p, pci, slot)) {
                    return format!("{kind} '{}' ", String::from_utf8_lossy(&name));
                }
            }
        }
        String::new()
    }

    /// The register of the executing instruction's operand that holds `v`, if any.
    fn slot_of(&self, f: &Frame, v: TValue) -> Option<u32> {
        let p = f.proto()?;
        let ins = p.bcs()[f.pc_index()?];
        let op = Op::from_u8(bc::bc_op(ins))?;
        let m = op.modes();
        let cands = [
            (m[1], bc::bc_b(ins)),
            (
                m[2],
                if op.has_b() {
                    bc::bc_c(ins)
                } else {
                    bc::bc_d(ins)
                },
            ),
            (m[0], bc::bc_a(ins)),
        ];
        for (mode, r) in cands {
            if matches!(mode, Mode::Var) {
                // SAFETY: registers of the executing instruction are inside the frame.
                let rv = unsafe { *f.base.add(r as usize) };
                if rv == v {
                    return Some(r);
                }
            }
        }
        if op == Op::CALL || op == Op::CALLM || op == Op::CALLT || op == Op::CALLMT {
            return Some(bc::bc_a(ins));
        }
        None
    }

    fn type_error_named(&mut self, what: &str, v: TValue) -> Status {
        self.type_error_in(what, v, |_| None)
    }

    fn type_error_in(
        &mut self,
        what: &str,
        v: TValue,
        reg: impl Fn(u32) -> Option<u32>,
    ) -> Status {
        let d = self.describe_slot(v, reg);
        let msg = if d.is_empty() {
            format!("attempt to {what} a {} value", v.type_name())
        } else {
            format!("attempt to {what} {d}(a {} value)", v.type_name())
        };
        self.runtime_error(&msg)
    }

    pub fn type_error_index(&mut self, v: TValue) -> Status {
        self.type_error_named("index", v)
    }
    pub fn type_error_call(&mut self, v: TValue) -> Status {
        self.type_error_named("call", v)
    }
    pub fn type_error_op(&mut self, v: TValue, what: &str) -> Status {
        self.type_error_named(what, v)
    }
    pub fn type_error_arith(&mut self, bad: TValue, _a: TValue, _b: TValue) -> Status {
        self.type_error_named("perform arithmetic on", bad)
    }
    /// `bad` is operand `index` of the concatenation (0 = the `CAT`'s first register).
    pub fn type_error_concat(&mut self, bad: TValue, index: usize) -> Status {
        self.type_error_in("concatenate", bad, |ins| {
            (Op::from_u8(bc::bc_op(ins)) == Some(Op::CAT)).then(|| bc::bc_b(ins) + index as u32)
        })
    }
    pub fn type_error_compare(&mut self, a: TValue, b: TValue) -> Status {
        let (ta, tb) = (a.type_name(), b.type_name());
        let msg = if ta == tb {
            format!("attempt to compare two {ta} values")
        } else {
            format!("attempt to compare {ta} with {tb}")
        };
        self.runtime_error(&msg)
    }
}

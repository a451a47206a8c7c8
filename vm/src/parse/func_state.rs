//! Per-function compiler state: bytecode emission, registers, jump lists, constants,
//! and the expression-descriptor operations (discharge, branch, arithmetic, compare).
//!
//! This follows LuaJIT's single-pass design: an expression is kept as an `ExpDesc` for
//! as long as possible so that constants fold and results land directly in their
//! destination register; conditional jumps are threaded through the jump offsets of
//! not-yet-patched `JMP`s.

use std::collections::HashMap;
use std::rc::Rc;

use crate::bc::{self, bc_a, bc_d, bc_j, bc_op, ins_abc, ins_ad, Ins, Op, BCBIAS_J};
use crate::lex::{Near, PErr};
use crate::proto::KGc;

pub type PResult<T> = Result<T, PErr>;

/// End of a jump list.
pub const NO_JMP: u32 = u32::MAX;
/// "No register": a value that is only tested, never stored.
pub const NO_REG: u32 = bc::NO_REG;
/// Most stack slots a function may use.
pub const MAX_SLOTS: u32 = 250;
pub const BCMAX_B: u32 = 0xff;
pub const BCMAX_C: u32 = 0xff;
pub const BCMAX_D: u32 = 0xffff;

/// Internal flags (above the `PROTO_*` byte): a `return` was compiled, and returns must
/// be rewritten to close upvalues because a closure was created after them.
pub const FLAG_HAS_RETURN: u32 = 0x100;
pub const FLAG_FIXUP_RETURN: u32 = 0x200;

/// Scope flags.
pub const FSCOPE_LOOP: u8 = 0x01;
pub const FSCOPE_BREAK: u8 = 0x02;
pub const FSCOPE_GOLA: u8 = 0x04;
pub const FSCOPE_UPVAL: u8 = 0x08;
pub const FSCOPE_NOCLOSE: u8 = 0x10;

/// Expression kinds. The order matters: constants first (`<= Num` is "constant",
/// `<= True` is "primitive"), then the assignable kinds `Local..=Indexed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EK {
    Nil,
    False,
    True,
    Str,
    Num,
    Local,
    Upval,
    Global,
    Indexed,
    Jmp,
    Relocable,
    Nonreloc,
    Call,
    Void,
}

/// An expression descriptor.
///
/// `info`/`aux` mean: Local: register / variable-stack index. Upval: upvalue index /
/// variable-stack index. Indexed: table register / key (register 0..255, byte constant
/// 256..511, or `!string-constant`). Jmp, Relocable: instruction. Nonreloc: register.
/// Call: instruction / base register.
#[derive(Clone, Debug)]
pub struct ExpDesc {
    pub k: EK,
    pub info: u32,
    pub aux: u32,
    pub sval: Rc<[u8]>,
    pub nval: f64,
    /// True and false jump lists.
    pub t: u32,
    pub f: u32,
}

impl ExpDesc {
    /// Create a fresh instance.
    pub fn new(k: EK, info: u32) -> ExpDesc {
        ExpDesc {
            k,
            info,
            aux: 0,
            sval: Rc::from(&b""[..]),
            nval: 0.0,
            t: NO_JMP,
            f: NO_JMP,
        }
    }
    /// A number constant.
    pub fn num(n: f64) -> ExpDesc {
        let mut e = ExpDesc::new(EK::Num, 0);
        e.nval = n;
        e
    }
    /// A string constant.
    pub fn str(s: Rc<[u8]>) -> ExpDesc {
        let mut e = ExpDesc::new(EK::Str, 0);
        e.sval = s;
        e
    }
    /// Are there pending true/false jumps?
    pub fn has_jump(&self) -> bool {
        self.t != self.f
    }
    /// A constant (nil, boolean, string or number)?
    pub fn is_k(&self) -> bool {
        self.k <= EK::Num
    }
    /// A constant with no pending jumps?
    pub fn is_k_nojump(&self) -> bool {
        self.is_k() && !self.has_jump()
    }
    /// A number constant?
    pub fn is_numk(&self) -> bool {
        self.k == EK::Num
    }
    /// A number constant with no pending jumps?
    pub fn is_numk_nojump(&self) -> bool {
        self.is_numk() && !self.has_jump()
    }
    /// A string constant?
    pub fn is_strk(&self) -> bool {
        self.k == EK::Str
    }
    /// The operand of `KPRI`/`ISEQP`: nil 0, false 1, true 2.
    pub fn pri(&self) -> u32 {
        self.k as u32
    }
}

/// A block scope.
#[derive(Clone, Copy, Debug)]
pub struct Scope {
    /// Start of the scope's entries on the variable stack.
    pub vstart: usize,
    pub nactvar: u32,
    pub flags: u8,
}

/// The state of one function being compiled.
pub struct FuncState {
    pub bc: Vec<Ins>,
    pub lines: Vec<u32>,
    pub kgc: Vec<KGc>,
    pub knum: Vec<f64>,
    kstr_index: HashMap<Rc<[u8]>, u32>,
    knum_index: HashMap<u64, u32>,
    pub nactvar: u32,
    pub freereg: u32,
    pub framesize: u32,
    /// Last instruction that is a jump target (no instruction merging across it).
    pub lasttarget: u32,
    /// Pending jumps to the next instruction emitted.
    pub jpc: u32,
    pub linedefined: u32,
    pub numparams: u32,
    pub flags: u32,
    /// Variable-stack index of each active local, by register.
    pub varmap: Vec<u16>,
    /// Variable-stack index of each upvalue's variable.
    pub uvmap: Vec<u32>,
    /// Upvalue source: variable-stack index, or `MAX_VSTACK + parent upvalue`.
    pub uvtmp: Vec<u32>,
    pub scopes: Vec<Scope>,
    /// Start of this function's entries on the variable stack.
    pub vbase: usize,
    /// Line given to emitted instructions (the lexer's `lastline`).
    pub lastline: u32,
}

/// Size of the variable stack; upvalue sources at or above it name a parent upvalue.
pub const MAX_VSTACK: u32 = 0x10000;

impl FuncState {
    /// Create a fresh instance.
    pub fn new(vbase: usize, linedefined: u32, lastline: u32) -> FuncState {
        FuncState {
            bc: Vec::new(),
            lines: Vec::new(),
            kgc: Vec::new(),
            knum: Vec::new(),
            kstr_index: HashMap::new(),
            knum_index: HashMap::new(),
            nactvar: 0,
            freereg: 0,
            framesize: 1,
            lasttarget: 0,
            jpc: NO_JMP,
            linedefined,
            numparams: 0,
            flags: 0,
            varmap: vec![0; 256],
            uvmap: Vec::new(),
            uvtmp: Vec::new(),
            scopes: Vec::new(),
            vbase,
            lastline,
        }
    }

    /// Position of the next instruction.
    pub fn pc(&self) -> u32 {
        self.bc.len() as u32
    }

    /// The instruction at `pc` (a harmless 0 if out of range).
    pub fn ins(&self, pc: u32) -> Ins {
        self.bc.get(pc as usize).copied().unwrap_or(0)
    }

    /// Replace the instruction at `pc` (ignored if out of range).
    pub fn set_ins(&mut self, pc: u32, ins: Ins) {
        if let Some(i) = self.bc.get_mut(pc as usize) {
            *i = ins;
        }
    }

    /// Edit the instruction at `pc` in place (ignored if out of range).
    fn modify(&mut self, pc: u32, f: impl FnOnce(&mut Ins)) {
        if let Some(i) = self.bc.get_mut(pc as usize) {
            f(i);
        }
    }

    // -- Constants -------------------------------------------------------------------

    /// Index of a number constant.
    pub fn const_num(&mut self, n: f64) -> u32 {
        // -0 and 0 share a slot, as keys of LuaJIT's constant table do.
        let key = if n == 0.0 { 0 } else { n.to_bits() };
        if let Some(&i) = self.knum_index.get(&key) {
            return i;
        }
        let i = self.knum.len() as u32;
        self.knum.push(n);
        self.knum_index.insert(key, i);
        i
    }

    /// Index of a string constant.
    pub fn const_str(&mut self, s: &Rc<[u8]>) -> u32 {
        if let Some(&i) = self.kstr_index.get(s) {
            return i;
        }
        let i = self.kgc.len() as u32;
        self.kgc.push(KGc::Str(s.to_vec()));
        self.kstr_index.insert(s.clone(), i);
        i
    }

    /// Index of the string constant `s` if it exists already.
    pub fn find_str(&self, s: &[u8]) -> Option<u32> {
        self.kstr_index.get(s).copied()
    }

    /// Index of a new (never shared) GC constant: a prototype or a table template.
    pub fn const_gc(&mut self, k: KGc) -> u32 {
        self.kgc.push(k);
        self.kgc.len() as u32 - 1
    }

    // -- Registers -------------------------------------------------------------------

    /// Make room for `n` more registers above `freereg` in the frame.
    pub fn bump(&mut self, n: u32) -> PResult<()> {
        let sz = self.freereg + n;
        if sz > self.framesize {
            if sz >= MAX_SLOTS {
                return Err(PErr::new("function or expression too complex", Near::Cur));
            }
            self.framesize = sz;
        }
        Ok(())
    }

    /// Allocate `n` registers at `freereg`.
    pub fn reserve(&mut self, n: u32) -> PResult<()> {
        self.bump(n)?;
        self.freereg += n;
        Ok(())
    }

    /// Free a temporary register (locals are never freed this way).
    pub fn reg_free(&mut self, reg: u32) {
        if reg >= self.nactvar {
            self.freereg = self.freereg.saturating_sub(1);
        }
    }

    /// Free the register of a non-relocatable temporary.
    pub fn expr_free(&mut self, e: &ExpDesc) {
        if e.k == EK::Nonreloc {
            self.reg_free(e.info);
        }
    }

    // -- Emission --------------------------------------------------------------------

    /// Emit an instruction; pending jumps to here are patched to it.
    pub fn emit(&mut self, ins: Ins) -> PResult<u32> {
        let pc = self.pc();
        let jpc = std::mem::replace(&mut self.jpc, NO_JMP);
        self.patch_val(jpc, pc, NO_REG, pc)?;
        self.bc.push(ins);
        self.lines.push(self.lastline);
        Ok(pc)
    }

    /// Emit an `A D` instruction.
    pub fn emit_ad(&mut self, op: Op, a: u32, d: u32) -> PResult<u32> {
        self.emit(ins_ad(op, a, d))
    }

    /// Emit an `A B C` instruction.
    pub fn emit_abc(&mut self, op: Op, a: u32, b: u32, c: u32) -> PResult<u32> {
        self.emit(ins_abc(op, a, b, c))
    }

    /// Emit a jump-mode instruction with a signed offset (`-1` is "no jump yet").
    pub fn emit_aj(&mut self, op: Op, a: u32, j: i32) -> PResult<u32> {
        self.emit(ins_ad(op, a, ((j + BCBIAS_J) as u32) & 0xffff))
    }

    /// Set registers `from..from+n` to nil, merging with a preceding KPRI/KNIL.
    pub fn emit_nil(&mut self, from: u32, n: u32) -> PResult<()> {
        let (mut from, mut n) = (from, n);
        if self.pc() > self.lasttarget {
            let pc = self.pc() - 1;
            let ip = self.ins(pc);
            let pfrom = bc_a(ip);
            if bc_op(ip) == Op::KPRI as u8 && bc_d(ip) == 0 {
                let merge = if from == pfrom {
                    if n == 1 {
                        return Ok(());
                    }
                    true
                } else if from == pfrom + 1 {
                    from = pfrom;
                    n += 1;
                    true
                } else {
                    false
                };
                if merge {
                    self.set_ins(pc, ins_ad(Op::KNIL, from, from + n - 1));
                    return Ok(());
                }
            } else if bc_op(ip) == Op::KNIL as u8 {
                let pto = bc_d(ip);
                if pfrom <= from && from <= pto + 1 {
                    if from + n - 1 > pto {
                        self.modify(pc, |i| bc::set_d(i, from + n - 1));
                    }
                    return Ok(());
                }
            }
        }
        if n == 1 {
            self.emit_ad(Op::KPRI, from, 0)?;
        } else {
            self.emit_ad(Op::KNIL, from, from + n - 1)?;
        }
        Ok(())
    }

    // -- Jump lists ------------------------------------------------------------------

    /// Next entry of a jump list.
    pub fn jmp_next(&self, pc: u32) -> u32 {
        let delta = bc_j(self.ins(pc));
        if delta == -1 {
            NO_JMP
        } else {
            (pc as i64 + 1 + delta as i64) as u32
        }
    }

    /// The instruction before a jump (the test that guards it).
    fn test_pc(pc: u32) -> u32 {
        if pc >= 1 {
            pc - 1
        } else {
            pc
        }
    }

    /// Does some jump in the list come from a test that produces no value?
    pub fn jmp_novalue(&self, mut list: u32) -> bool {
        let mut guard = 0usize;
        while list != NO_JMP && guard <= self.bc.len() {
            let p = self.ins(Self::test_pc(list));
            let op = bc_op(p);
            if !(op == Op::ISTC as u8 || op == Op::ISFC as u8 || bc_a(p) == NO_REG) {
                return true;
            }
            list = self.jmp_next(list);
            guard += 1;
        }
        false
    }

    /// Make the test before a jump store its value in `reg` (or drop the value).
    fn jmp_patchtestreg(&mut self, pc: u32, reg: u32) -> bool {
        let tpc = Self::test_pc(pc);
        let ip = self.ins(tpc);
        let op = bc_op(ip);
        if op == Op::ISTC as u8 || op == Op::ISFC as u8 {
            if reg != NO_REG && reg != bc_d(ip) {
                self.modify(tpc, |i| bc::set_a(i, reg));
            } else {
                // Nothing to store, or already there: a plain test does.
                let nop = if op == Op::ISTC as u8 {
                    Op::IST
                } else {
                    Op::ISF
                };
                self.modify(tpc, |i| {
                    bc::set_op(i, nop);
                    bc::set_a(i, 0);
                });
            }
        } else if bc_a(ip) == NO_REG {
            if reg == NO_REG {
                let a = bc_a(self.ins(pc));
                self.set_ins(tpc, ins_ad(Op::JMP, a, BCBIAS_J as u32));
            } else {
                self.modify(tpc, |i| bc::set_a(i, reg));
                if reg >= bc_a(self.ins(tpc + 1)) {
                    self.modify(tpc + 1, |i| bc::set_a(i, reg + 1));
                }
            }
        } else {
            return false;
        }
        true
    }

    /// Drop the values of all tests in a jump list.
    pub fn jmp_dropval(&mut self, mut list: u32) {
        let mut guard = 0usize;
        while list != NO_JMP && guard <= self.bc.len() {
            self.jmp_patchtestreg(list, NO_REG);
            list = self.jmp_next(list);
            guard += 1;
        }
    }

    /// Point the jump at `pc` to `dest`.
    pub fn jmp_patchins(&mut self, pc: u32, dest: u32) -> PResult<()> {
        let offset = dest
            .wrapping_sub(pc.wrapping_add(1))
            .wrapping_add(BCBIAS_J as u32);
        if offset > BCMAX_D {
            return Err(PErr::new("control structure too long", Near::Cur));
        }
        self.modify(pc, |i| bc::set_d(i, offset));
        Ok(())
    }

    /// Append jump list `l2` to `l1`.
    pub fn jmp_append(&mut self, l1: &mut u32, l2: u32) -> PResult<()> {
        if l2 == NO_JMP {
            return Ok(());
        }
        if *l1 == NO_JMP {
            *l1 = l2;
            return Ok(());
        }
        let mut list = *l1;
        let mut guard = 0usize;
        loop {
            let next = self.jmp_next(list);
            if next == NO_JMP || guard > self.bc.len() {
                break;
            }
            list = next;
            guard += 1;
        }
        self.jmp_patchins(list, l2)
    }

    /// Patch a jump list: jumps whose test can store `reg` go to `vtarget`, the rest to
    /// `dtarget`.
    pub fn patch_val(
        &mut self,
        mut list: u32,
        vtarget: u32,
        reg: u32,
        dtarget: u32,
    ) -> PResult<()> {
        let mut guard = 0usize;
        while list != NO_JMP && guard <= self.bc.len() {
            let next = self.jmp_next(list);
            if self.jmp_patchtestreg(list, reg) {
                self.jmp_patchins(list, vtarget)?;
            } else {
                self.jmp_patchins(list, dtarget)?;
            }
            list = next;
            guard += 1;
        }
        Ok(())
    }

    /// Make a jump list target the next instruction.
    pub fn jmp_tohere(&mut self, list: u32) -> PResult<()> {
        self.lasttarget = self.pc();
        let mut jpc = self.jpc;
        self.jmp_append(&mut jpc, list)?;
        self.jpc = jpc;
        Ok(())
    }

    /// Make a jump list target `target` (here or backwards).
    pub fn jmp_patch(&mut self, list: u32, target: u32) -> PResult<()> {
        if target == self.pc() {
            self.jmp_tohere(list)
        } else {
            self.patch_val(list, target, NO_REG, target)
        }
    }

    /// Emit a jump (or reuse a just-emitted UCLO as one), taking over pending jumps.
    pub fn emit_jmp(&mut self) -> PResult<u32> {
        let jpc = std::mem::replace(&mut self.jpc, NO_JMP);
        let mut j = self.pc().wrapping_sub(1);
        let ip = self.ins(j);
        if self.pc() >= 1 && j as i32 >= self.lasttarget as i32 && bc_op(ip) == Op::UCLO as u8 {
            self.modify(j, |i| bc::set_d(i, (BCBIAS_J - 1) as u32));
            self.lasttarget = j + 1;
        } else {
            j = self.emit_aj(Op::JMP, self.freereg, -1)?;
        }
        self.jmp_append(&mut j, jpc)?;
        Ok(j)
    }

    // -- Discharging expressions -----------------------------------------------------

    /// Turn variables and calls into a register or a relocatable instruction.
    pub fn discharge(&mut self, e: &mut ExpDesc) -> PResult<()> {
        let ins = match e.k {
            EK::Upval => ins_ad(Op::UGET, 0, e.info),
            EK::Global => ins_ad(Op::GGET, 0, self.const_str(&e.sval)),
            EK::Indexed => {
                let rc = e.aux;
                let ins = if (rc as i32) < 0 {
                    ins_abc(Op::TGETS, 0, e.info, !rc)
                } else if rc > BCMAX_C {
                    ins_abc(Op::TGETB, 0, e.info, rc - (BCMAX_C + 1))
                } else {
                    self.reg_free(rc);
                    ins_abc(Op::TGETV, 0, e.info, rc)
                };
                self.reg_free(e.info);
                ins
            }
            EK::Call => {
                e.info = e.aux;
                e.k = EK::Nonreloc;
                return Ok(());
            }
            EK::Local => {
                e.k = EK::Nonreloc;
                return Ok(());
            }
            _ => return Ok(()),
        };
        e.info = self.emit(ins)?;
        e.k = EK::Relocable;
        Ok(())
    }

    /// Put an expression without jumps into `reg`.
    pub fn toreg_nobranch(&mut self, e: &mut ExpDesc, reg: u32) -> PResult<()> {
        self.discharge(e)?;
        let ins = match e.k {
            EK::Str => ins_ad(Op::KSTR, reg, self.const_str(&e.sval)),
            EK::Num => {
                let n = e.nval;
                let k = n as i32;
                if (-32768..=32767).contains(&k) && n == k as f64 {
                    ins_ad(Op::KSHORT, reg, (k as u16) as u32)
                } else {
                    ins_ad(Op::KNUM, reg, self.const_num(n))
                }
            }
            EK::Relocable => {
                self.modify(e.info, |i| bc::set_a(i, reg));
                e.info = reg;
                e.k = EK::Nonreloc;
                return Ok(());
            }
            EK::Nonreloc => {
                if reg == e.info {
                    e.k = EK::Nonreloc;
                    return Ok(());
                }
                ins_ad(Op::MOV, reg, e.info)
            }
            EK::Nil => {
                self.emit_nil(reg, 1)?;
                e.info = reg;
                e.k = EK::Nonreloc;
                return Ok(());
            }
            EK::False | EK::True => ins_ad(Op::KPRI, reg, e.pri()),
            _ => return Ok(()),
        };
        self.emit(ins)?;
        e.info = reg;
        e.k = EK::Nonreloc;
        Ok(())
    }

    /// Put an expression into `reg`, materialising its jump lists as booleans.
    pub fn toreg(&mut self, e: &mut ExpDesc, reg: u32) -> PResult<()> {
        self.toreg_nobranch(e, reg)?;
        if e.k == EK::Jmp {
            let mut t = e.t;
            self.jmp_append(&mut t, e.info)?;
            e.t = t;
        }
        if e.has_jump() {
            let mut jfalse = NO_JMP;
            let mut jtrue = NO_JMP;
            if self.jmp_novalue(e.t) || self.jmp_novalue(e.f) {
                let jval = if e.k == EK::Jmp {
                    NO_JMP
                } else {
                    self.emit_jmp()?
                };
                jfalse = self.emit_ad(Op::KPRI, reg, EK::False as u32)?;
                self.emit_aj(Op::JMP, self.freereg, 1)?;
                jtrue = self.emit_ad(Op::KPRI, reg, EK::True as u32)?;
                self.jmp_tohere(jval)?;
            }
            let jend = self.pc();
            self.lasttarget = jend;
            self.patch_val(e.f, jend, reg, jfalse)?;
            self.patch_val(e.t, jend, reg, jtrue)?;
        }
        e.f = NO_JMP;
        e.t = NO_JMP;
        e.info = reg;
        e.k = EK::Nonreloc;
        Ok(())
    }

    /// Put an expression into the next free register.
    pub fn tonextreg(&mut self, e: &mut ExpDesc) -> PResult<()> {
        self.discharge(e)?;
        self.expr_free(e);
        self.reserve(1)?;
        let reg = self.freereg - 1;
        self.toreg(e, reg)
    }

    /// Put an expression into some register and return it.
    pub fn toanyreg(&mut self, e: &mut ExpDesc) -> PResult<u32> {
        self.discharge(e)?;
        if e.k == EK::Nonreloc {
            if !e.has_jump() {
                return Ok(e.info);
            }
            if e.info >= self.nactvar {
                let reg = e.info;
                self.toreg(e, reg)?;
                return Ok(e.info);
            }
        }
        self.tonextreg(e)?;
        Ok(e.info)
    }

    /// Discharge to a value: a register for expressions with jumps, else as is.
    pub fn toval(&mut self, e: &mut ExpDesc) -> PResult<()> {
        if e.has_jump() {
            self.toanyreg(e)?;
            Ok(())
        } else {
            self.discharge(e)
        }
    }

    // -- Branches --------------------------------------------------------------------

    /// Flip the comparison guarding the jump of a `Jmp` expression.
    pub fn invertcond(&mut self, e: &ExpDesc) {
        if e.info >= 1 {
            self.modify(e.info - 1, |i| {
                let op = bc_op(*i) ^ 1;
                *i = (*i & !0xff) | op as u32;
            });
        }
    }

    /// Emit a test of `e` and a jump taken when its truth is `cond`.
    fn emit_branch(&mut self, e: &mut ExpDesc, cond: bool) -> PResult<u32> {
        if e.k == EK::Relocable {
            let ip = self.ins(e.info);
            if bc_op(ip) == Op::NOT as u8 {
                let op = if cond { Op::ISF } else { Op::IST };
                self.set_ins(e.info, ins_ad(op, 0, bc_d(ip)));
                return self.emit_jmp();
            }
        }
        if e.k != EK::Nonreloc {
            self.reserve(1)?;
            let reg = self.freereg - 1;
            self.toreg_nobranch(e, reg)?;
        }
        let op = if cond { Op::ISTC } else { Op::ISFC };
        self.emit_ad(op, NO_REG, e.info)?;
        let pc = self.emit_jmp()?;
        self.expr_free(e);
        Ok(pc)
    }

    /// Branch on true: fall through if `e` is true, jump (false list) otherwise.
    pub fn branch_t(&mut self, e: &mut ExpDesc) -> PResult<()> {
        self.discharge(e)?;
        let pc = match e.k {
            EK::Str | EK::Num | EK::True => NO_JMP,
            EK::Jmp => {
                self.invertcond(e);
                e.info
            }
            EK::False | EK::Nil => {
                self.toreg_nobranch(e, NO_REG)?;
                self.emit_jmp()?
            }
            _ => self.emit_branch(e, false)?,
        };
        let mut f = e.f;
        self.jmp_append(&mut f, pc)?;
        e.f = f;
        self.jmp_tohere(e.t)?;
        e.t = NO_JMP;
        Ok(())
    }

    /// Branch on false: fall through if `e` is false, jump (true list) otherwise.
    pub fn branch_f(&mut self, e: &mut ExpDesc) -> PResult<()> {
        self.discharge(e)?;
        let pc = match e.k {
            EK::Nil | EK::False => NO_JMP,
            EK::Jmp => e.info,
            EK::Str | EK::Num | EK::True => {
                self.toreg_nobranch(e, NO_REG)?;
                self.emit_jmp()?
            }
            _ => self.emit_branch(e, true)?,
        };
        let mut t = e.t;
        self.jmp_append(&mut t, pc)?;
        e.t = t;
        self.jmp_tohere(e.f)?;
        e.f = NO_JMP;
        Ok(())
    }

    // -- Operators -------------------------------------------------------------------

    /// Fold arithmetic on two number constants, unless the result is NaN or -0.
    fn foldarith(op: BinOp, e1: &mut ExpDesc, e2: &ExpDesc) -> bool {
        if !e1.is_numk_nojump() || !e2.is_numk_nojump() {
            return false;
        }
        let (a, b) = (e1.nval, e2.nval);
        let n = match op {
            BinOp::Add => a + b,
            BinOp::Sub => a - b,
            BinOp::Mul => a * b,
            BinOp::Div => a / b,
            BinOp::Mod => crate::meta::lua_mod(a, b),
            BinOp::Pow => crate::meta::lua_pow(a, b),
            _ => return false,
        };
        if n.is_nan() || (n == 0.0 && n.is_sign_negative()) {
            return false;
        }
        e1.nval = n;
        true
    }

    /// Free the operand registers of a binary instruction (highest first).
    fn free_operands(&mut self, e1: &ExpDesc, e2: &ExpDesc) {
        if e1.k == EK::Nonreloc && e1.info >= self.nactvar {
            self.freereg = self.freereg.saturating_sub(1);
        }
        if e2.k == EK::Nonreloc && e2.info >= self.nactvar {
            self.freereg = self.freereg.saturating_sub(1);
        }
    }

    /// Arithmetic: fold, or pick the VV/VN/NV variant.
    fn emit_arith(&mut self, op: BinOp, e1: &mut ExpDesc, e2: &mut ExpDesc) -> PResult<()> {
        if Self::foldarith(op, e1, e2) {
            return Ok(());
        }
        let (ins_op, rb, rc);
        if op == BinOp::Pow {
            rc = self.toanyreg(e2)?;
            rb = self.toanyreg(e1)?;
            ins_op = Op::POW;
        } else {
            let idx = op.arith_index();
            // The second operand first: an indexed one may free registers.
            self.toval(e2)?;
            let mut vv = true;
            let mut c = 0;
            if e2.is_numk() {
                c = self.const_num(e2.nval);
                if c <= BCMAX_C {
                    vv = false;
                }
            }
            if vv {
                c = self.toanyreg(e2)?;
            }
            self.toval(e1)?;
            let mut t = 0;
            let nv = e1.is_numk() && !e2.is_numk() && {
                t = self.const_num(e1.nval);
                t <= BCMAX_B
            };
            if nv {
                rb = c;
                rc = t;
                ins_op = Op::ALL[Op::ADDNV as usize + idx];
            } else {
                rb = self.toanyreg(e1)?;
                rc = c;
                ins_op = if vv {
                    Op::ALL[Op::ADDVV as usize + idx]
                } else {
                    Op::ALL[Op::ADDVN as usize + idx]
                };
            }
        }
        self.free_operands(e1, e2);
        e1.info = self.emit_abc(ins_op, 0, rb, rc)?;
        e1.k = EK::Relocable;
        Ok(())
    }

    /// Comparison: emit the test and a jump; the result is a `Jmp` expression.
    fn emit_comp(&mut self, op: BinOp, e1: &mut ExpDesc, e2: &mut ExpDesc) -> PResult<()> {
        self.toval(e1)?;
        let ins;
        // Which descriptor ends up holding the result (always the left one).
        let swapped;
        if op == BinOp::Eq || op == BinOp::Ne {
            let base = if op == BinOp::Eq {
                Op::ISEQV
            } else {
                Op::ISNEV
            };
            let (a, b): (&mut ExpDesc, &mut ExpDesc) = if e1.is_k() {
                swapped = true;
                (e2, e1)
            } else {
                swapped = false;
                (e1, e2)
            };
            let ra = self.toanyreg(a)?;
            self.toval(b)?;
            let shift = |o: Op| Op::ALL[base as usize + (o as usize - Op::ISEQV as usize)];
            ins = match b.k {
                EK::Nil | EK::False | EK::True => ins_ad(shift(Op::ISEQP), ra, b.pri()),
                EK::Str => ins_ad(shift(Op::ISEQS), ra, self.const_str(&b.sval)),
                EK::Num => ins_ad(shift(Op::ISEQN), ra, self.const_num(b.nval)),
                _ => ins_ad(base, ra, self.toanyreg(b)?),
            };
            self.free_operands(a, b);
        } else {
            let (opc, ra, rd);
            if op == BinOp::Gt || op == BinOp::Ge {
                // a > b is b < a; a >= b is b <= a.
                opc = if op == BinOp::Gt { Op::ISLT } else { Op::ISLE };
                self.toval(e2)?;
                ra = self.toanyreg(e2)?;
                rd = self.toanyreg(e1)?;
                swapped = true;
            } else {
                opc = if op == BinOp::Lt { Op::ISLT } else { Op::ISLE };
                rd = self.toanyreg(e2)?;
                ra = self.toanyreg(e1)?;
                swapped = false;
            }
            ins = ins_ad(opc, ra, rd);
            if swapped {
                self.free_operands(e2, e1);
            } else {
                self.free_operands(e1, e2);
            }
        }
        let _ = swapped;
        self.emit(ins)?;
        e1.info = self.emit_jmp()?;
        e1.k = EK::Jmp;
        e1.t = NO_JMP;
        e1.f = NO_JMP;
        Ok(())
    }

    /// Prepare the left operand before the right one is parsed.
    pub fn binop_left(&mut self, op: BinOp, e: &mut ExpDesc) -> PResult<()> {
        match op {
            BinOp::And => self.branch_t(e),
            BinOp::Or => self.branch_f(e),
            BinOp::Concat => self.tonextreg(e),
            BinOp::Eq | BinOp::Ne => {
                if !e.is_k_nojump() {
                    self.toanyreg(e)?;
                }
                Ok(())
            }
            _ => {
                if !e.is_numk_nojump() {
                    self.toanyreg(e)?;
                }
                Ok(())
            }
        }
    }

    /// Emit a binary operator; the result replaces `e1`.
    pub fn binop(&mut self, op: BinOp, e1: &mut ExpDesc, mut e2: ExpDesc) -> PResult<()> {
        match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Mod | BinOp::Pow => {
                self.emit_arith(op, e1, &mut e2)
            }
            BinOp::And => {
                self.discharge(&mut e2)?;
                let mut f = e2.f;
                self.jmp_append(&mut f, e1.f)?;
                e2.f = f;
                *e1 = e2;
                Ok(())
            }
            BinOp::Or => {
                self.discharge(&mut e2)?;
                let mut t = e2.t;
                self.jmp_append(&mut t, e1.t)?;
                e2.t = t;
                *e1 = e2;
                Ok(())
            }
            BinOp::Concat => {
                self.toval(&mut e2)?;
                if e2.k == EK::Relocable && bc_op(self.ins(e2.info)) == Op::CAT as u8 {
                    // Extend the right operand's CAT downwards to start at e1.
                    self.expr_free(e1);
                    let start = e1.info;
                    self.modify(e2.info, |i| bc::set_b(i, start));
                    e1.info = e2.info;
                } else {
                    self.tonextreg(&mut e2)?;
                    self.expr_free(&e2);
                    self.expr_free(e1);
                    e1.info = self.emit_abc(Op::CAT, 0, e1.info, e2.info)?;
                }
                e1.k = EK::Relocable;
                Ok(())
            }
            _ => self.emit_comp(op, e1, &mut e2),
        }
    }

    /// Emit a unary operator (folding `-` on non-zero number constants).
    pub fn unop(&mut self, op: Op, e: &mut ExpDesc) -> PResult<()> {
        if op == Op::NOT {
            std::mem::swap(&mut e.f, &mut e.t);
            self.jmp_dropval(e.f);
            self.jmp_dropval(e.t);
            self.discharge(e)?;
            match e.k {
                EK::Nil | EK::False => {
                    e.k = EK::True;
                    return Ok(());
                }
                k if k <= EK::Num => {
                    e.k = EK::False;
                    return Ok(());
                }
                EK::Jmp => {
                    self.invertcond(e);
                    return Ok(());
                }
                EK::Relocable => {
                    self.reserve(1)?;
                    let reg = self.freereg - 1;
                    self.modify(e.info, |i| bc::set_a(i, reg));
                    e.info = reg;
                    e.k = EK::Nonreloc;
                }
                _ => {}
            }
        } else {
            if op == Op::UNM && !e.has_jump() && e.is_numk() && e.nval != 0.0 {
                e.nval = -e.nval;
                return Ok(());
            }
            self.toanyreg(e)?;
        }
        self.expr_free(e);
        e.info = self.emit_ad(op, 0, e.info)?;
        e.k = EK::Relocable;
        Ok(())
    }
}

/// Binary operators, with their left and right priorities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Concat,
    Ne,
    Eq,
    Lt,
    Ge,
    Le,
    Gt,
    And,
    Or,
}

impl BinOp {
    /// (left, right) priority; right < left makes an operator right-associative.
    pub fn priority(self) -> (u32, u32) {
        match self {
            BinOp::Add | BinOp::Sub => (6, 6),
            BinOp::Mul | BinOp::Div | BinOp::Mod => (7, 7),
            BinOp::Pow => (10, 9),
            BinOp::Concat => (5, 4),
            BinOp::Ne | BinOp::Eq | BinOp::Lt | BinOp::Ge | BinOp::Le | BinOp::Gt => (3, 3),
            BinOp::And => (2, 2),
            BinOp::Or => (1, 1),
        }
    }

    /// Offset of an arithmetic operator within the ADD..MOD opcode groups.
    fn arith_index(self) -> usize {
        match self {
            BinOp::Add => 0,
            BinOp::Sub => 1,
            BinOp::Mul => 2,
            BinOp::Div => 3,
            _ => 4,
        }
    }
}

/// Priority of unary operators.
pub const UNARY_PRIORITY: u32 = 8;

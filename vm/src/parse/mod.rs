//! Parser and bytecode compiler: one pass, recursive descent, LuaJIT's design.
//!
//! `parse` turns source text into a `ProtoData` tree. Statements live here; the
//! expression grammar is in `expr`, and per-function emission state (registers, jump
//! lists, constants, expression descriptors) in `func_state`.

mod expr;
mod func_state;

use std::rc::Rc;

use crate::bc::{self, bc_op, ins_ad, Op};
pub use crate::lex::SyntaxError;
use crate::lex::{format_error, Lexer, Near, PErr, Tok, Token};
#[cfg(test)]
use crate::proto::KValue;
use crate::proto::{KGc, ProtoData, VarInfo, PROTO_CHILD, PROTO_VARARG, UV_IMMUTABLE, UV_LOCAL};
use expr::MAX_XLEVEL;
use func_state::{
    ExpDesc, FuncState, PResult, Scope, EK, FLAG_FIXUP_RETURN, FLAG_HAS_RETURN, FSCOPE_BREAK,
    FSCOPE_GOLA, FSCOPE_LOOP, FSCOPE_NOCLOSE, FSCOPE_UPVAL, MAX_VSTACK, NO_JMP,
};

/// Most active local variables per function, and upvalues per function.
const MAX_LOCVAR: u32 = 200;
const MAX_UPVAL: u32 = 60;

/// Variable-stack entry flags.
const VSTACK_VAR_RW: u8 = 0x01;
const VSTACK_GOTO: u8 = 0x02;
const VSTACK_LABEL: u8 = 0x04;

/// Name of a variable-stack entry.
#[derive(Clone, Debug, PartialEq)]
enum VName {
    /// A resolved goto or a label gone out of scope.
    Null,
    /// `break` and the implicit label at the end of a loop.
    Break,
    Name(Rc<[u8]>),
}

impl VName {
    /// Is this the given name?
    fn is(&self, s: &[u8]) -> bool {
        matches!(self, VName::Name(n) if &n[..] == s)
    }
}

/// A local variable, pending goto, or label.
#[derive(Clone, Debug)]
struct VarSlot {
    name: VName,
    startpc: u32,
    endpc: u32,
    slot: u32,
    info: u8,
}

impl Token {
    /// Placeholder token before the first scan.
    pub fn eof() -> Token {
        Token {
            tok: Tok::Eof,
            text: Vec::new(),
            open: 0,
            num: 0.0,
        }
    }
}

/// Compile a chunk. `chunkname` is `@file`, `=name` or the source itself.
pub fn parse(src: &[u8], chunkname: &[u8]) -> Result<ProtoData, SyntaxError> {
    let mut p = Parser {
        lx: Lexer::new(src),
        chunkname: chunkname.to_vec(),
        tok: Token::eof(),
        ahead: None,
        lastline: 1,
        level: 0,
        vstack: Vec::new(),
        fs: FuncState::new(0, 0, 1),
        outer: Vec::new(),
        child_uvs: Vec::new(),
    };
    match p.parse_main() {
        Ok(pd) => Ok(pd),
        Err(e) => Err(p.format(e)),
    }
}

/// The parser: lexer state, the variable stack and the function-state stack.
pub struct Parser<'a> {
    lx: Lexer<'a>,
    chunkname: Vec<u8>,
    tok: Token,
    ahead: Option<Token>,
    /// Line where the previous token ended (instructions get this line).
    lastline: u32,
    level: u32,
    vstack: Vec<VarSlot>,
    fs: FuncState,
    outer: Vec<FuncState>,
    /// Per function on the stack: unresolved upvalue sources of its children.
    child_uvs: Vec<Vec<(u32, Vec<u32>)>>,
}

impl<'a> Parser<'a> {
    /// Format an error with the chunk name, line and `near` token.
    fn format(&self, e: PErr) -> SyntaxError {
        let line = e.line.unwrap_or(self.lx.line);
        let near = match e.near {
            Near::None => None,
            Near::Cur => self.tok.near(),
            Near::Text(t) => Some(t),
        };
        format_error(&self.chunkname, line, &e.msg, near.as_deref())
    }

    // -- Tokens ----------------------------------------------------------------------

    /// Advance to the next token (or the lookahead).
    fn next(&mut self) -> PResult<()> {
        self.lastline = self.lx.line;
        self.fs.lastline = self.lastline;
        self.tok = match self.ahead.take() {
            Some(t) => t,
            None => self.lx.scan()?,
        };
        Ok(())
    }

    /// Peek at the token after the current one.
    fn lookahead(&mut self) -> PResult<Tok> {
        if self.ahead.is_none() {
            self.ahead = Some(self.lx.scan()?);
        }
        Ok(self.ahead.as_ref().map_or(Tok::Eof, |t| t.tok))
    }

    /// Skip the current token if it is `t`.
    fn opt(&mut self, t: Tok) -> PResult<bool> {
        if self.tok.tok == t {
            self.next()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// "'x' expected" near the current token.
    fn err_token(&self, t: Tok) -> PErr {
        PErr::new(
            format!("'{}' expected", String::from_utf8_lossy(&t.name())),
            Near::Cur,
        )
    }

    /// Require and skip token `t`.
    fn check(&mut self, t: Tok) -> PResult<()> {
        if self.tok.tok != t {
            return Err(self.err_token(t));
        }
        self.next()
    }

    /// Expect `what` closing `who` opened at `line`.
    fn check_match(&mut self, what: Tok, who: Tok, line: u32) -> PResult<()> {
        if self.opt(what)? {
            return Ok(());
        }
        if line == self.lx.line {
            Err(self.err_token(what))
        } else {
            Err(PErr::new(
                format!(
                    "'{}' expected (to close '{}' at line {})",
                    String::from_utf8_lossy(&what.name()),
                    String::from_utf8_lossy(&who.name()),
                    line
                ),
                Near::Cur,
            ))
        }
    }

    /// A name (`goto` counts as one outside statement position, as in Lua 5.1).
    fn str_checkname(&mut self) -> PResult<Rc<[u8]>> {
        if self.tok.tok != Tok::Name && self.tok.tok != Tok::Goto {
            return Err(self.err_token(Tok::Name));
        }
        let s: Rc<[u8]> = Rc::from(std::mem::take(&mut self.tok.text));
        self.next()?;
        Ok(s)
    }

    /// The value of the current string token (the token is consumed by the caller).
    fn take_string(&mut self) -> Rc<[u8]> {
        let tok = std::mem::replace(&mut self.tok, Token::eof());
        let s = Rc::from(tok.into_string());
        self.tok.tok = Tok::String;
        s
    }

    /// "main function has more than N things" / "function at line L has more than ...".
    fn err_limit(linedefined: u32, limit: u32, what: &str) -> PErr {
        let msg = if linedefined == 0 {
            format!("main function has more than {limit} {what}")
        } else {
            format!("function at line {linedefined} has more than {limit} {what}")
        };
        PErr::new(msg, Near::None)
    }

    // -- Variables -------------------------------------------------------------------

    /// The function `depth` levels out from the current one.
    fn fs_at(&mut self, depth: usize) -> Option<&mut FuncState> {
        if depth == 0 {
            Some(&mut self.fs)
        } else {
            let n = self.outer.len();
            n.checked_sub(depth)
                .and_then(move |i| self.outer.get_mut(i))
        }
    }

    /// Declare the `n`th new local (not active until `var_add`).
    fn var_new(&mut self, n: u32, name: Rc<[u8]>) -> PResult<()> {
        if self.fs.nactvar + n >= MAX_LOCVAR {
            return Err(Self::err_limit(
                self.fs.linedefined,
                MAX_LOCVAR,
                "local variables",
            ));
        }
        if self.vstack.len() >= MAX_VSTACK as usize {
            return Err(PErr::new(
                format!("chunk has more than {MAX_VSTACK} local variables"),
                Near::None,
            ));
        }
        let vtop = self.vstack.len();
        self.vstack.push(VarSlot {
            name: VName::Name(name),
            startpc: 0,
            endpc: 0,
            slot: 0,
            info: 0,
        });
        let idx = (self.fs.nactvar + n) as usize;
        if let Some(m) = self.fs.varmap.get_mut(idx) {
            *m = vtop as u16;
        }
        Ok(())
    }

    /// Declare a local with a fixed name.
    fn var_new_lit(&mut self, n: u32, name: &str) -> PResult<()> {
        self.var_new(n, Rc::from(name.as_bytes()))
    }

    /// Activate the last `nvars` declared locals.
    fn var_add(&mut self, nvars: u32) {
        for _ in 0..nvars {
            let slot = self.fs.nactvar;
            let vidx = self.fs.varmap.get(slot as usize).copied().unwrap_or(0) as usize;
            let pc = self.fs.pc();
            if let Some(v) = self.vstack.get_mut(vidx) {
                v.startpc = pc;
                v.slot = slot;
                v.info = 0;
            }
            self.fs.nactvar += 1;
        }
    }

    /// Deactivate locals down to `tolevel`.
    fn var_remove(&mut self, tolevel: u32) {
        while self.fs.nactvar > tolevel {
            self.fs.nactvar -= 1;
            let vidx = self
                .fs
                .varmap
                .get(self.fs.nactvar as usize)
                .copied()
                .unwrap_or(0);
            let pc = self.fs.pc();
            if let Some(v) = self.vstack.get_mut(vidx as usize) {
                v.endpc = pc;
            }
        }
    }

    /// Resolve the name at the current token: local, upvalue or global.
    fn var_lookup(&mut self) -> PResult<ExpDesc> {
        let name = self.str_checkname()?;
        let mut e = ExpDesc::new(EK::Global, 0);
        self.lookup_at(0, &name, &mut e, true)?;
        if e.k == EK::Global {
            e.sval = name;
        }
        Ok(e)
    }

    /// Look a name up in the function `depth` levels out; returns its variable index.
    fn lookup_at(
        &mut self,
        depth: usize,
        name: &[u8],
        e: &mut ExpDesc,
        first: bool,
    ) -> PResult<Option<u32>> {
        let vstack = &self.vstack;
        let Some(fs) = (if depth == 0 {
            Some(&mut self.fs)
        } else {
            let n = self.outer.len();
            n.checked_sub(depth).and_then(|i| self.outer.get_mut(i))
        }) else {
            *e = ExpDesc::new(EK::Global, 0);
            return Ok(None);
        };
        let mut found = None;
        for reg in (0..fs.nactvar).rev() {
            let vidx = fs.varmap.get(reg as usize).copied().unwrap_or(0) as usize;
            if vstack.get(vidx).is_some_and(|v| v.name.is(name)) {
                found = Some((reg, vidx as u32));
                break;
            }
        }
        if let Some((reg, vidx)) = found {
            *e = ExpDesc::new(EK::Local, reg);
            if !first {
                // The local is captured: its scope must close upvalues.
                if let Some(s) = fs.scopes.iter_mut().rev().find(|s| s.nactvar <= reg) {
                    s.flags |= FSCOPE_UPVAL;
                }
            }
            e.aux = vidx;
            return Ok(Some(vidx));
        }
        match self.lookup_at(depth + 1, name, e, false)? {
            Some(vidx) => {
                let idx = self.lookup_uv(depth, vidx, e)?;
                e.info = idx;
                e.k = EK::Upval;
                Ok(Some(vidx))
            }
            None => Ok(None),
        }
    }

    /// Find or add the upvalue for variable `vidx` in the function `depth` levels out.
    fn lookup_uv(&mut self, depth: usize, vidx: u32, e: &ExpDesc) -> PResult<u32> {
        let Some(fs) = self.fs_at(depth) else {
            return Ok(0);
        };
        if let Some(i) = fs.uvmap.iter().position(|&v| v == vidx) {
            return Ok(i as u32);
        }
        let n = fs.uvmap.len() as u32;
        if n >= MAX_UPVAL {
            return Err(Self::err_limit(fs.linedefined, MAX_UPVAL, "upvalues"));
        }
        fs.uvmap.push(vidx);
        fs.uvtmp.push(if e.k == EK::Local {
            vidx
        } else {
            MAX_VSTACK + e.info
        });
        Ok(n)
    }

    /// Name of the active local in register `slot`.
    fn var_name_at_slot(&self, slot: u32) -> Vec<u8> {
        let vidx = self.fs.varmap.get(slot as usize).copied().unwrap_or(0) as usize;
        match self.vstack.get(vidx).map(|v| &v.name) {
            Some(VName::Name(n)) => n.to_vec(),
            _ => Vec::new(),
        }
    }

    // -- Scopes, gotos and labels ----------------------------------------------------

    /// Open a block scope.
    fn scope_begin(&mut self, flags: u8) {
        self.fs.scopes.push(Scope {
            vstart: self.vstack.len(),
            nactvar: self.fs.nactvar,
            flags,
        });
    }

    /// Set flags on the innermost scope.
    fn scope_flags(&mut self, flags: u8) {
        if let Some(s) = self.fs.scopes.last_mut() {
            s.flags |= flags;
        }
    }

    /// Close a block scope: deactivate locals, close upvalues, settle gotos.
    fn scope_end(&mut self) -> PResult<()> {
        let Some(bl) = self.fs.scopes.pop() else {
            return Ok(());
        };
        self.var_remove(bl.nactvar);
        self.fs.freereg = self.fs.nactvar;
        if bl.flags & (FSCOPE_UPVAL | FSCOPE_NOCLOSE) == FSCOPE_UPVAL {
            self.fs.emit_aj(Op::UCLO, bl.nactvar, 0)?;
        }
        if bl.flags & FSCOPE_BREAK != 0 {
            if bl.flags & FSCOPE_LOOP != 0 {
                let pc = self.fs.pc();
                let idx = self.gola_new(VName::Break, VSTACK_LABEL, pc)?;
                self.gola_resolve(bl.vstart, idx)?;
                self.vstack.truncate(idx);
            } else {
                return self.gola_fixup(&bl);
            }
        }
        if bl.flags & FSCOPE_GOLA != 0 {
            self.gola_fixup(&bl)?;
        }
        Ok(())
    }

    /// Record a pending goto or a label on the variable stack.
    fn gola_new(&mut self, name: VName, info: u8, pc: u32) -> PResult<usize> {
        if self.vstack.len() >= MAX_VSTACK as usize {
            return Err(PErr::new(
                format!("chunk has more than {MAX_VSTACK} local variables"),
                Near::None,
            ));
        }
        self.vstack.push(VarSlot {
            name,
            startpc: pc,
            endpc: 0,
            slot: self.fs.nactvar,
            info,
        });
        Ok(self.vstack.len() - 1)
    }

    /// Point goto `vg` at label `vl`.
    fn gola_patch(&mut self, vg: usize, vl: usize) -> PResult<()> {
        let (Some(g), Some(l)) = (self.vstack.get(vg).cloned(), self.vstack.get(vl).cloned())
        else {
            return Ok(());
        };
        if let Some(v) = self.vstack.get_mut(vg) {
            v.name = VName::Null;
        }
        let mut i = self.fs.ins(g.startpc);
        bc::set_a(&mut i, l.slot);
        self.fs.set_ins(g.startpc, i);
        self.fs.jmp_patch(g.startpc, l.startpc)
    }

    /// Turn a goto leaving a scope with upvalues into a UCLO (jumps via it).
    fn gola_close(&mut self, vg: usize) -> PResult<()> {
        let Some(g) = self.vstack.get(vg).cloned() else {
            return Ok(());
        };
        let pc = g.startpc;
        let mut i = self.fs.ins(pc);
        bc::set_a(&mut i, g.slot);
        self.fs.set_ins(pc, i);
        if bc_op(i) == Op::JMP as u8 {
            let next = self.fs.jmp_next(pc);
            if next != NO_JMP {
                self.fs.jmp_patch(next, pc)?;
            }
            let mut i = self.fs.ins(pc);
            bc::set_op(&mut i, Op::UCLO);
            bc::set_d(&mut i, (bc::BCBIAS_J - 1) as u32);
            self.fs.set_ins(pc, i);
        }
        Ok(())
    }

    /// Resolve pending gotos of the scope starting at `vstart` to the new label `idx`.
    fn gola_resolve(&mut self, vstart: usize, idx: usize) -> PResult<()> {
        let Some(vl) = self.vstack.get(idx).cloned() else {
            return Ok(());
        };
        for vg in vstart..idx {
            let g = match self.vstack.get(vg) {
                Some(g) if g.name == vl.name && g.info & VSTACK_GOTO != 0 => g.clone(),
                _ => continue,
            };
            if g.slot < vl.slot {
                let local = self.var_name_at_slot(g.slot);
                let gname = match &g.name {
                    VName::Name(n) => n.to_vec(),
                    _ => Vec::new(),
                };
                let mut e = PErr::new(
                    format!(
                        "<goto {}> jumps into the scope of local '{}'",
                        String::from_utf8_lossy(&gname),
                        String::from_utf8_lossy(&local)
                    ),
                    Near::None,
                );
                e.line = self.fs.lines.get(g.startpc as usize).copied();
                return Err(e);
            }
            self.gola_patch(vg, idx)?;
        }
        Ok(())
    }

    /// At scope end: resolve backward gotos to its labels, pass other gotos outwards.
    fn gola_fixup(&mut self, bl: &Scope) -> PResult<()> {
        let vtop = self.vstack.len();
        for v in bl.vstart..vtop {
            let Some(entry) = self.vstack.get(v).cloned() else {
                continue;
            };
            if entry.name == VName::Null {
                continue;
            }
            if entry.info & VSTACK_LABEL != 0 {
                self.vstack[v].name = VName::Null;
                for vg in v + 1..vtop {
                    let g = &self.vstack[vg];
                    if g.name == entry.name && g.info & VSTACK_GOTO != 0 {
                        if bl.flags & FSCOPE_UPVAL != 0 && g.slot > entry.slot {
                            self.gola_close(vg)?;
                        }
                        self.gola_patch(vg, v)?;
                    }
                }
            } else if entry.info & VSTACK_GOTO != 0 {
                if let Some(prev) = self.fs.scopes.last_mut() {
                    prev.flags |= if entry.name == VName::Break {
                        FSCOPE_BREAK
                    } else {
                        FSCOPE_GOLA
                    };
                    self.vstack[v].slot = bl.nactvar;
                    if bl.flags & FSCOPE_UPVAL != 0 {
                        self.gola_close(v)?;
                    }
                } else {
                    let msg = match &entry.name {
                        VName::Name(n) => {
                            format!("undefined label '{}'", String::from_utf8_lossy(n))
                        }
                        _ => "no loop to break".to_string(),
                    };
                    let mut e = PErr::new(msg, Near::None);
                    e.line = self.fs.lines.get(entry.startpc as usize).copied();
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// A label of the current scope with this name, if any.
    fn find_label(&self, name: &[u8]) -> Option<usize> {
        let vstart = self.fs.scopes.last().map_or(0, |s| s.vstart);
        (vstart..self.vstack.len())
            .find(|&i| self.vstack[i].info & VSTACK_LABEL != 0 && self.vstack[i].name.is(name))
    }

    // -- Assignment ------------------------------------------------------------------

    /// Store `e` into the variable `var`.
    fn store(&mut self, var: &mut ExpDesc, e: &mut ExpDesc) -> PResult<()> {
        let ins = match var.k {
            EK::Local => {
                if let Some(v) = self.vstack.get_mut(var.aux as usize) {
                    v.info |= VSTACK_VAR_RW;
                }
                self.fs.expr_free(e);
                return self.fs.toreg(e, var.info);
            }
            EK::Upval => {
                if let Some(v) = self.vstack.get_mut(var.aux as usize) {
                    v.info |= VSTACK_VAR_RW;
                }
                self.fs.toval(e)?;
                match e.k {
                    EK::Nil | EK::False | EK::True => ins_ad(Op::USETP, var.info, e.pri()),
                    EK::Str => ins_ad(Op::USETS, var.info, self.fs.const_str(&e.sval)),
                    EK::Num => ins_ad(Op::USETN, var.info, self.fs.const_num(e.nval)),
                    _ => ins_ad(Op::USETV, var.info, self.fs.toanyreg(e)?),
                }
            }
            EK::Global => {
                let ra = self.fs.toanyreg(e)?;
                ins_ad(Op::GSET, ra, self.fs.const_str(&var.sval))
            }
            EK::Indexed => {
                let ra = self.fs.toanyreg(e)?;
                let rc = var.aux;
                if (rc as i32) < 0 {
                    bc::ins_abc(Op::TSETS, ra, var.info, !rc)
                } else if rc > 255 {
                    bc::ins_abc(Op::TSETB, ra, var.info, rc - 256)
                } else {
                    bc::ins_abc(Op::TSETV, ra, var.info, rc)
                }
            }
            _ => return Ok(()),
        };
        self.fs.emit(ins)?;
        self.fs.expr_free(e);
        Ok(())
    }

    /// Adjust `nexps` values to `nvars` targets (extra call results or nils).
    fn assign_adjust(&mut self, nvars: u32, nexps: u32, e: &mut ExpDesc) -> PResult<()> {
        let mut extra = nvars as i32 - nexps as i32;
        if e.k == EK::Call {
            extra += 1;
            if extra < 0 {
                extra = 0;
            }
            let mut i = self.fs.ins(e.info);
            bc::set_b(&mut i, (extra + 1) as u32);
            self.fs.set_ins(e.info, i);
            if extra > 1 {
                self.fs.reserve(extra as u32 - 1)?;
            }
        } else {
            if e.k != EK::Void {
                self.fs.tonextreg(e)?;
            }
            if extra > 0 {
                let reg = self.fs.freereg;
                self.fs.reserve(extra as u32)?;
                self.fs.emit_nil(reg, extra as u32)?;
            }
        }
        if nexps > nvars {
            self.fs.freereg -= nexps - nvars;
        }
        Ok(())
    }

    /// In `a, b[i] = ...` a later local target may be read by an earlier indexed one:
    /// copy it to a temporary first.
    fn assign_hazard(&mut self, lhs: &mut [ExpDesc], v: &ExpDesc) -> PResult<()> {
        let reg = v.info;
        let tmp = self.fs.freereg;
        let mut hazard = false;
        for lh in lhs.iter_mut().rev() {
            if lh.k == EK::Indexed {
                if lh.info == reg {
                    hazard = true;
                    lh.info = tmp;
                }
                if lh.aux == reg {
                    hazard = true;
                    lh.aux = tmp;
                }
            }
        }
        if hazard {
            self.fs.emit_ad(Op::MOV, tmp, reg)?;
            self.fs.reserve(1)?;
        }
        Ok(())
    }

    /// Only variables and fields can be assigned to.
    fn check_assignable(&self, v: &ExpDesc) -> PResult<()> {
        if EK::Local <= v.k && v.k <= EK::Indexed {
            Ok(())
        } else {
            Err(PErr::new("syntax error", Near::Cur))
        }
    }

    /// `lhs1, lhs2, ... = explist`.
    fn parse_assignment(&mut self, first: ExpDesc) -> PResult<()> {
        let mut lhs = vec![first];
        self.check_assignable(&lhs[0])?;
        while self.opt(Tok::Char(b','))? {
            let v = self.expr_primary()?;
            if v.k == EK::Local {
                self.assign_hazard(&mut lhs, &v)?;
            }
            if self.level + lhs.len() as u32 >= MAX_XLEVEL {
                return Err(Self::err_limit(
                    self.fs.linedefined,
                    MAX_XLEVEL,
                    "variable names",
                ));
            }
            lhs.push(v);
            self.check_assignable(&lhs[lhs.len() - 1])?;
        }
        self.check(Tok::Char(b'='))?;
        let nvars = lhs.len() as u32;
        let (mut e, nexps) = self.expr_list()?;
        let mut rest = lhs.len();
        if nexps == nvars {
            if e.k == EK::Call {
                if bc_op(self.fs.ins(e.info)) == Op::VARG as u8 {
                    self.fs.freereg -= 1;
                    e.k = EK::Relocable;
                } else {
                    e.info = e.aux;
                    e.k = EK::Nonreloc;
                }
            }
            if let Some(mut last) = lhs.pop() {
                self.store(&mut last, &mut e)?;
            }
            rest -= 1;
        } else {
            self.assign_adjust(nvars, nexps, &mut e)?;
        }
        for i in (0..rest).rev() {
            let mut e = ExpDesc::new(EK::Nonreloc, self.fs.freereg.wrapping_sub(1));
            let mut var = lhs[i].clone();
            self.store(&mut var, &mut e)?;
        }
        Ok(())
    }

    /// A call statement or an assignment.
    fn parse_call_assign(&mut self) -> PResult<()> {
        let v = self.expr_primary()?;
        if v.k == EK::Call {
            let mut i = self.fs.ins(v.info);
            bc::set_b(&mut i, 1);
            self.fs.set_ins(v.info, i);
            Ok(())
        } else {
            self.parse_assignment(v)
        }
    }

    /// `local function f` or `local a, b = ...`.
    fn parse_local(&mut self) -> PResult<()> {
        if self.opt(Tok::Function)? {
            let name = self.str_checkname()?;
            self.var_new(0, name)?;
            let reg = self.fs.freereg;
            self.fs.reserve(1)?;
            self.var_add(1);
            let line = self.lx.line;
            let mut b = self.parse_body(false, line)?;
            // A store without marking the variable as written: it stays immutable.
            self.fs.expr_free(&b);
            self.fs.toreg(&mut b, reg)?;
            let vidx = self
                .fs
                .varmap
                .get(self.fs.nactvar as usize - 1)
                .copied()
                .unwrap_or(0);
            let pc = self.fs.pc();
            if let Some(v) = self.vstack.get_mut(vidx as usize) {
                v.startpc = pc;
            }
            Ok(())
        } else {
            let mut nvars = 0;
            loop {
                let name = self.str_checkname()?;
                self.var_new(nvars, name)?;
                nvars += 1;
                if !self.opt(Tok::Char(b','))? {
                    break;
                }
            }
            let (mut e, nexps) = if self.opt(Tok::Char(b'='))? {
                self.expr_list()?
            } else {
                (ExpDesc::new(EK::Void, 0), 0)
            };
            self.assign_adjust(nvars, nexps, &mut e)?;
            self.var_add(nvars);
            Ok(())
        }
    }

    /// `function a.b.c:m() ... end`.
    fn parse_func(&mut self, line: u32) -> PResult<()> {
        self.next()?;
        let mut v = self.var_lookup()?;
        while self.tok.tok == Tok::Char(b'.') {
            self.expr_field(&mut v)?;
        }
        let mut needself = false;
        if self.tok.tok == Tok::Char(b':') {
            needself = true;
            self.expr_field(&mut v)?;
        }
        let mut b = self.parse_body(needself, line)?;
        self.store(&mut v, &mut b)?;
        let pc = self.fs.pc().wrapping_sub(1);
        self.fs.set_line(pc, line);
        Ok(())
    }

    // -- Control flow ----------------------------------------------------------------

    /// `return`, with tail calls and multiple results.
    fn parse_return(&mut self) -> PResult<()> {
        self.next()?;
        self.fs.flags |= FLAG_HAS_RETURN;
        let ins;
        if is_block_end(self.tok.tok) || self.tok.tok == Tok::Char(b';') {
            ins = ins_ad(Op::RET0, 0, 1);
        } else {
            let (mut e, nret) = self.expr_list()?;
            let nact = self.fs.nactvar;
            if nret == 1 && e.k == EK::Call && bc_op(self.fs.ins(e.info)) != Op::VARG as u8 {
                // Tail call.
                let ip = self.fs.ins(e.info);
                self.fs.bc.pop();
                self.fs.lines.pop();
                let op = if bc_op(ip) == Op::CALLM as u8 {
                    Op::CALLMT
                } else {
                    Op::CALLT
                };
                ins = ins_ad(op, bc::bc_a(ip), bc::bc_c(ip));
            } else if nret == 1 && e.k != EK::Call {
                ins = ins_ad(Op::RET1, self.fs.toanyreg(&mut e)?, 2);
            } else if e.k == EK::Call {
                let mut i = self.fs.ins(e.info);
                bc::set_b(&mut i, 0);
                self.fs.set_ins(e.info, i);
                ins = ins_ad(Op::RETM, nact, e.aux.wrapping_sub(nact));
            } else {
                self.fs.tonextreg(&mut e)?;
                ins = ins_ad(Op::RET, nact, nret + 1);
            }
        }
        if self.fs.flags & PROTO_CHILD as u32 != 0 {
            self.fs.emit_aj(Op::UCLO, 0, 0)?;
        }
        self.fs.emit(ins)?;
        Ok(())
    }

    /// `break`: a goto to the enclosing loop's end.
    fn parse_break(&mut self) -> PResult<()> {
        self.scope_flags(FSCOPE_BREAK);
        let pc = self.fs.emit_jmp()?;
        self.gola_new(VName::Break, VSTACK_GOTO, pc)?;
        Ok(())
    }

    /// `goto name`.
    fn parse_goto(&mut self) -> PResult<()> {
        let name = self.str_checkname()?;
        if let Some(vl) = self.find_label(&name) {
            // A backward goto within the same scope is a loop.
            let slot = self.vstack[vl].slot;
            self.fs.emit_aj(Op::LOOP, slot, -1)?;
        }
        self.scope_flags(FSCOPE_GOLA);
        let pc = self.fs.emit_jmp()?;
        self.gola_new(VName::Name(name), VSTACK_GOTO, pc)?;
        Ok(())
    }

    /// `::name::`, and any labels that directly follow it.
    fn parse_label(&mut self) -> PResult<()> {
        self.fs.lasttarget = self.fs.pc();
        self.scope_flags(FSCOPE_GOLA);
        let name = self.str_checkname()?;
        if self.find_label(&name).is_some() {
            return Err(PErr::new(
                format!("duplicate label '{}'", String::from_utf8_lossy(&name)),
                Near::None,
            ));
        }
        let pc = self.fs.pc();
        let idx = self.gola_new(VName::Name(name), VSTACK_LABEL, pc)?;
        self.check(Tok::Label)?;
        while self.tok.tok == Tok::Label {
            self.level_begin()?;
            self.next()?;
            self.parse_label()?;
            self.level_end();
        }
        let (vstart, nact) = self
            .fs
            .scopes
            .last()
            .map_or((0, 0), |s| (s.vstart, s.nactvar));
        // A label at the end of a block is outside the scope of the block's locals.
        if is_block_end(self.tok.tok) && self.tok.tok != Tok::Until {
            self.vstack[idx].slot = nact;
        }
        self.gola_resolve(vstart, idx)
    }

    /// A block in its own scope.
    fn parse_block(&mut self) -> PResult<()> {
        self.scope_begin(0);
        self.parse_chunk()?;
        self.scope_end()
    }

    /// `while cond do ... end`.
    fn parse_while(&mut self, line: u32) -> PResult<()> {
        self.next()?;
        let start = self.fs.pc();
        self.fs.lasttarget = start;
        let condexit = self.expr_cond()?;
        self.scope_begin(FSCOPE_LOOP);
        self.check(Tok::Do)?;
        let loop_pc = self.fs.emit_ad(Op::LOOP, self.fs.nactvar, 0)?;
        self.parse_block()?;
        let j = self.fs.emit_jmp()?;
        self.fs.jmp_patch(j, start)?;
        self.check_match(Tok::End, Tok::While, line)?;
        self.scope_end()?;
        self.fs.jmp_tohere(condexit)?;
        let here = self.fs.pc();
        self.fs.jmp_patchins(loop_pc, here)
    }

    /// `repeat ... until cond` (the condition sees the body's locals).
    fn parse_repeat(&mut self, line: u32) -> PResult<()> {
        let loop_pc = self.fs.pc();
        self.fs.lasttarget = loop_pc;
        self.scope_begin(FSCOPE_LOOP);
        self.scope_begin(0);
        self.next()?;
        self.fs.emit_ad(Op::LOOP, self.fs.nactvar, 0)?;
        self.parse_chunk()?;
        self.check_match(Tok::Until, Tok::Repeat, line)?;
        let mut condexit = self.expr_cond()?;
        let inner_upval = self
            .fs
            .scopes
            .last()
            .is_some_and(|s| s.flags & FSCOPE_UPVAL != 0);
        if !inner_upval {
            self.scope_end()?;
        } else {
            // Close upvalues on both exits: break out after closing, or loop.
            self.parse_break()?;
            self.fs.jmp_tohere(condexit)?;
            self.scope_end()?;
            condexit = self.fs.emit_jmp()?;
        }
        self.fs.jmp_patch(condexit, loop_pc)?;
        let here = self.fs.pc();
        self.fs.jmp_patchins(loop_pc, here)?;
        self.scope_end()
    }

    /// Numeric `for`, inverted: FORI before the body, FORL after it.
    fn parse_for_num(&mut self, varname: Rc<[u8]>, line: u32) -> PResult<()> {
        let base = self.fs.freereg;
        self.var_new_lit(0, "(for index)")?;
        self.var_new_lit(1, "(for limit)")?;
        self.var_new_lit(2, "(for step)")?;
        self.var_new(3, varname)?;
        self.check(Tok::Char(b'='))?;
        self.expr_next()?;
        self.check(Tok::Char(b','))?;
        self.expr_next()?;
        if self.opt(Tok::Char(b','))? {
            self.expr_next()?;
        } else {
            self.fs.emit_ad(Op::KSHORT, self.fs.freereg, 1)?;
            self.fs.reserve(1)?;
        }
        self.var_add(3);
        self.check(Tok::Do)?;
        let loop_pc = self.fs.emit_aj(Op::FORI, base, -1)?;
        self.scope_begin(0);
        self.var_add(1);
        self.fs.reserve(1)?;
        self.parse_block()?;
        self.scope_end()?;
        let loopend = self.fs.emit_aj(Op::FORL, base, -1)?;
        self.fs.set_line(loopend, line);
        self.fs.jmp_patchins(loopend, loop_pc + 1)?;
        let here = self.fs.pc();
        self.fs.jmp_patchins(loop_pc, here)
    }

    /// Is the iterator expression starting at `pc` a `pairs` or `next` lookup?
    fn predict_next(&self, pc: u32) -> bool {
        if pc >= self.fs.pc() {
            return false;
        }
        let ins = self.fs.ins(pc);
        let name: Option<&VName> = match bc_op(ins) {
            op if op == Op::MOV as u8 => {
                let d = bc::bc_d(ins) as usize;
                self.fs
                    .varmap
                    .get(d)
                    .and_then(|&v| self.vstack.get(v as usize))
                    .map(|v| &v.name)
            }
            op if op == Op::UGET as u8 => {
                let d = bc::bc_d(ins) as usize;
                self.fs
                    .uvmap
                    .get(d)
                    .and_then(|&v| self.vstack.get(v as usize))
                    .map(|v| &v.name)
            }
            op if op == Op::GGET as u8 => {
                let d = bc::bc_d(ins);
                return self.fs.find_str(b"pairs") == Some(d)
                    || self.fs.find_str(b"next") == Some(d);
            }
            _ => None,
        };
        name.is_some_and(|n| n.is(b"pairs") || n.is(b"next"))
    }

    /// Generic `for`, with ISNEXT/ITERN when the iterator looks like `pairs`/`next`.
    fn parse_for_iter(&mut self, indexname: Rc<[u8]>) -> PResult<()> {
        let base = self.fs.freereg + 3;
        let exprpc = self.fs.pc();
        let mut nvars = 0;
        for hidden in ["(for generator)", "(for state)", "(for control)"] {
            self.var_new_lit(nvars, hidden)?;
            nvars += 1;
        }
        self.var_new(nvars, indexname)?;
        nvars += 1;
        while self.opt(Tok::Char(b','))? {
            let name = self.str_checkname()?;
            self.var_new(nvars, name)?;
            nvars += 1;
        }
        self.check(Tok::In)?;
        let line = self.lx.line;
        let (mut e, nexps) = self.expr_list()?;
        self.assign_adjust(3, nexps, &mut e)?;
        // The iterator call needs func, frame link, state and control above the base.
        self.fs.bump(4)?;
        let isnext = nvars <= 5 && self.predict_next(exprpc);
        self.var_add(3);
        self.check(Tok::Do)?;
        let loop_pc = if isnext {
            self.fs.emit_aj(Op::ISNEXT, base, -1)?
        } else {
            self.fs.emit_aj(Op::JMP, base, -1)?
        };
        self.scope_begin(0);
        self.var_add(nvars - 3);
        self.fs.reserve(nvars - 3)?;
        self.parse_block()?;
        self.scope_end()?;
        let here = self.fs.pc();
        self.fs.jmp_patchins(loop_pc, here)?;
        let op = if isnext { Op::ITERN } else { Op::ITERC };
        let iter = self.fs.emit_abc(op, base, nvars - 3 + 1, 3)?;
        let loopend = self.fs.emit_aj(Op::ITERL, base, -1)?;
        self.fs.set_line(iter, line);
        self.fs.set_line(loopend, line);
        self.fs.jmp_patchins(loopend, loop_pc + 1)
    }

    /// `for`: numeric or generic.
    fn parse_for(&mut self, line: u32) -> PResult<()> {
        self.scope_begin(FSCOPE_LOOP);
        self.next()?;
        let varname = self.str_checkname()?;
        match self.tok.tok {
            Tok::Char(b'=') => self.parse_for_num(varname, line)?,
            Tok::Char(b',') | Tok::In => self.parse_for_iter(varname)?,
            _ => return Err(PErr::new("'=' or 'in' expected", Near::Cur)),
        }
        self.check_match(Tok::End, Tok::For, line)?;
        self.scope_end()
    }

    /// `if`/`elseif` condition and block; returns the false-exit jump list.
    fn parse_then(&mut self) -> PResult<u32> {
        self.next()?;
        let condexit = self.expr_cond()?;
        self.check(Tok::Then)?;
        self.parse_block()?;
        Ok(condexit)
    }

    /// `if ... elseif ... else ... end`.
    fn parse_if(&mut self, line: u32) -> PResult<()> {
        let mut escapelist = NO_JMP;
        let mut flist = self.parse_then()?;
        while self.tok.tok == Tok::Elseif {
            let j = self.fs.emit_jmp()?;
            self.fs.jmp_append(&mut escapelist, j)?;
            self.fs.jmp_tohere(flist)?;
            flist = self.parse_then()?;
        }
        if self.tok.tok == Tok::Else {
            let j = self.fs.emit_jmp()?;
            self.fs.jmp_append(&mut escapelist, j)?;
            self.fs.jmp_tohere(flist)?;
            self.next()?;
            self.parse_block()?;
        } else {
            self.fs.jmp_append(&mut escapelist, flist)?;
        }
        self.fs.jmp_tohere(escapelist)?;
        self.check_match(Tok::End, Tok::If, line)
    }

    /// One statement; returns true if it must be the last in its block.
    fn parse_stmt(&mut self) -> PResult<bool> {
        let line = self.lx.line;
        let is_goto = self.tok.tok == Tok::Goto && self.lookahead()? == Tok::Name;
        match self.tok.tok {
            Tok::If => self.parse_if(line)?,
            Tok::While => self.parse_while(line)?,
            Tok::Do => {
                self.next()?;
                self.parse_block()?;
                self.check_match(Tok::End, Tok::Do, line)?;
            }
            Tok::For => self.parse_for(line)?,
            Tok::Repeat => self.parse_repeat(line)?,
            Tok::Function => self.parse_func(line)?,
            Tok::Local => {
                self.next()?;
                self.parse_local()?;
            }
            Tok::Return => {
                self.parse_return()?;
                return Ok(true);
            }
            Tok::Break => {
                self.next()?;
                self.parse_break()?;
                return Ok(true);
            }
            Tok::Label => {
                self.next()?;
                self.parse_label()?;
            }
            Tok::Goto if is_goto => {
                self.next()?;
                self.parse_goto()?;
            }
            _ => self.parse_call_assign()?,
        }
        Ok(false)
    }

    /// A statement list up to a block end.
    fn parse_chunk(&mut self) -> PResult<()> {
        self.level_begin()?;
        let mut islast = false;
        while !islast && !is_block_end(self.tok.tok) {
            islast = self.parse_stmt()?;
            self.opt(Tok::Char(b';'))?;
            self.fs.freereg = self.fs.nactvar;
        }
        self.level_end();
        Ok(())
    }

    // -- Functions -------------------------------------------------------------------

    /// Parameter list; returns the number of fixed parameters.
    fn parse_params(&mut self, needself: bool) -> PResult<u32> {
        self.check(Tok::Char(b'('))?;
        let mut nparams = 0;
        if needself {
            self.var_new_lit(nparams, "self")?;
            nparams += 1;
        }
        if self.tok.tok != Tok::Char(b')') {
            loop {
                match self.tok.tok {
                    Tok::Name | Tok::Goto => {
                        let name = self.str_checkname()?;
                        self.var_new(nparams, name)?;
                        nparams += 1;
                    }
                    Tok::Dots => {
                        self.next()?;
                        self.fs.flags |= PROTO_VARARG as u32;
                        break;
                    }
                    _ => return Err(PErr::new("<name> or '...' expected", Near::Cur)),
                }
                if !self.opt(Tok::Char(b','))? {
                    break;
                }
            }
        }
        self.var_add(nparams);
        self.fs.reserve(nparams)?;
        self.check(Tok::Char(b')'))?;
        Ok(nparams)
    }

    /// A function body; the result is the parent's `FNEW` as a relocatable expression.
    fn parse_body(&mut self, needself: bool, line: u32) -> PResult<ExpDesc> {
        let child = FuncState::new(self.vstack.len(), line, self.lastline);
        let parent = std::mem::replace(&mut self.fs, child);
        self.outer.push(parent);
        self.child_uvs.push(Vec::new());
        self.scope_begin(0);
        self.fs.numparams = self.parse_params(needself)?;
        self.fs.emit_ad(Op::FUNCF, 0, 0)?;
        self.parse_chunk()?;
        if self.tok.tok != Tok::End {
            self.check_match(Tok::End, Tok::Function, line)?;
        }
        self.lastline = self.lx.line;
        self.fs.lastline = self.lastline;
        let (pd, uvtmp) = self.fs_finish(self.lastline)?;
        let Some(parent) = self.outer.pop() else {
            return Err(PErr::new(
                "internal error: no enclosing function",
                Near::None,
            ));
        };
        self.fs = parent;
        self.fs.lastline = self.lastline;
        let kidx = self.fs.const_gc(KGc::Proto(Box::new(pd)));
        if let Some(list) = self.child_uvs.last_mut() {
            list.push((kidx, uvtmp));
        }
        let pc = self.fs.emit_ad(Op::FNEW, 0, kidx)?;
        let e = ExpDesc::new(EK::Relocable, pc);
        if self.fs.flags & PROTO_CHILD as u32 == 0 {
            if self.fs.flags & FLAG_HAS_RETURN != 0 {
                self.fs.flags |= FLAG_FIXUP_RETURN;
            }
            self.fs.flags |= PROTO_CHILD as u32;
        }
        self.next()?;
        Ok(e)
    }

    /// Add the final return; close upvalues before returns compiled before the first
    /// closure was created (they could not know that they needed to).
    fn fixup_ret(&mut self) -> PResult<()> {
        let lastpc = self.fs.pc();
        let last_op = bc_op(self.fs.ins(lastpc.wrapping_sub(1)));
        let is_ret = [Op::RETM, Op::RET, Op::RET0, Op::RET1, Op::CALLMT, Op::CALLT]
            .iter()
            .any(|&o| o as u8 == last_op);
        if lastpc <= self.fs.lasttarget || !is_ret {
            if self
                .fs
                .scopes
                .last()
                .is_some_and(|s| s.flags & FSCOPE_UPVAL != 0)
            {
                self.fs.emit_aj(Op::UCLO, 0, 0)?;
            }
            self.fs.emit_ad(Op::RET0, 0, 1)?;
        }
        self.scope_flags(FSCOPE_NOCLOSE);
        self.scope_end()?;
        if self.fs.flags & FLAG_FIXUP_RETURN != 0 {
            for pc in 1..lastpc {
                let ins = self.fs.ins(pc);
                let op = bc_op(ins);
                if [Op::CALLMT, Op::CALLT, Op::RETM, Op::RET, Op::RET0, Op::RET1]
                    .iter()
                    .any(|&o| o as u8 == op)
                {
                    let line = self.fs.lines.get(pc as usize).copied().unwrap_or(0);
                    let offset = self.fs.emit(ins)?;
                    self.fs.set_line(offset, line);
                    let d = offset
                        .wrapping_sub(pc + 1)
                        .wrapping_add(bc::BCBIAS_J as u32);
                    if d > 0xffff {
                        return Err(PErr::new("function too long for return fixup", Near::Cur));
                    }
                    self.fs.set_ins(pc, ins_ad(Op::UCLO, 0, d));
                } else if op == Op::UCLO as u8 {
                    break;
                }
            }
        }
        Ok(())
    }

    /// Finish the current function: returns its data and unresolved upvalue sources.
    fn fs_finish(&mut self, line: u32) -> PResult<(ProtoData, Vec<u32>)> {
        self.fixup_ret()?;
        let fs = &mut self.fs;
        for (n, _) in [(fs.knum.len(), 0), (fs.kgc.len(), 1)] {
            if n > 0x10000 {
                return Err(Self::err_limit(fs.linedefined, 0x10000, "constants"));
            }
        }
        let header = if fs.flags & PROTO_VARARG as u32 != 0 {
            Op::FUNCV
        } else {
            Op::FUNCF
        };
        fs.set_ins(0, ins_ad(header, fs.framesize, 0));
        if let Some(l) = fs.lines.get_mut(0) {
            *l = fs.linedefined;
        }
        // Children's upvalues now know whether the locals they capture are ever written.
        let children = self.child_uvs.pop().unwrap_or_default();
        for (kidx, tmp) in children {
            let uv: Vec<u16> = tmp
                .iter()
                .map(|&v| {
                    if v >= MAX_VSTACK {
                        (v - MAX_VSTACK) as u16
                    } else {
                        let var = self.vstack.get(v as usize);
                        let slot = var.map_or(0, |x| x.slot) as u16;
                        if var.is_some_and(|x| x.info & VSTACK_VAR_RW != 0) {
                            slot | UV_LOCAL
                        } else {
                            slot | UV_LOCAL | UV_IMMUTABLE
                        }
                    }
                })
                .collect();
            if let Some(KGc::Proto(p)) = self.fs.kgc.get_mut(kidx as usize) {
                p.uv = uv;
            }
        }
        let fs = &mut self.fs;
        let vbase = fs.vbase.min(self.vstack.len());
        let varinfo = self.vstack[vbase..]
            .iter()
            .filter(|v| v.info & (VSTACK_GOTO | VSTACK_LABEL) == 0)
            .filter_map(|v| match &v.name {
                VName::Name(n) => Some(VarInfo {
                    name: n.to_vec(),
                    startpc: v.startpc,
                    endpc: v.endpc,
                }),
                _ => None,
            })
            .collect();
        let uvnames = fs
            .uvmap
            .iter()
            .map(|&v| match self.vstack.get(v as usize).map(|x| &x.name) {
                Some(VName::Name(n)) => n.to_vec(),
                _ => Vec::new(),
            })
            .collect();
        let pd = ProtoData {
            chunkname: self.chunkname.clone(),
            firstline: fs.linedefined,
            numline: line.saturating_sub(fs.linedefined),
            numparams: fs.numparams as u8,
            framesize: fs.framesize as u8,
            flags: (fs.flags & 0xff) as u8,
            bc: std::mem::take(&mut fs.bc),
            lineinfo: std::mem::take(&mut fs.lines),
            kgc: std::mem::take(&mut fs.kgc),
            knum: std::mem::take(&mut fs.knum),
            uv: Vec::new(),
            uvnames,
            varinfo,
        };
        let uvtmp = std::mem::take(&mut fs.uvtmp);
        self.vstack.truncate(vbase);
        Ok((pd, uvtmp))
    }

    /// The main chunk: a vararg function.
    fn parse_main(&mut self) -> PResult<ProtoData> {
        self.child_uvs.push(Vec::new());
        self.fs.flags |= PROTO_VARARG as u32;
        self.scope_begin(0);
        self.fs.emit_ad(Op::FUNCV, 0, 0)?;
        self.next()?;
        self.parse_chunk()?;
        if self.tok.tok != Tok::Eof {
            return Err(self.err_token(Tok::Eof));
        }
        let line = self.lx.line;
        let (pd, _) = self.fs_finish(line)?;
        Ok(pd)
    }
}

/// Does this token end a block?
fn is_block_end(t: Tok) -> bool {
    matches!(
        t,
        Tok::Else | Tok::Elseif | Tok::End | Tok::Until | Tok::Eof
    )
}

impl FuncState {
    /// Override the line of the instruction at `pc`.
    pub fn set_line(&mut self, pc: u32, line: u32) {
        if let Some(l) = self.lines.get_mut(pc as usize) {
            *l = line;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child(p: &ProtoData, i: usize) -> &ProtoData {
        p.kgc
            .iter()
            .filter_map(|k| match k {
                KGc::Proto(c) => Some(&**c),
                _ => None,
            })
            .nth(i)
            .expect("child prototype")
    }

    #[test]
    fn upvalue_descriptors_know_mutability() {
        let src = b"local a, b = 1, 2\nlocal function f() return a, b end\nb = 3\n\
                    local function g() return function() return a, g end end";
        let p = parse(src, b"=t").unwrap();
        assert_eq!(p.flags, PROTO_VARARG | PROTO_CHILD);
        let f = child(&p, 0);
        assert_eq!(f.uv, vec![UV_LOCAL | UV_IMMUTABLE, 1 | UV_LOCAL]);
        assert_eq!(f.uvnames, vec![b"a".to_vec(), b"b".to_vec()]);
        let g = child(&p, 1);
        // `local function g` stores g without marking it written.
        assert_eq!(
            g.uv,
            vec![UV_LOCAL | UV_IMMUTABLE, 3 | UV_LOCAL | UV_IMMUTABLE]
        );
        let inner = child(g, 0);
        assert_eq!(inner.uv, vec![0, 1]);
        assert_eq!(inner.uvnames, vec![b"a".to_vec(), b"g".to_vec()]);
    }

    #[test]
    fn varinfo_has_names_and_ranges() {
        let p = parse(
            b"local x = 1\ndo local y = x end\nfor i = 1, 2 do end",
            b"=t",
        )
        .unwrap();
        let names: Vec<_> = p
            .varinfo
            .iter()
            .map(|v| String::from_utf8_lossy(&v.name).into_owned())
            .collect();
        assert_eq!(
            names,
            ["x", "y", "(for index)", "(for limit)", "(for step)", "i"]
        );
        let x = &p.varinfo[0];
        let y = &p.varinfo[1];
        assert_eq!((x.startpc, x.endpc), (2, p.bc.len() as u32));
        assert!(y.startpc > x.startpc && y.endpc >= y.startpc && y.endpc < x.endpc);
    }

    #[test]
    fn function_header_and_shape() {
        let p = parse(b"local function f(a, b, ...)\n  return a\nend", b"@f.lua").unwrap();
        let f = child(&p, 0);
        assert_eq!((f.numparams, f.firstline, f.lastline()), (2, 1, 3));
        assert!(f.is_vararg());
        assert_eq!(bc_op(f.bc[0]), Op::FUNCV as u8);
        assert_eq!(bc::bc_a(f.bc[0]), f.framesize as u32);
        assert_eq!(f.bc.len(), f.lineinfo.len());
        assert_eq!(p.numline, 3);
        let m = parse(b"function m(self) end", b"=t").unwrap();
        assert_eq!(bc_op(child(&m, 0).bc[0]), Op::FUNCF as u8);
    }

    #[test]
    fn constants_are_shared_per_function() {
        let p = parse(b"x = 'a' .. 'a' .. 1.5 .. 1.5", b"=t").unwrap();
        assert_eq!(
            p.kgc,
            vec![KGc::Str(b"a".to_vec()), KGc::Str(b"x".to_vec())]
        );
        assert_eq!(p.knum, vec![1.5]);
    }

    #[test]
    fn table_templates_hold_constants_and_keys_set_by_code() {
        let p = parse(b"local t = {1, 2, x = 'y', [3] = true, z = f()}", b"=t").unwrap();
        let KGc::Table(t) = &p.kgc[0] else {
            panic!("no template")
        };
        // The array part was sized when the template was created (slots 0..=2).
        assert_eq!(
            t.array,
            vec![KValue::Nil, KValue::Num(1.0), KValue::Num(2.0)]
        );
        assert_eq!(
            t.hash,
            vec![
                (KValue::Str(b"x".to_vec()), KValue::Str(b"y".to_vec())),
                (KValue::Num(3.0), KValue::True),
                // z's value comes from code: the key waits in the template, nil.
                (KValue::Str(b"z".to_vec()), KValue::Nil)
            ]
        );
    }

    #[test]
    fn error_messages_name_the_token() {
        let e = parse(b"x = = 1", b"@t.lua").unwrap_err();
        assert_eq!(e.msg, b"t.lua:1: unexpected symbol near '='");
        let e = parse(b"local t = {\n1,\n2", b"@t.lua").unwrap_err();
        assert_eq!(
            e.msg,
            b"t.lua:3: '}' expected (to close '{' at line 1) near '<eof>'"
        );
        let e = parse(b"local function = 1", b"=s").unwrap_err();
        assert_eq!(e.msg, b"s:1: '<name>' expected near '='");
        assert!(
            parse(b"goto = 1 local x = goto", b"=s").is_ok(),
            "goto is a name in 5.1"
        );
    }
}

//! Expressions: operator precedence, primary and suffixed expressions, calls,
//! method calls and table constructors.

use std::collections::HashMap;
use std::rc::Rc;

use super::func_state::{BinOp, ExpDesc, PResult, BCMAX_C, EK, UNARY_PRIORITY};
use super::Parser;
use crate::bc::{self, ins_abc, ins_ad, Op};
use crate::lex::{Near, PErr, Tok};
use crate::proto::{KGc, KTable, KValue};

/// Deepest nesting of syntax levels (LuaJIT's `LJ_MAX_XLEVEL`).
pub const MAX_XLEVEL: u32 = 200;

/// A key of a table template, for detecting overwritten entries.
#[derive(Clone, PartialEq, Eq, Hash)]
enum KeyId {
    Num(u64),
    Str(Rc<[u8]>),
    False,
    True,
}

/// A constant table template under construction.
struct Template {
    kidx: u32,
    /// Array size when the template was created (slots `0..asize`).
    asize: u32,
    /// Keys in insertion order; `None` values are set at run time.
    entries: Vec<(KValue, Option<KValue>)>,
    index: HashMap<KeyId, usize>,
}

impl Template {
    /// Set a key, overwriting an earlier entry for the same key.
    fn set(&mut self, key: &ExpDesc, val: Option<KValue>) {
        let (id, kv) = match key.k {
            EK::Num => {
                let n = if key.nval == 0.0 { 0.0 } else { key.nval };
                (KeyId::Num(n.to_bits()), KValue::Num(n))
            }
            EK::Str => (KeyId::Str(key.sval.clone()), KValue::Str(key.sval.to_vec())),
            EK::False => (KeyId::False, KValue::False),
            _ => (KeyId::True, KValue::True),
        };
        match self.index.get(&id) {
            Some(&i) => {
                if let Some(e) = self.entries.get_mut(i) {
                    e.1 = val;
                }
            }
            None => {
                self.index.insert(id, self.entries.len());
                self.entries.push((kv, val));
            }
        }
    }

    /// The finished template: integer keys inside the array size go to the array part.
    fn build(self, narr: u32, needarr: bool) -> KTable {
        let asize = if needarr {
            self.asize.max(narr)
        } else {
            self.asize
        };
        let mut t = KTable {
            array: vec![KValue::Nil; asize as usize],
            hash: Vec::new(),
        };
        for (k, v) in self.entries {
            if let KValue::Num(n) = k {
                if n >= 0.0 && n < asize as f64 && n == n.floor() {
                    if let (Some(slot), Some(v)) = (t.array.get_mut(n as usize), v) {
                        *slot = v;
                    }
                    continue;
                }
            }
            // A key whose value is stored by code stays in the template with a nil
            // value (as LuaJIT keeps it): its store then finds the key in place
            // instead of inserting it and growing every copy of the template.
            t.hash.push((k, v.unwrap_or(KValue::Nil)));
        }
        t
    }
}

/// The constant value of a constant expression.
fn kvalue(e: &ExpDesc) -> KValue {
    match e.k {
        EK::Nil => KValue::Nil,
        EK::False => KValue::False,
        EK::True => KValue::True,
        EK::Str => KValue::Str(e.sval.to_vec()),
        _ => KValue::Num(e.nval),
    }
}

/// log2 of the hash part size for `n` entries, as `TNEW` encodes it.
fn hsize2hbits(n: u32) -> u32 {
    match n {
        0 => 0,
        1 => 1,
        _ => 1 + (31 - (n - 1).leading_zeros()),
    }
}

/// The binary operator a token stands for.
fn token_binop(t: Tok) -> Option<BinOp> {
    Some(match t {
        Tok::Char(b'+') => BinOp::Add,
        Tok::Char(b'-') => BinOp::Sub,
        Tok::Char(b'*') => BinOp::Mul,
        Tok::Char(b'/') => BinOp::Div,
        Tok::Char(b'%') => BinOp::Mod,
        Tok::Char(b'^') => BinOp::Pow,
        Tok::Concat => BinOp::Concat,
        Tok::Ne => BinOp::Ne,
        Tok::Eq => BinOp::Eq,
        Tok::Char(b'<') => BinOp::Lt,
        Tok::Le => BinOp::Le,
        Tok::Char(b'>') => BinOp::Gt,
        Tok::Ge => BinOp::Ge,
        Tok::And => BinOp::And,
        Tok::Or => BinOp::Or,
        _ => return None,
    })
}

impl Parser<'_> {
    /// Enter a nested syntax level (bounded, so deep nesting is an error, not a crash).
    pub(super) fn level_begin(&mut self) -> PResult<()> {
        self.level += 1;
        if self.level >= MAX_XLEVEL {
            return Err(PErr::new("chunk has too many syntax levels", Near::None));
        }
        Ok(())
    }

    /// Leave a syntax level.
    pub(super) fn level_end(&mut self) {
        self.level -= 1;
    }

    /// Parse an expression.
    pub(super) fn expr(&mut self) -> PResult<ExpDesc> {
        let (e, _) = self.expr_binop(0)?;
        Ok(e)
    }

    /// Parse an expression into the next free register.
    pub(super) fn expr_next(&mut self) -> PResult<()> {
        let mut e = self.expr()?;
        self.fs.tonextreg(&mut e)
    }

    /// Parse a condition; returns its false-exit jump list.
    pub(super) fn expr_cond(&mut self) -> PResult<u32> {
        let mut v = self.expr()?;
        if v.k == EK::Nil {
            v.k = EK::False;
        }
        self.fs.branch_t(&mut v)?;
        Ok(v.f)
    }

    /// Operators with left priority above `limit`; returns the unconsumed operator.
    fn expr_binop(&mut self, limit: u32) -> PResult<(ExpDesc, Option<BinOp>)> {
        self.level_begin()?;
        let mut v = self.expr_unop()?;
        let mut op = token_binop(self.tok.tok);
        while let Some(o) = op {
            let (left, right) = o.priority();
            if left <= limit {
                break;
            }
            self.next()?;
            self.fs.binop_left(o, &mut v)?;
            let (v2, nextop) = self.expr_binop(right)?;
            self.fs.binop(o, &mut v, v2)?;
            op = nextop;
        }
        self.level_end();
        Ok((v, op))
    }

    /// Unary operators (`not`, `-`, `#`) or a simple expression.
    fn expr_unop(&mut self) -> PResult<ExpDesc> {
        let op = match self.tok.tok {
            Tok::Not => Op::NOT,
            Tok::Char(b'-') => Op::UNM,
            Tok::Char(b'#') => Op::LEN,
            _ => return self.expr_simple(),
        };
        self.next()?;
        let (mut v, _) = self.expr_binop(UNARY_PRIORITY)?;
        self.fs.unop(op, &mut v)?;
        Ok(v)
    }

    /// Literals, `...`, constructors, function expressions, or a primary expression.
    fn expr_simple(&mut self) -> PResult<ExpDesc> {
        let e = match self.tok.tok {
            Tok::Number => ExpDesc::num(self.tok.num),
            Tok::String => ExpDesc::str(self.take_string()),
            Tok::Nil => ExpDesc::new(EK::Nil, 0),
            Tok::True => ExpDesc::new(EK::True, 0),
            Tok::False => ExpDesc::new(EK::False, 0),
            Tok::Dots => {
                if self.fs.flags & crate::proto::PROTO_VARARG as u32 == 0 {
                    return Err(PErr::new(
                        "cannot use '...' outside a vararg function",
                        Near::Cur,
                    ));
                }
                self.fs.reserve(1)?;
                let base = self.fs.freereg - 1;
                let np = self.fs.numparams;
                let mut e = ExpDesc::new(EK::Call, self.fs.emit_abc(Op::VARG, base, 2, np)?);
                e.aux = base;
                e
            }
            Tok::Char(b'{') => return self.expr_table(),
            Tok::Function => {
                self.next()?;
                let line = self.lx.line;
                return self.parse_body(false, line);
            }
            _ => return self.expr_primary(),
        };
        self.next()?;
        Ok(e)
    }

    /// A string constant from a name token (field names, method names).
    pub(super) fn expr_str(&mut self) -> PResult<ExpDesc> {
        let name = self.str_checkname()?;
        Ok(ExpDesc::str(name))
    }

    /// Turn `t` into an indexed expression with key `k` (already a value).
    pub(super) fn expr_index(&mut self, t: &mut ExpDesc, k: &mut ExpDesc) -> PResult<()> {
        t.k = EK::Indexed;
        if k.is_numk() {
            let n = k.nval;
            let i = n as i32;
            if (0..=255).contains(&i) && n == i as f64 {
                t.aux = BCMAX_C + 1 + i as u32;
                return Ok(());
            }
        } else if k.is_strk() {
            let idx = self.fs.const_str(&k.sval);
            if idx <= BCMAX_C {
                t.aux = !idx;
                return Ok(());
            }
        }
        t.aux = self.fs.toanyreg(k)?;
        Ok(())
    }

    /// `.name` suffix.
    pub(super) fn expr_field(&mut self, v: &mut ExpDesc) -> PResult<()> {
        self.fs.toanyreg(v)?;
        self.next()?;
        let mut key = self.expr_str()?;
        self.expr_index(v, &mut key)
    }

    /// `[expr]` key.
    fn expr_bracket(&mut self) -> PResult<ExpDesc> {
        self.next()?;
        let mut v = self.expr()?;
        self.fs.toval(&mut v)?;
        self.check(Tok::Char(b']'))?;
        Ok(v)
    }

    /// Prefix expression and its suffixes (fields, indexing, calls, method calls).
    pub(super) fn expr_primary(&mut self) -> PResult<ExpDesc> {
        let mut v;
        match self.tok.tok {
            Tok::Char(b'(') => {
                let line = self.lx.line;
                self.next()?;
                v = self.expr()?;
                self.check_match(Tok::Char(b')'), Tok::Char(b'('), line)?;
                self.fs.discharge(&mut v)?;
            }
            Tok::Name | Tok::Goto => {
                v = self.var_lookup()?;
            }
            _ => return Err(PErr::new("unexpected symbol", Near::Cur)),
        }
        loop {
            match self.tok.tok {
                Tok::Char(b'.') => self.expr_field(&mut v)?,
                Tok::Char(b'[') => {
                    self.fs.toanyreg(&mut v)?;
                    let mut key = self.expr_bracket()?;
                    self.expr_index(&mut v, &mut key)?;
                }
                Tok::Char(b':') => {
                    self.next()?;
                    let key = self.expr_str()?;
                    self.emit_method(&mut v, &key)?;
                    self.parse_args(&mut v)?;
                }
                Tok::Char(b'(') | Tok::String | Tok::Char(b'{') => {
                    self.fs.tonextreg(&mut v)?;
                    // The frame link slot (LuaJIT's GC64 "FR2" layout).
                    self.fs.reserve(1)?;
                    self.parse_args(&mut v)?;
                }
                _ => break,
            }
        }
        Ok(v)
    }

    /// `obj:name`: the method into the call base, the object into the first argument.
    fn emit_method(&mut self, e: &mut ExpDesc, key: &ExpDesc) -> PResult<()> {
        let fs = &mut self.fs;
        let obj = fs.toanyreg(e)?;
        fs.expr_free(e);
        let func = fs.freereg;
        fs.emit_ad(Op::MOV, func + 2, obj)?;
        let idx = fs.const_str(&key.sval);
        if idx <= BCMAX_C {
            fs.reserve(3)?;
            fs.emit_abc(Op::TGETS, func, obj, idx)?;
        } else {
            fs.reserve(4)?;
            fs.emit_ad(Op::KSTR, func + 3, idx)?;
            fs.emit_abc(Op::TGETV, func, obj, func + 3)?;
            fs.freereg -= 1;
        }
        e.info = func;
        e.k = EK::Nonreloc;
        Ok(())
    }

    /// Call arguments: `(...)`, a table constructor or a string.
    fn parse_args(&mut self, e: &mut ExpDesc) -> PResult<()> {
        let line = self.lx.line;
        let mut args;
        match self.tok.tok {
            Tok::Char(b'(') => {
                if line != self.lastline {
                    return Err(PErr::new(
                        "ambiguous syntax (function call x new statement)",
                        Near::Cur,
                    ));
                }
                self.next()?;
                if self.tok.tok == Tok::Char(b')') {
                    args = ExpDesc::new(EK::Void, 0);
                } else {
                    let (a, _) = self.expr_list()?;
                    args = a;
                    if args.k == EK::Call {
                        self.fs.set_ins(args.info, {
                            let mut i = self.fs.ins(args.info);
                            bc::set_b(&mut i, 0);
                            i
                        });
                    }
                }
                self.check_match(Tok::Char(b')'), Tok::Char(b'('), line)?;
            }
            Tok::Char(b'{') => args = self.expr_table()?,
            Tok::String => {
                args = ExpDesc::str(self.take_string());
                self.next()?;
            }
            _ => return Err(PErr::new("function arguments expected", Near::Cur)),
        }
        let base = e.info;
        let ins = if args.k == EK::Call {
            ins_abc(Op::CALLM, base, 2, args.aux.wrapping_sub(base + 2) & 0xff)
        } else {
            if args.k != EK::Void {
                self.fs.tonextreg(&mut args)?;
            }
            ins_abc(
                Op::CALL,
                base,
                2,
                self.fs.freereg.wrapping_sub(base + 1) & 0xff,
            )
        };
        let pc = self.fs.emit(ins)?;
        *e = ExpDesc::new(EK::Call, pc);
        e.aux = base;
        self.fs.set_line(pc, line);
        self.fs.freereg = base + 1;
        Ok(())
    }

    /// A comma-separated expression list; all but the last go to consecutive registers.
    pub(super) fn expr_list(&mut self) -> PResult<(ExpDesc, u32)> {
        let mut n = 1;
        let mut v = self.expr()?;
        while self.opt(Tok::Char(b','))? {
            self.fs.tonextreg(&mut v)?;
            v = self.expr()?;
            n += 1;
        }
        Ok((v, n))
    }

    /// Table constructor: constant parts go into a `TDUP` template, the rest are stores.
    fn expr_table(&mut self) -> PResult<ExpDesc> {
        let line = self.lx.line;
        let mut tmpl: Option<Template> = None;
        let mut vcall = false;
        let mut needarr = false;
        let mut narr: u32 = 1;
        let mut nhash: u32 = 0;
        let mut freg = self.fs.freereg;
        let pc = self.fs.emit_ad(Op::TNEW, freg, 0)?;
        let mut e = ExpDesc::new(EK::Nonreloc, freg);
        self.fs.reserve(1)?;
        freg += 1;
        self.check(Tok::Char(b'{'))?;
        while self.tok.tok != Tok::Char(b'}') {
            vcall = false;
            let mut key;
            if self.tok.tok == Tok::Char(b'[') {
                key = self.expr_bracket()?;
                if !key.is_k() {
                    self.expr_index(&mut e, &mut key)?;
                }
                if key.is_numk() && key.nval == 0.0 {
                    needarr = true;
                } else {
                    nhash += 1;
                }
                self.check(Tok::Char(b'='))?;
            } else if matches!(self.tok.tok, Tok::Name | Tok::Goto)
                && self.lookahead()? == Tok::Char(b'=')
            {
                key = self.expr_str()?;
                self.check(Tok::Char(b'='))?;
                nhash += 1;
            } else {
                key = ExpDesc::num(narr as f64);
                narr += 1;
                needarr = true;
                vcall = true;
            }
            let mut val = self.expr()?;
            let mut nonconst = true;
            if key.is_k() && key.k != EK::Nil && (key.k == EK::Str || val.is_k_nojump()) {
                if tmpl.is_none() {
                    let kidx = self.fs.const_gc(KGc::Table(KTable::default()));
                    self.fs.set_ins(pc, ins_ad(Op::TDUP, freg - 1, kidx));
                    tmpl = Some(Template {
                        kidx,
                        asize: if needarr { narr } else { 0 },
                        entries: Vec::new(),
                        index: HashMap::new(),
                    });
                }
                vcall = false;
                if let Some(t) = tmpl.as_mut() {
                    if val.is_k_nojump() {
                        t.set(&key, Some(kvalue(&val)));
                        nonconst = false;
                    } else {
                        t.set(&key, None);
                    }
                }
            }
            if nonconst {
                if val.k != EK::Call {
                    self.fs.toanyreg(&mut val)?;
                    vcall = false;
                }
                if key.is_k() {
                    self.expr_index(&mut e, &mut key)?;
                }
                self.store(&mut e, &mut val)?;
            }
            self.fs.freereg = freg;
            if !self.opt(Tok::Char(b','))? && !self.opt(Tok::Char(b';'))? {
                break;
            }
        }
        self.check_match(Tok::Char(b'}'), Tok::Char(b'{'), line)?;
        if vcall {
            // The last item is a call or `...`: store all its results with TSETM.
            if narr > 256 {
                self.fs.bc.pop();
                self.fs.lines.pop();
            }
            // The operand is a number constant whose low bits hold the first index.
            let k = self.fs.const_num(4503599627370496.0 + (narr - 1) as f64);
            let last = self.fs.pc().wrapping_sub(1);
            self.fs.set_ins(last, ins_ad(Op::TSETM, freg, k));
            let prev = last.wrapping_sub(1);
            let mut i = self.fs.ins(prev);
            bc::set_b(&mut i, 0);
            self.fs.set_ins(prev, i);
        }
        if pc == self.fs.pc().wrapping_sub(1) {
            e.info = pc;
            self.fs.freereg -= 1;
            e.k = EK::Relocable;
        } else {
            e.k = EK::Nonreloc;
        }
        match tmpl {
            None => {
                let na = if !needarr { 0 } else { narr.clamp(3, 0x7ff) };
                let mut i = self.fs.ins(pc);
                bc::set_d(&mut i, na | (hsize2hbits(nhash) << 11));
                self.fs.set_ins(pc, i);
            }
            Some(t) => {
                let kidx = t.kidx as usize;
                let table = t.build(narr, needarr);
                if let Some(slot) = self.fs.kgc.get_mut(kidx) {
                    *slot = KGc::Table(table);
                }
            }
        }
        Ok(e)
    }
}

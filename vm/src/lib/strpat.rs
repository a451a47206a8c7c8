//! Lua 5.1 pattern matching (as LuaJIT 2.1 behaves) and string.find/match/gmatch/gsub.

use crate::state::{LResult, LuaState};
use crate::value::TValue;

/// Most captures one pattern may open.
pub const MAX_CAPTURES: usize = 32;
/// Deepest nesting of matcher calls before "pattern too complex" (LuaJIT's limit).
const MAX_DEPTH: usize = 200;
/// Bytes that make `string.find` use the matcher instead of a plain search.
const SPECIALS: &[u8] = b"^$*+?.([%-";

/// A pattern error; `msg` gives LuaJIT's wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatError {
    EndsWithPercent,
    MissingBracket,
    MissingFrontierSet,
    Unbalanced,
    UnfinishedCapture,
    InvalidPatternCapture,
    InvalidCaptureIndex,
    TooManyCaptures,
    TooComplex,
}

impl PatError {
    pub fn msg(self) -> &'static str {
        match self {
            PatError::EndsWithPercent => "malformed pattern (ends with '%')",
            PatError::MissingBracket => "malformed pattern (missing ']')",
            PatError::MissingFrontierSet => "missing '[' after '%f' in pattern",
            PatError::Unbalanced => "unbalanced pattern",
            PatError::UnfinishedCapture => "unfinished capture",
            PatError::InvalidPatternCapture => "invalid pattern capture",
            PatError::InvalidCaptureIndex => "invalid capture index",
            PatError::TooManyCaptures => "too many captures",
            PatError::TooComplex => "pattern too complex",
        }
    }
}

type PResult<T> = Result<T, PatError>;

/// State of one capture slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CapLen {
    Open,
    Position,
    Len(usize),
}

/// One capture's value: a byte range of the subject or a 1-based position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cap {
    Str(usize, usize),
    Pos(usize),
}

/// A backtracking matcher of one pattern against one subject.
pub struct Matcher<'a> {
    src: &'a [u8],
    pat: &'a [u8],
    depth: usize,
    level: usize,
    caps: [(usize, CapLen); MAX_CAPTURES],
}

/// C-locale character class test for class letter `cl` (either case); None if not a class.
fn class_test(c: u8, cl: u8) -> Option<bool> {
    let r = match cl.to_ascii_lowercase() {
        b'a' => c.is_ascii_alphabetic(),
        b'c' => c.is_ascii_control(),
        b'd' => c.is_ascii_digit(),
        b'g' => c.is_ascii_graphic(),
        b'l' => c.is_ascii_lowercase(),
        b'p' => c.is_ascii_punctuation(),
        b's' => matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'),
        b'u' => c.is_ascii_uppercase(),
        b'w' => c.is_ascii_alphanumeric(),
        b'x' => c.is_ascii_hexdigit(),
        b'z' => c == 0,
        _ => return None,
    };
    Some(if cl.is_ascii_uppercase() { !r } else { r })
}

/// Does `c` match the escape `%cl`?
fn match_class(c: u8, cl: u8) -> bool {
    class_test(c, cl).unwrap_or(cl == c)
}

impl<'a> Matcher<'a> {
    pub fn new(src: &'a [u8], pat: &'a [u8]) -> Self {
        Matcher {
            src,
            pat,
            depth: 0,
            level: 0,
            caps: [(0, CapLen::Open); MAX_CAPTURES],
        }
    }

    /// Pattern byte at `p`, 0 past the end (as a C string would read).
    fn pb(&self, p: usize) -> u8 {
        self.pat.get(p).copied().unwrap_or(0)
    }

    /// Try to match pattern position `p` onwards at subject position `s`; the end of the match.
    pub fn match_at(&mut self, s: usize, p: usize) -> PResult<Option<usize>> {
        self.level = 0;
        self.depth = 0;
        self.do_match(s, p)
    }

    /// Number of captures the last successful match made.
    pub fn level(&self) -> usize {
        self.level
    }

    /// Capture `i` of a match spanning `s..e` (capture 0 is the whole match if none were made).
    pub fn capture(&self, i: usize, s: usize, e: usize) -> PResult<Cap> {
        if i >= self.level {
            return if i == 0 {
                Ok(Cap::Str(s, e))
            } else {
                Err(PatError::InvalidCaptureIndex)
            };
        }
        let (start, len) = self.caps[i];
        match len {
            CapLen::Open => Err(PatError::UnfinishedCapture),
            CapLen::Position => Ok(Cap::Pos(start + 1)),
            CapLen::Len(n) => Ok(Cap::Str(start, start + n)),
        }
    }

    /// All captures of a match spanning `s..e`; the whole match if none and `whole` is set.
    pub fn captures(&self, s: usize, e: usize, whole: bool) -> PResult<Vec<Cap>> {
        let n = if self.level == 0 && whole {
            1
        } else {
            self.level
        };
        (0..n).map(|i| self.capture(i, s, e)).collect()
    }

    /// One nesting level of matching, bounded in depth.
    fn do_match(&mut self, s: usize, p: usize) -> PResult<Option<usize>> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(PatError::TooComplex);
        }
        let r = self.match_seq(s, p);
        self.depth -= 1;
        r
    }

    /// Match pattern items iteratively, recursing only where backtracking needs it.
    fn match_seq(&mut self, mut s: usize, mut p: usize) -> PResult<Option<usize>> {
        loop {
            let Some(&pc) = self.pat.get(p) else {
                return Ok(Some(s));
            };
            match pc {
                b'(' => {
                    return if self.pb(p + 1) == b')' {
                        self.start_capture(s, p + 2, CapLen::Position)
                    } else {
                        self.start_capture(s, p + 1, CapLen::Open)
                    };
                }
                b')' => return self.end_capture(s, p + 1),
                b'$' if p + 1 == self.pat.len() => {
                    return Ok(if s == self.src.len() { Some(s) } else { None });
                }
                b'%' if self.pb(p + 1) == b'b' => match self.match_balance(s, p + 2)? {
                    Some(e) => {
                        s = e;
                        p += 4;
                        continue;
                    }
                    None => return Ok(None),
                },
                b'%' if self.pb(p + 1) == b'f' => {
                    p += 2;
                    if self.pb(p) != b'[' {
                        return Err(PatError::MissingFrontierSet);
                    }
                    let ep = self.class_end(p)?;
                    let prev = if s == 0 {
                        0
                    } else {
                        self.src.get(s - 1).copied().unwrap_or(0)
                    };
                    let cur = self.src.get(s).copied().unwrap_or(0);
                    if !self.match_bracket(prev, p, ep - 1) && self.match_bracket(cur, p, ep - 1) {
                        p = ep;
                        continue;
                    }
                    return Ok(None);
                }
                b'%' if self.pb(p + 1).is_ascii_digit() => {
                    match self.match_backref(s, self.pb(p + 1))? {
                        Some(e) => {
                            s = e;
                            p += 2;
                            continue;
                        }
                        None => return Ok(None),
                    }
                }
                _ => {}
            }
            let ep = self.class_end(p)?;
            let m = self
                .src
                .get(s)
                .is_some_and(|&c| self.single_match(c, p, ep));
            match self.pb(ep) {
                b'?' => {
                    if m {
                        if let Some(r) = self.do_match(s + 1, ep + 1)? {
                            return Ok(Some(r));
                        }
                    }
                    p = ep + 1;
                }
                b'*' => return self.max_expand(s, p, ep),
                b'+' => {
                    return if m {
                        self.max_expand(s + 1, p, ep)
                    } else {
                        Ok(None)
                    }
                }
                b'-' => return self.min_expand(s, p, ep),
                _ => {
                    if !m {
                        return Ok(None);
                    }
                    s += 1;
                    p = ep;
                }
            }
        }
    }

    /// End of the single-character class starting at `p`.
    fn class_end(&self, mut p: usize) -> PResult<usize> {
        let c = self.pb(p);
        p += 1;
        if c == b'%' {
            if p >= self.pat.len() {
                return Err(PatError::EndsWithPercent);
            }
            return Ok(p + 1);
        }
        if c == b'[' {
            if self.pb(p) == b'^' {
                p += 1;
            }
            // The first byte of a set is always a member, even ']'.
            loop {
                if p >= self.pat.len() {
                    return Err(PatError::MissingBracket);
                }
                let c = self.pb(p);
                p += 1;
                if c == b'%' && p < self.pat.len() {
                    p += 1;
                }
                if self.pb(p) == b']' {
                    break;
                }
            }
            return Ok(p + 1);
        }
        Ok(p)
    }

    /// Does byte `c` match the single-character class `p..ep`?
    fn single_match(&self, c: u8, p: usize, ep: usize) -> bool {
        match self.pb(p) {
            b'.' => true,
            b'%' => match_class(c, self.pb(p + 1)),
            b'[' => self.match_bracket(c, p, ep - 1),
            pc => pc == c,
        }
    }

    /// Does `c` belong to the set `[...]` opening at `p` and closing at `ec`?
    fn match_bracket(&self, c: u8, mut p: usize, ec: usize) -> bool {
        let mut member = true;
        if self.pb(p + 1) == b'^' {
            member = false;
            p += 1;
        }
        p += 1;
        while p < ec {
            let pc = self.pb(p);
            if pc == b'%' {
                p += 1;
                if match_class(c, self.pb(p)) {
                    return member;
                }
                p += 1;
            } else if self.pb(p + 1) == b'-' && p + 2 < ec {
                if pc <= c && c <= self.pb(p + 2) {
                    return member;
                }
                p += 3;
            } else {
                if pc == c {
                    return member;
                }
                p += 1;
            }
        }
        !member
    }

    /// `%bxy` at subject position `s` (`p` points at `x`).
    fn match_balance(&self, s: usize, p: usize) -> PResult<Option<usize>> {
        if p + 1 >= self.pat.len() {
            return Err(PatError::Unbalanced);
        }
        let (open, close) = (self.pb(p), self.pb(p + 1));
        if self.src.get(s) != Some(&open) {
            return Ok(None);
        }
        let mut depth = 1usize;
        for (i, &c) in self.src.iter().enumerate().skip(s + 1) {
            if c == close {
                depth -= 1;
                if depth == 0 {
                    return Ok(Some(i + 1));
                }
            } else if c == open {
                depth += 1;
            }
        }
        Ok(None)
    }

    /// Greedy repetition: take as many as possible, then back off.
    fn max_expand(&mut self, s: usize, p: usize, ep: usize) -> PResult<Option<usize>> {
        let mut n = 0;
        while self
            .src
            .get(s + n)
            .is_some_and(|&c| self.single_match(c, p, ep))
        {
            n += 1;
        }
        loop {
            if let Some(r) = self.do_match(s + n, ep + 1)? {
                return Ok(Some(r));
            }
            if n == 0 {
                return Ok(None);
            }
            n -= 1;
        }
    }

    /// Lazy repetition: try the rest first, then take one more.
    fn min_expand(&mut self, mut s: usize, p: usize, ep: usize) -> PResult<Option<usize>> {
        loop {
            if let Some(r) = self.do_match(s, ep + 1)? {
                return Ok(Some(r));
            }
            if self
                .src
                .get(s)
                .is_some_and(|&c| self.single_match(c, p, ep))
            {
                s += 1;
            } else {
                return Ok(None);
            }
        }
    }

    fn start_capture(&mut self, s: usize, p: usize, what: CapLen) -> PResult<Option<usize>> {
        if self.level >= MAX_CAPTURES {
            return Err(PatError::TooManyCaptures);
        }
        self.caps[self.level] = (s, what);
        self.level += 1;
        let r = self.do_match(s, p)?;
        if r.is_none() {
            self.level -= 1;
        }
        Ok(r)
    }

    fn end_capture(&mut self, s: usize, p: usize) -> PResult<Option<usize>> {
        let Some(l) = (0..self.level)
            .rev()
            .find(|&i| self.caps[i].1 == CapLen::Open)
        else {
            return Err(PatError::InvalidPatternCapture);
        };
        self.caps[l].1 = CapLen::Len(s - self.caps[l].0);
        let r = self.do_match(s, p)?;
        if r.is_none() {
            self.caps[l].1 = CapLen::Open;
        }
        Ok(r)
    }

    /// `%1`-`%9`: the text of an earlier, closed capture again.
    fn match_backref(&self, s: usize, d: u8) -> PResult<Option<usize>> {
        let l = (d as usize).wrapping_sub(b'1' as usize);
        if l >= self.level || self.caps[l].1 == CapLen::Open {
            return Err(PatError::InvalidCaptureIndex);
        }
        let (start, len) = self.caps[l];
        let CapLen::Len(n) = len else { return Ok(None) };
        let cap = self.src.get(start..start + n).unwrap_or(&[]);
        Ok(
            if self.src.get(s..).is_some_and(|rest| rest.starts_with(cap)) {
                Some(s + n)
            } else {
                None
            },
        )
    }
}

/// Plain substring search from `init`.
fn find_plain(s: &[u8], p: &[u8], init: usize) -> Option<usize> {
    let hay = s.get(init..)?;
    if p.is_empty() {
        return Some(init);
    }
    hay.windows(p.len()).position(|w| w == p).map(|i| i + init)
}

/// Start position (0-based, clamped to the subject) from an optional 1-based `init` argument.
fn start_pos(l: &mut LuaState, arg: usize, len: usize) -> LResult<usize> {
    let init = l.opt_int(arg, 1)?;
    let init = if init < 0 {
        init + len as i64 + 1
    } else {
        init
    };
    Ok((init - 1).clamp(0, len as i64) as usize)
}

/// Capture values as Lua values.
fn cap_values(l: &mut LuaState, src: &[u8], caps: &[Cap]) -> Vec<TValue> {
    caps.iter()
        .map(|c| match *c {
            Cap::Str(a, b) => l.new_str(src.get(a..b).unwrap_or(&[])),
            Cap::Pos(n) => TValue::num(n as f64),
        })
        .collect()
}

fn pat_error(l: &mut LuaState, e: PatError) -> crate::state::Status {
    l.caller_error(e.msg().as_bytes())
}

/// `string.find` and `string.match` share argument handling and the scan.
fn find_aux(l: &mut LuaState, find: bool) -> LResult<usize> {
    let src = l.check_bytes(1)?;
    let pat = l.check_bytes(2)?;
    let init = start_pos(l, 3, src.len())?;
    if find && (l.arg(3).is_truthy() || !pat.iter().any(|c| SPECIALS.contains(c))) {
        return match find_plain(&src, &pat, init) {
            Some(i) => l.ret_values(&[
                TValue::num((i + 1) as f64),
                TValue::num((i + pat.len()) as f64),
            ]),
            None => l.ret_values(&[TValue::NIL]),
        };
    }
    let anchor = pat.first() == Some(&b'^');
    let p0 = usize::from(anchor);
    let mut m = Matcher::new(&src, &pat);
    let mut s = init;
    loop {
        match m.match_at(s, p0) {
            Err(e) => return Err(pat_error(l, e)),
            Ok(Some(e)) => {
                let caps = m.captures(s, e, !find).map_err(|e| pat_error(l, e))?;
                let mut vals = Vec::with_capacity(caps.len() + 2);
                if find {
                    vals.push(TValue::num((s + 1) as f64));
                    vals.push(TValue::num(e as f64));
                }
                vals.extend(cap_values(l, &src, &caps));
                return l.ret_values(&vals);
            }
            Ok(None) => {}
        }
        s += 1;
        if anchor || s > src.len() {
            return l.ret_values(&[TValue::NIL]);
        }
    }
}

/// `string.find(s, pattern [, init [, plain]])`
pub fn find(l: &mut LuaState) -> LResult<usize> {
    find_aux(l, true)
}

/// `string.match(s, pattern [, init])`
pub fn str_match(l: &mut LuaState) -> LResult<usize> {
    find_aux(l, false)
}

/// `string.gmatch(s, pattern)`: an iterator closure over (subject, pattern, next position).
pub fn gmatch(l: &mut LuaState) -> LResult<usize> {
    let s = l.check_str(1)?;
    let p = l.check_str(2)?;
    let sv = TValue::gc(crate::value::tag::STR, s as *const crate::gc::GcHeader);
    let pv = TValue::gc(crate::value::tag::STR, p as *const crate::gc::GcHeader);
    let f = l.new_native_closure(gmatch_iter, &[sv, pv, TValue::num(0.0)]);
    l.ret_values(&[f])
}

/// The iterator `string.gmatch` returns: the captures of the next match, or nothing.
fn gmatch_iter(l: &mut LuaState) -> LResult<usize> {
    let (sv, pv) = (l.native_upvalue(0), l.native_upvalue(1));
    let pos = l.native_upvalue(2);
    let start = if pos.is_num() {
        pos.as_num() as usize
    } else {
        0
    };
    let found = {
        let src = l.str_bytes(sv);
        let pat = l.str_bytes(pv);
        let mut m = Matcher::new(src, pat);
        let mut found = Ok(None);
        let mut s = start;
        while s <= src.len() {
            match m.match_at(s, 0) {
                Ok(Some(e)) => {
                    let next = if e == s { e + 1 } else { e };
                    found = m.captures(s, e, true).map(|caps| {
                        let vals: Vec<Result<Vec<u8>, usize>> = caps
                            .iter()
                            .map(|c| match *c {
                                Cap::Str(a, b) => Ok(src.get(a..b).unwrap_or(&[]).to_vec()),
                                Cap::Pos(n) => Err(n),
                            })
                            .collect();
                        Some((next, vals))
                    });
                    break;
                }
                Ok(None) => s += 1,
                Err(e) => {
                    found = Err(e);
                    break;
                }
            }
        }
        found
    };
    match found {
        Err(e) => Err(pat_error(l, e)),
        Ok(None) => {
            let past = l.str_bytes(sv).len() + 1;
            l.set_native_upvalue(2, TValue::num(past as f64));
            Ok(0)
        }
        Ok(Some((next, caps))) => {
            l.set_native_upvalue(2, TValue::num(next as f64));
            let vals: Vec<TValue> = caps
                .iter()
                .map(|c| match c {
                    Ok(b) => l.new_str(b),
                    Err(n) => TValue::num(*n as f64),
                })
                .collect();
            l.ret_values(&vals)
        }
    }
}

/// Append the replacement for one match of `string.gsub` to `out`.
fn add_value(
    l: &mut LuaState,
    out: &mut Vec<u8>,
    m: &Matcher,
    src: &[u8],
    s: usize,
    e: usize,
    repl: &Repl,
) -> LResult<()> {
    let whole = src.get(s..e).unwrap_or(&[]);
    let v = match repl {
        Repl::Str(r) => {
            let mut i = 0;
            while let Some(&c) = r.get(i) {
                i += 1;
                if c != b'%' {
                    out.push(c);
                    continue;
                }
                let d = r.get(i).copied().unwrap_or(0);
                i += 1;
                if !d.is_ascii_digit() {
                    out.push(d);
                } else if d == b'0' {
                    out.extend_from_slice(whole);
                } else {
                    match m.capture((d - b'1') as usize, s, e) {
                        Ok(Cap::Str(a, b)) => out.extend_from_slice(src.get(a..b).unwrap_or(&[])),
                        Ok(Cap::Pos(n)) => crate::strfmt::fmt_num(out, n as f64),
                        Err(err) => return Err(pat_error(l, err)),
                    }
                }
            }
            return Ok(());
        }
        Repl::Table(t) => {
            let first = m.capture(0, s, e).map_err(|err| pat_error(l, err))?;
            let key = cap_values(l, src, &[first]);
            l.index(*t, key[0])?
        }
        Repl::Func(f) => {
            let caps = m.captures(s, e, true).map_err(|err| pat_error(l, err))?;
            let args = cap_values(l, src, &caps);
            l.call_value(*f, &args, 1)?;
            l.pop_result()
        }
    };
    if v.is_falsy() {
        out.extend_from_slice(whole);
    } else if v.is_str() || v.is_num() {
        out.extend_from_slice(&l.tostring_raw(v));
    } else {
        let msg = format!("invalid replacement value (a {})", v.type_name());
        return Err(l.caller_error(msg.as_bytes()));
    }
    Ok(())
}

/// What `string.gsub` replaces matches with.
enum Repl {
    Str(Vec<u8>),
    Table(TValue),
    Func(TValue),
}

/// `string.gsub(s, pattern, repl [, n])`
pub fn gsub(l: &mut LuaState) -> LResult<usize> {
    let src = l.check_bytes(1)?;
    let pat = l.check_bytes(2)?;
    let rv = l.arg(2);
    let repl = if rv.is_str() || rv.is_num() {
        Repl::Str(l.check_bytes(3)?)
    } else if rv.is_tab() {
        Repl::Table(rv)
    } else if rv.is_func() {
        Repl::Func(rv)
    } else {
        return Err(l.arg_error(3, "string/function/table expected"));
    };
    let max_n = l.opt_int(4, src.len() as i64 + 1)?;
    let anchor = pat.first() == Some(&b'^');
    let p0 = usize::from(anchor);
    let mut m = Matcher::new(&src, &pat);
    let mut out = Vec::with_capacity(src.len());
    let mut s = 0;
    let mut n = 0i64;
    while n < max_n {
        let e = m.match_at(s, p0).map_err(|err| pat_error(l, err))?;
        if let Some(e) = e {
            n += 1;
            add_value(l, &mut out, &m, &src, s, e, &repl)?;
        }
        match e {
            Some(e) if e > s => s = e,
            _ => match src.get(s) {
                Some(&c) => {
                    out.push(c);
                    s += 1;
                }
                None => break,
            },
        }
        if anchor {
            break;
        }
    }
    out.extend_from_slice(src.get(s..).unwrap_or(&[]));
    let r = l.new_str(&out);
    l.ret_values(&[r, TValue::num(n as f64)])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Find the first match of `pat` in `src` like string.find: (start, end, captures).
    fn find(src: &str, pat: &str) -> PResult<Option<(usize, usize, Vec<Cap>)>> {
        let (sb, pb) = (src.as_bytes(), pat.as_bytes());
        let anchor = pb.first() == Some(&b'^');
        let mut m = Matcher::new(sb, pb);
        for s in 0..=sb.len() {
            if let Some(e) = m.match_at(s, usize::from(anchor))? {
                return Ok(Some((s, e, m.captures(s, e, false)?)));
            }
            if anchor {
                break;
            }
        }
        Ok(None)
    }

    fn span(src: &str, pat: &str) -> Option<(usize, usize)> {
        find(src, pat).unwrap().map(|(s, e, _)| (s, e))
    }

    #[test]
    fn literals_and_classes() {
        assert_eq!(span("hello world", "o w"), Some((4, 7)));
        assert_eq!(span("abc123", "%d+"), Some((3, 6)));
        assert_eq!(span("abc123", "%D+"), Some((0, 3)));
        assert_eq!(span(" \t\x0bx", "%S"), Some((3, 4)));
        assert_eq!(span("a\0b", "%z"), Some((1, 2)));
        assert_eq!(span("x.y", "%."), Some((1, 2)));
        assert_eq!(span("ab", "%g"), Some((0, 1)));
    }

    #[test]
    fn sets_and_ranges() {
        assert_eq!(span("xyz-b", "[a-c]"), Some((4, 5)));
        assert_eq!(span("abc-", "[%-]"), Some((3, 4)));
        assert_eq!(span("a-", "[a-]"), Some((0, 1)));
        assert_eq!(span("]", "[]]"), Some((0, 1)));
        assert_eq!(span("^a", "[^^]"), Some((1, 2)));
        assert_eq!(span("abc", "[^%a]"), None);
    }

    #[test]
    fn quantifiers() {
        assert_eq!(span("aaab", "a*"), Some((0, 3)));
        assert_eq!(span("aaab", "a-b"), Some((0, 4)));
        assert_eq!(span("b", "a+"), None);
        assert_eq!(span("ab", "a?b"), Some((0, 2)));
        assert_eq!(span("<a><b>", "<.->"), Some((0, 3)));
        assert_eq!(span("<a><b>", "<.*>"), Some((0, 6)));
    }

    #[test]
    fn anchors() {
        assert_eq!(span("abc", "^b"), None);
        assert_eq!(span("abc", "c$"), Some((2, 3)));
        assert_eq!(span("a$b", "$b"), Some((1, 3)));
    }

    #[test]
    fn balance_and_frontier() {
        assert_eq!(span("f(a(b)c) x", "%b()"), Some((1, 8)));
        assert_eq!(span("f(a", "%b()"), None);
        assert_eq!(span("THE (quick) fox", "%f[%a]%a+%f[%A]"), Some((0, 3)));
        assert_eq!(span("ab", "%f[%z]"), Some((2, 2)));
    }

    #[test]
    fn captures_and_backrefs() {
        let (_, _, caps) = find("key = val", "(%w+)%s*=%s*(%w+)").unwrap().unwrap();
        assert_eq!(caps, vec![Cap::Str(0, 3), Cap::Str(6, 9)]);
        let (_, _, caps) = find("abc", "()b()").unwrap().unwrap();
        assert_eq!(caps, vec![Cap::Pos(2), Cap::Pos(3)]);
        assert_eq!(span("x 'hi' y", "(['\"]).-%1"), Some((2, 6)));
        assert_eq!(span("aa", "()%1"), None);
    }

    #[test]
    fn errors() {
        assert_eq!(find("a", "%"), Err(PatError::EndsWithPercent));
        assert_eq!(find("a", "[a"), Err(PatError::MissingBracket));
        assert_eq!(find("a", "[]"), Err(PatError::MissingBracket));
        assert_eq!(find("a", "%fa"), Err(PatError::MissingFrontierSet));
        assert_eq!(find("a", "(a"), Err(PatError::UnfinishedCapture));
        assert_eq!(find("a", "a)"), Err(PatError::InvalidPatternCapture));
        assert_eq!(find("a", "%1"), Err(PatError::InvalidCaptureIndex));
        assert_eq!(find("a", "%b"), Err(PatError::Unbalanced));
        assert_eq!(find("a", &"()".repeat(33)), Err(PatError::TooManyCaptures));
    }

    #[test]
    fn depth_is_bounded() {
        let src = "a".repeat(300);
        assert!(find(&src, &"a?".repeat(199)).unwrap().is_some());
        assert_eq!(find(&src, &"a?".repeat(200)), Err(PatError::TooComplex));
        assert_eq!(find(&src, &"a?".repeat(100_000)), Err(PatError::TooComplex));
        let deep = "(".repeat(10_000);
        assert!(find("a", &deep).is_err());
    }

    #[test]
    fn never_panics_on_odd_patterns() {
        for pat in [
            "[", "[^", "[%", "[a-", "%b(", "%f[", "%f[a", "(()", ")", "%9", "[]-]", "$", "^$", "-",
            "*?",
        ] {
            for src in ["", "a", "]-", "(()"] {
                let _ = find(src, pat);
            }
        }
    }
}

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

/// The class letters of `%a`...`%z`; letter `i` of this list owns bit `i` of `CLASS`.
const CLASS_LETTERS: &[u8; 11] = b"acdglpsuwxz";

/// The classes byte `c` belongs to in the C locale, one bit per letter of `CLASS_LETTERS`.
const fn class_bits(c: u8) -> u16 {
    let member = [
        c.is_ascii_alphabetic(),
        c.is_ascii_control(),
        c.is_ascii_digit(),
        c.is_ascii_graphic(),
        c.is_ascii_lowercase(),
        c.is_ascii_punctuation(),
        matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'),
        c.is_ascii_uppercase(),
        c.is_ascii_alphanumeric(),
        c.is_ascii_hexdigit(),
        c == 0,
    ];
    let mut bits = 0;
    let mut i = 0;
    while i < member.len() {
        if member[i] {
            bits |= 1 << i;
        }
        i += 1;
    }
    bits
}

/// The bit of class letter `cl` (either case) in `CLASS`, 0 if it names no class.
const fn letter_bit(cl: u8) -> u16 {
    let lower = cl.to_ascii_lowercase();
    let mut i = 0;
    while i < CLASS_LETTERS.len() {
        if CLASS_LETTERS[i] == lower {
            return 1 << i;
        }
        i += 1;
    }
    0
}

/// Class bits (`of_letters` false) or letter bits (true) of all 256 bytes, so that a
/// class test is a load rather than a branch per letter.
const fn byte_table(of_letters: bool) -> [u16; 256] {
    let mut t = [0; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = if of_letters {
            letter_bit(c as u8)
        } else {
            class_bits(c as u8)
        };
        c += 1;
    }
    t
}

static CLASS: [u16; 256] = byte_table(false);
static LETTER: [u16; 256] = byte_table(true);

/// Does `c` match the escape `%cl`?
#[inline]
fn match_class(c: u8, cl: u8) -> bool {
    match LETTER[cl as usize] {
        0 => cl == c,
        bit => (CLASS[c as usize] & bit != 0) != cl.is_ascii_uppercase(),
    }
}

/// A single-character class, decoded once so that repetitions test bytes without
/// reading the pattern again.
#[derive(Clone, Copy, Debug)]
enum Single {
    Any,
    Byte(u8),
    /// `%a`-style: the class bit, and whether the letter was upper case (complement).
    Class(u16, bool),
    /// `[...]`: pattern positions of the `[` and of the closing `]`.
    Set(usize, usize),
}

/// What the subject must hold at a position for matching the rest of a pattern there to
/// have any chance. Only what an attempt would check first without side effects: a
/// position it rules out is one where the attempt fails at once, without an error.
#[derive(Clone, Copy, Debug)]
enum Next {
    /// No cheap test: try.
    Any,
    /// Only the end of the subject (the rest is a final `$`).
    End,
    /// A byte of this class.
    Single(Single),
}

/// A backtracking matcher of one pattern against one subject.
pub struct Matcher<'a> {
    src: &'a [u8],
    pat: &'a [u8],
    depth: usize,
    level: usize,
    caps: [(usize, CapLen); MAX_CAPTURES],
}

impl<'a> Matcher<'a> {
    pub fn new(src: &'a [u8], pat: &'a [u8]) -> Self {
        Matcher {
            src,
            // LuaJIT's matcher reads the pattern as a C string: a NUL ends it.
            pat: &pat[..pat.iter().position(|&c| c == 0).unwrap_or(pat.len())],
            depth: 0,
            level: 0,
            caps: [(0, CapLen::Open); MAX_CAPTURES],
        }
    }

    /// Pattern byte at `p`, 0 past the end (as a C string would read).
    #[inline]
    fn pb(&self, p: usize) -> u8 {
        self.pat.get(p).copied().unwrap_or(0)
    }

    /// Try to match the whole pattern at subject position `s`; the end of the match.
    fn match_at(&mut self, s: usize) -> PResult<Option<usize>> {
        self.level = 0;
        self.depth = 0;
        self.do_match(s, 0)
    }

    /// The first match starting at `init` or later (only at `init` if `anchored`): its
    /// start and end. Positions where an attempt would fail at its first item are
    /// skipped without one (memchr for a literal first byte).
    pub fn find(&mut self, init: usize, anchored: bool) -> PResult<Option<(usize, usize)>> {
        let len = self.src.len();
        if init > len {
            return Ok(None);
        }
        if anchored {
            return Ok(self.match_at(init)?.map(|e| (init, e)));
        }
        self.level = 0;
        self.depth = 0;
        let next = self.next_item(0);
        let lead = self.leading_repetition();
        let mut s = init;
        while let Some(at) = self.skip_to(next, s) {
            if let Some(e) = self.match_at(at)? {
                return Ok(Some((at, e)));
            }
            s = at + 1;
            if let Some(sg) = lead {
                // Past the run: what attempts inside it would try has failed already.
                let run = self.src[at..].iter().take_while(|&&c| self.matches(sg, c));
                s += run.count();
            }
        }
        Ok(None)
    }

    /// The first position from `s` (at most the subject's length) that `next` admits.
    fn skip_to(&self, next: Next, s: usize) -> Option<usize> {
        let rest = self.src.get(s..)?;
        match next {
            Next::Any => Some(s),
            Next::End => Some(self.src.len()),
            Next::Single(Single::Byte(b)) => memchr::memchr(b, rest).map(|i| s + i),
            Next::Single(sg) => rest
                .iter()
                .position(|&c| self.matches(sg, c))
                .map(|i| s + i),
        }
    }

    /// How many values the captures of the last match give: the whole match counts as
    /// one when there are no captures and `whole` is set.
    pub fn ncaps(&self, whole: bool) -> usize {
        if self.level == 0 && whole {
            1
        } else {
            self.level
        }
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
            let sg = self.single(p, ep);
            let m = self.matches_at(sg, s);
            match self.pb(ep) {
                b'?' => {
                    if m {
                        if let Some(r) = self.do_match(s + 1, ep + 1)? {
                            return Ok(Some(r));
                        }
                    }
                    p = ep + 1;
                }
                b'*' => return self.max_expand(s, sg, ep),
                b'+' => {
                    return if m {
                        self.max_expand(s + 1, sg, ep)
                    } else {
                        Ok(None)
                    }
                }
                b'-' => return self.min_expand(s, sg, ep),
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

    /// The single-character class `p..ep`, decoded.
    #[inline]
    fn single(&self, p: usize, ep: usize) -> Single {
        match self.pb(p) {
            b'.' => Single::Any,
            b'%' => {
                let cl = self.pb(p + 1);
                match LETTER[cl as usize] {
                    0 => Single::Byte(cl),
                    bit => Single::Class(bit, cl.is_ascii_uppercase()),
                }
            }
            b'[' => Single::Set(p, ep - 1),
            pc => Single::Byte(pc),
        }
    }

    /// Does byte `c` match `sg`?
    #[inline(always)]
    fn matches(&self, sg: Single, c: u8) -> bool {
        match sg {
            Single::Any => true,
            Single::Byte(b) => b == c,
            Single::Class(bit, complement) => (CLASS[c as usize] & bit != 0) != complement,
            Single::Set(p, ec) => self.match_bracket(c, p, ec),
        }
    }

    /// Is there a subject byte at `s`, and does it match `sg`?
    #[inline(always)]
    fn matches_at(&self, sg: Single, s: usize) -> bool {
        self.src.get(s).is_some_and(|&c| self.matches(sg, c))
    }

    /// Does `c` belong to the set `[...]` opening at `p` and closing at `ec`?
    fn match_bracket(&self, c: u8, p: usize, ec: usize) -> bool {
        let set = self.pat.get(p + 1..ec).unwrap_or(&[]);
        let (member, set) = match set.split_first() {
            Some((b'^', rest)) => (false, rest),
            _ => (true, set),
        };
        let mut i = 0;
        while let Some(&pc) = set.get(i) {
            if pc == b'%' {
                if match_class(c, set.get(i + 1).copied().unwrap_or(0)) {
                    return member;
                }
                i += 2;
            } else if set.get(i + 1) == Some(&b'-') && i + 2 < set.len() {
                if pc <= c && c <= set[i + 2] {
                    return member;
                }
                i += 3;
            } else {
                if pc == c {
                    return member;
                }
                i += 1;
            }
        }
        !member
    }

    /// What a `do_match(s, p)` made now would check first, as far as that is cheap to
    /// test and failing it is all the attempt could do: leading captures are looked
    /// through only while opening them can neither exceed the capture count nor the depth
    /// limit, and an item whose class is malformed gives `Next::Any` (the attempt reports it).
    fn next_item(&self, mut p: usize) -> Next {
        let mut opens = 0;
        while self.pb(p) == b'(' && opens <= MAX_CAPTURES {
            opens += 1;
            p += if self.pb(p + 1) == b')' { 2 } else { 1 };
        }
        if self.level + opens > MAX_CAPTURES || self.depth + 1 + opens > MAX_DEPTH {
            return Next::Any;
        }
        if self.pat.get(p) == Some(&b'$') && p + 1 == self.pat.len() {
            return Next::End;
        }
        match self.class_item(p) {
            Some(ep) if !matches!(self.pb(ep), b'?' | b'*' | b'-') => {
                Next::Single(self.single(p, ep))
            }
            _ => Next::Any,
        }
    }

    /// End of the single-character class item at `p`, if that is what the pattern has
    /// there: not a capture, a final `$`, `%b`, `%f`, a back-reference, nor malformed.
    fn class_item(&self, p: usize) -> Option<usize> {
        match *self.pat.get(p)? {
            b'(' | b')' => None,
            b'$' if p + 1 == self.pat.len() => None,
            b'%' if matches!(self.pb(p + 1), b'b' | b'f' | b'0'..=b'9') => None,
            _ => self.class_end(p).ok(),
        }
    }

    /// The class of the repetition (`*`, `+` or `-`) the pattern opens with, if it does.
    /// An attempt at `s` that fails has then tried the rest of the pattern, at depth 1
    /// and without captures, at every position the class's run from `s` reaches (and no
    /// others), so an attempt starting inside that run can only try a subset of them.
    fn leading_repetition(&self) -> Option<Single> {
        let ep = self.class_item(0)?;
        matches!(self.pb(ep), b'*' | b'+' | b'-').then(|| self.single(0, ep))
    }

    /// Does `next` allow a match attempt at subject position `s`?
    #[inline(always)]
    fn admits(&self, next: Next, s: usize) -> bool {
        match next {
            Next::Any => true,
            Next::End => s == self.src.len(),
            Next::Single(sg) => self.matches_at(sg, s),
        }
    }

    /// `%bxy` at subject position `s` (`p` points at `x`).
    #[inline(never)]
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

    /// Greedy repetition of `sg` (its pattern item ends at `ep`): take as many as
    /// possible, then back off, trying the rest only where its first item can match.
    #[inline(never)]
    fn max_expand(&mut self, s: usize, sg: Single, ep: usize) -> PResult<Option<usize>> {
        let run = self.src.get(s..).unwrap_or(&[]);
        let n = run.iter().take_while(|&&c| self.matches(sg, c)).count();
        let next = self.next_item(ep + 1);
        // Only the longest run can reach the end of the subject.
        let least = if matches!(next, Next::End) { n } else { 0 };
        for i in (least..=n).rev() {
            if self.admits(next, s + i) {
                if let Some(r) = self.do_match(s + i, ep + 1)? {
                    return Ok(Some(r));
                }
            }
        }
        Ok(None)
    }

    /// Lazy repetition of `sg`: try the rest first (where its first item can match),
    /// then take one more.
    #[inline(never)]
    fn min_expand(&mut self, mut s: usize, sg: Single, ep: usize) -> PResult<Option<usize>> {
        let next = self.next_item(ep + 1);
        loop {
            if self.admits(next, s) {
                if let Some(r) = self.do_match(s, ep + 1)? {
                    return Ok(Some(r));
                }
            }
            if !self.matches_at(sg, s) {
                return Ok(None);
            }
            s += 1;
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
    #[inline(never)]
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
    memchr::memmem::find(hay, p).map(|i| i + init)
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

fn pat_error(l: &mut LuaState, e: PatError) -> crate::state::Status {
    l.caller_error(e.msg().as_bytes())
}

/// Capture `i` of the match `s..e` as a Lua value.
fn cap_value(l: &mut LuaState, m: &Matcher, i: usize, s: usize, e: usize) -> LResult<TValue> {
    match m.capture(i, s, e) {
        Ok(Cap::Str(a, b)) => Ok(l.new_str(m.src.get(a..b).unwrap_or(&[]))),
        Ok(Cap::Pos(n)) => Ok(TValue::num(n as f64)),
        Err(err) => Err(pat_error(l, err)),
    }
}

/// Push the captures of the match `s..e` (the whole match if there are none and
/// `whole` is set); how many.
fn push_captures(l: &mut LuaState, m: &Matcher, s: usize, e: usize, whole: bool) -> LResult<usize> {
    let n = m.ncaps(whole);
    l.check_stack(n)?;
    for i in 0..n {
        let v = cap_value(l, m, i, s, e)?;
        l.push(v)?;
    }
    Ok(n)
}

/// The pattern argument without a leading `^`, and whether it had one.
fn anchor(pat: &[u8]) -> (&[u8], bool) {
    match pat.split_first() {
        Some((b'^', rest)) => (rest, true),
        _ => (pat, false),
    }
}

/// `string.find` and `string.match` share argument handling and the scan.
fn find_aux(l: &mut LuaState, find: bool) -> LResult<usize> {
    let src = l.check_bytes_ref(1)?;
    let pat = l.check_bytes_ref(2)?;
    let init = start_pos(l, 3, src.len())?;
    if find && (l.arg(3).is_truthy() || !pat.iter().any(|c| SPECIALS.contains(c))) {
        return match find_plain(src, pat, init) {
            Some(i) => l.ret_values(&[
                TValue::num((i + 1) as f64),
                TValue::num((i + pat.len()) as f64),
            ]),
            None => l.ret_values(&[TValue::NIL]),
        };
    }
    let (pat, anchored) = anchor(pat);
    let mut m = Matcher::new(src, pat);
    match m.find(init, anchored) {
        Err(e) => Err(pat_error(l, e)),
        Ok(None) => l.ret_values(&[TValue::NIL]),
        Ok(Some((s, e))) if find => {
            l.ret_values(&[TValue::num((s + 1) as f64), TValue::num(e as f64)])?;
            Ok(2 + push_captures(l, &m, s, e, false)?)
        }
        Ok(Some((s, e))) => push_captures(l, &m, s, e, true),
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

/// The bytes of a string upvalue of the running closure (none if debug.setupvalue put
/// something else there).
fn upvalue_bytes<'a>(v: TValue) -> &'a [u8] {
    if !v.is_str() {
        return &[];
    }
    // SAFETY: the running closure's upvalue roots the string (the collector moves
    // nothing), and `gmatch_iter` runs no Lua code that could replace it.
    unsafe { (*v.ptr::<crate::str::GcStr>()).as_bytes() }
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
    let (src, pat) = (upvalue_bytes(sv), upvalue_bytes(pv));
    let mut m = Matcher::new(src, pat);
    match m.find(start, false) {
        Err(e) => Err(pat_error(l, e)),
        Ok(None) => {
            l.set_native_upvalue(2, TValue::num((src.len() + 1) as f64));
            Ok(0)
        }
        Ok(Some((s, e))) => {
            let next = if e == s { e + 1 } else { e };
            l.set_native_upvalue(2, TValue::num(next as f64));
            push_captures(l, &m, s, e, true)
        }
    }
}

/// What `string.gsub` replaces matches with.
enum Repl<'a> {
    Str(&'a [u8]),
    Table(TValue),
    Func(TValue),
}

/// Append the replacement for the match `s..e` of `string.gsub` to `out`.
fn add_value(
    l: &mut LuaState,
    out: &mut Vec<u8>,
    m: &Matcher,
    s: usize,
    e: usize,
    repl: &Repl,
) -> LResult<()> {
    let whole = m.src.get(s..e).unwrap_or(&[]);
    let v = match *repl {
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
                        Ok(Cap::Str(a, b)) => out.extend_from_slice(m.src.get(a..b).unwrap_or(&[])),
                        Ok(Cap::Pos(n)) => crate::strfmt::fmt_num(out, n as f64),
                        Err(err) => return Err(pat_error(l, err)),
                    }
                }
            }
            return Ok(());
        }
        Repl::Table(t) => {
            let key = cap_value(l, m, 0, s, e)?;
            l.index(t, key)?
        }
        Repl::Func(f) => {
            let mut args = [TValue::NIL; MAX_CAPTURES];
            let n = m.ncaps(true);
            for (i, a) in args.iter_mut().enumerate().take(n) {
                *a = cap_value(l, m, i, s, e)?;
            }
            l.call_value1(f, &args[..n])?
        }
    };
    if v.is_falsy() {
        out.extend_from_slice(whole);
    } else if v.is_str() || v.is_num() {
        l.put_tostring_raw(v, out);
    } else {
        let msg = format!("invalid replacement value (a {})", v.type_name());
        return Err(l.caller_error(msg.as_bytes()));
    }
    Ok(())
}

/// `string.gsub(s, pattern, repl [, n])`, built in the interning scratch buffer.
pub fn gsub(l: &mut LuaState) -> LResult<usize> {
    let src = l.check_bytes_ref(1)?;
    let pat = l.check_bytes_ref(2)?;
    let rv = l.arg(2);
    let repl = if rv.is_str() || rv.is_num() {
        Repl::Str(l.check_bytes_ref(3)?)
    } else if rv.is_tab() {
        Repl::Table(rv)
    } else if rv.is_func() {
        Repl::Func(rv)
    } else {
        return Err(l.arg_error(3, "string/function/table expected"));
    };
    let max_n = l.opt_int(4, src.len() as i64 + 1)?;
    // Lua code run for a function or table replacement could overwrite the argument
    // slots that keep the subject and pattern alive (debug.setlocal): match copies then.
    let copies;
    let (src, pat) = match repl {
        Repl::Str(_) => (src, pat),
        _ => {
            copies = (src.to_vec(), pat.to_vec());
            (&copies.0[..], &copies.1[..])
        }
    };
    let (pat, anchored) = anchor(pat);
    let mut m = Matcher::new(src, pat);
    let mut out = std::mem::take(&mut l.g().strtab.buf);
    out.clear();
    let r = gsub_into(l, &mut m, &repl, max_n, anchored, &mut out);
    let r = r.map(|n| (l.new_str(&out), n));
    l.g().strtab.buf = out;
    let (s, n) = r?;
    l.ret_values(&[s, TValue::num(n as f64)])
}

/// The scan of `string.gsub`: the result into `out`; the number of matches replaced.
fn gsub_into(
    l: &mut LuaState,
    m: &mut Matcher,
    repl: &Repl,
    max_n: i64,
    anchored: bool,
    out: &mut Vec<u8>,
) -> LResult<i64> {
    let src = m.src;
    let mut s = 0;
    let mut n = 0i64;
    while n < max_n {
        let found = m.find(s, anchored).map_err(|err| pat_error(l, err))?;
        let Some((ms, e)) = found else { break };
        out.extend_from_slice(&src[s..ms]);
        n += 1;
        add_value(l, out, m, ms, e, repl)?;
        s = ms;
        if e > ms {
            s = e;
        } else if let Some(&c) = src.get(ms) {
            // An empty match: keep the byte after it and go on from the next.
            out.push(c);
            s += 1;
        } else {
            break;
        }
        if anchored {
            break;
        }
    }
    out.extend_from_slice(src.get(s..).unwrap_or(&[]));
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Find the first match of `pat` in `src` like string.find: (start, end, captures).
    fn find(src: &str, pat: &str) -> PResult<Option<(usize, usize, Vec<Cap>)>> {
        let (pat, anchored) = anchor(pat.as_bytes());
        let mut m = Matcher::new(src.as_bytes(), pat);
        let Some((s, e)) = m.find(0, anchored)? else {
            return Ok(None);
        };
        let caps = (0..m.ncaps(false)).map(|i| m.capture(i, s, e));
        Ok(Some((s, e, caps.collect::<PResult<_>>()?)))
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
    fn class_table_follows_the_c_locale() {
        for (c, cl, member) in [
            (b'\x0b', b's', true),
            (0x7f, b'c', true),
            (0x7f, b'g', false),
            (b'_', b'p', true),
            (b'_', b'w', false),
            (b'F', b'x', true),
            (b'g', b'x', false),
            (0, b'z', true),
            (0x80, b'a', false),
            (0xff, b'p', false),
            (b'~', b'g', true),
        ] {
            assert_eq!(match_class(c, cl), member, "{c:#x} in %{}", cl as char);
            assert_eq!(match_class(c, cl.to_ascii_uppercase()), !member);
        }
        // Letters that name no class match themselves.
        assert!(match_class(b'q', b'q') && !match_class(b'Q', b'q') && match_class(b'%', b'%'));
    }

    #[test]
    fn skipped_positions_hide_no_errors() {
        // The first item never matches, so no attempt reaches the malformed rest.
        assert_eq!(find("abc", "q%"), Ok(None));
        assert_eq!(find("abc", "(q[a"), Ok(None));
        // Where it can match, the attempt reports it.
        assert_eq!(find("abc", "b%"), Err(PatError::EndsWithPercent));
        assert_eq!(find("abc", "x*["), Err(PatError::MissingBracket));
        assert_eq!(find("abc", "a-%9"), Err(PatError::InvalidCaptureIndex));
        // The rest after a repetition is tried only where it can start, but its errors stay.
        assert_eq!(span("aaab", "a*b"), Some((0, 4)));
        assert_eq!(span("aaab", "a-b"), Some((0, 4)));
        assert_eq!(span("aaa", "a*$"), Some((0, 3)));
        assert_eq!(find("aab", "a*(b%"), Err(PatError::EndsWithPercent));
        // Leading captures are looked through only within the capture limit.
        let many = format!("x*{}a", "(".repeat(MAX_CAPTURES + 1));
        assert_eq!(find("xxb", &many), Err(PatError::TooManyCaptures));
    }

    #[test]
    fn scan_skips_the_run_of_a_failed_leading_repetition() {
        assert_eq!(span("aaab aaac", "a*c"), Some((5, 9)));
        assert_eq!(span("aaab aaac", "a+c"), Some((5, 9)));
        assert_eq!(span("aaab aaac", "a-c"), Some((5, 9)));
        assert_eq!(span("ab\ncd\nef", "[^\n]*$"), Some((6, 8)));
        assert_eq!(span("xxyxxz", "x*y"), Some((0, 3)));
        // The rest of the pattern may refer back to its own captures.
        assert_eq!(span("aabb abcc", "a*(%a)%1"), Some((0, 4)));
        assert_eq!(span("ab abcc", "a*b(c)%1"), Some((3, 7)));
    }

    #[test]
    fn nul_ends_the_pattern() {
        assert_eq!(span("ab", "a\0c"), Some((0, 1)));
        assert_eq!(find("ab", "(a\0)"), Err(PatError::UnfinishedCapture));
        assert_eq!(find("ab", "[a\0]"), Err(PatError::MissingBracket));
        assert_eq!(span("a\0", "a%z"), Some((0, 2)));
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

//! The core of the Lua program generator: output, scopes of typed locals,
//! bounds on work and output, and random expressions and statements
//! (`sections` builds the feature-focused parts of a program on them).
//!
//! Safety by construction: code outside `pcall` only does what cannot raise
//! an error given the kinds of its locals (numbers stay numbers, strings
//! stay strings, loops are bounded, nothing recurses), and every operation
//! that can fail is generated as "risky" code inside `pcall`, whose error
//! message is printed.

use super::rng::Rng;

/// What a local is known to hold, so that safe code never raises an error.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    /// Always a number.
    Num,
    /// Always a string.
    Str,
    /// Anything: safe code only compares it, tests it or takes its type.
    Any,
    /// A table (without a metatable) whose values are numbers.
    Tab,
    /// An object made by the prelude's `O`: its metamethods return numbers.
    Obj,
    /// A function of numbers whose first result is a number.
    Fun,
}

/// A local variable in scope.
pub(super) struct Var {
    pub name: String,
    pub kind: Kind,
    /// Loop counters must not be assigned (the loop would not end).
    pub fixed: bool,
    /// For functions: parameters it needs and statements one call runs.
    pub arity: usize,
    pub cost: u64,
}

/// Number literals, each a complete primary expression: the boundaries of
/// `KSHORT` and of integer conversions, signed zeros, NaN, infinities,
/// denormals and numbers that print in exponent notation.
pub(super) const NUMS: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "7",
    "10",
    "100",
    "(-1)",
    "(-7)",
    "0.5",
    "(-0.5)",
    "2.5",
    "(-2.25)",
    "0.1",
    "(1/3)",
    "1e308",
    "(-1e308)",
    "1e-308",
    "5e-324",
    "2^53",
    "(2^53+1)",
    "2^31",
    "(-2^31)",
    "2^32",
    "4294967295",
    "32767",
    "32768",
    "(-32768)",
    "(-32769)",
    "65536",
    "1e15",
    "123456.789",
    "math.huge",
    "(-math.huge)",
    "(0/0)",
    "(-(0/0))",
    "(-0)",
    "0x7fffffff",
    "0x10",
    "3.5e2",
    "math.pi",
    "255",
    "256",
    "(-256)",
    "2^63",
    "1e100",
];

/// Small integers, for counts, indices and shifts.
pub(super) const INTS: &[&str] = &[
    "0", "1", "2", "3", "4", "5", "(-1)", "(-2)", "7", "8", "31", "32", "33", "(-3)",
];

/// Strings that convert to numbers (arithmetic coerces them).
pub(super) const NUM_STRS: &[&str] = &[
    "\"10\"",
    "\"0x1A\"",
    "\" 12 \"",
    "\"1e3\"",
    "\"-7.5\"",
    "\"0\"",
    "\"-0\"",
    "\"1e400\"",
    "\"  0x10  \"",
    "\"5.\"",
    "\".5\"",
];

/// Strings that do not convert to numbers.
pub(super) const STRS: &[&str] = &[
    "\"\"",
    "\"a\"",
    "\"abc\"",
    "\"Hello, World\"",
    "\"nan\"",
    "\"inf\"",
    "\"5e\"",
    "\"\\0\"",
    "\"z\\0z\"",
    "\"\\255\\1\"",
    "\"%d\"",
    "\"a.b\"",
    "\"[x]\"",
    "\"  \"",
    "\"0x\"",
    "\"key\"",
    "\"v\"",
    "\"\\n\"",
];

/// Table keys that are safe to store under: integers inside and outside an
/// array part, zero, negatives, fractions, huge numbers, strings (one of
/// them looks like a number) and booleans. NaN and nil are not.
pub(super) const KEYS: &[&str] = &[
    "1",
    "2",
    "3",
    "4",
    "5",
    "8",
    "9",
    "17",
    "0",
    "(-1)",
    "(-0)",
    "1.5",
    "(-0.5)",
    "100",
    "2^31",
    "2^53",
    "1e300",
    "math.huge",
    "\"x\"",
    "\"key\"",
    "\"10\"",
    "\"v\"",
    "true",
    "false",
];

/// Most lines a program may print.
const MAX_LINES: u64 = 3000;
/// Most statements a program may run (an estimate made while generating).
pub(super) const MAX_WORK: u64 = 300_000;
/// Most times one statement may run inside its enclosing loops.
pub(super) const MAX_MULT: u64 = 2000;
/// Most locals active in one function (Lua allows 200).
const MAX_LOCALS: usize = 120;

/// What entering a function saves, restored on leaving it.
pub(super) struct FnSave {
    fn_base: usize,
    mult: u64,
    loops: usize,
    vararg: bool,
    quiet: bool,
    cont: Option<String>,
    work: u64,
    in_co: bool,
}

/// The generator: a program under construction.
pub struct Gen {
    pub(super) rng: Rng,
    out: String,
    indent: usize,
    scopes: Vec<Vec<Var>>,
    /// Index in `scopes` of the current function's outermost scope.
    fn_base: usize,
    ids: usize,
    /// How many times the statement being generated runs per run of its function.
    pub(super) mult: u64,
    /// Lines printed so far (estimate).
    lines: u64,
    /// Statements run so far (estimate); a function's body counts per call.
    pub(super) work: u64,
    /// Enclosing loops in the current function (`break` needs one).
    pub(super) loops: usize,
    /// The current function is vararg (`...` is allowed).
    pub(super) vararg: bool,
    /// Printing is off (function bodies: calls would multiply the output).
    pub(super) quiet: bool,
    /// The innermost loop's continue label, if it has one.
    pub(super) cont: Option<String>,
    /// Inside a coroutine's body (at its top function level): `yield` is allowed.
    pub(super) in_co: bool,
}

impl Gen {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Gen {
        Gen {
            rng: Rng::new(seed),
            out: String::new(),
            indent: 0,
            scopes: vec![vec![]],
            fn_base: 0,
            ids: 0,
            mult: 1,
            lines: 0,
            work: 0,
            loops: 0,
            vararg: true,
            quiet: false,
            cont: None,
            in_co: false,
        }
    }

    /// The program text.
    pub fn finish(self) -> String {
        self.out
    }

    // ---- output and scopes -------------------------------------------------

    /// Writes one line at the current indentation.
    pub(super) fn line(&mut self, s: impl AsRef<str>) {
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
        self.out.push_str(s.as_ref());
        self.out.push('\n');
    }

    /// Writes a line that opens a block and enters its scope.
    pub(super) fn open(&mut self, s: impl AsRef<str>) {
        self.line(s);
        self.indent += 1;
        self.scopes.push(vec![]);
    }

    /// Leaves the innermost scope and writes the line that closes it.
    pub(super) fn close(&mut self, s: &str) {
        self.leave();
        self.line(s);
    }

    /// Leaves the innermost scope (the caller writes what ends it).
    fn leave(&mut self) {
        self.scopes.pop();
        self.indent -= 1;
    }

    /// Writes lines of a fixed template, keeping their relative indentation;
    /// counts a printed line per `P(` or `D(` in it (templates bound their
    /// own loops).
    pub(super) fn text(&mut self, s: &str) {
        self.lines += self.mult * (s.matches("P(").count() + s.matches("D(").count()) as u64;
        for l in s.lines() {
            self.line(l);
        }
    }

    /// Writes `P(args)` unconditionally (templates bound their own output).
    pub(super) fn p(&mut self, args: impl AsRef<str>) {
        self.lines += self.mult;
        self.line(format!("P({})", args.as_ref()));
    }

    /// A new unique name.
    pub(super) fn fresh(&mut self, prefix: &str) -> String {
        self.ids += 1;
        format!("{prefix}{}", self.ids)
    }

    /// Puts a local in the innermost scope.
    pub(super) fn bind(&mut self, name: &str, kind: Kind) {
        self.bind_var(Var {
            name: name.to_string(),
            kind,
            fixed: false,
            arity: 0,
            cost: 0,
        });
    }

    /// Puts a fully described local in the innermost scope.
    pub(super) fn bind_var(&mut self, v: Var) {
        self.scopes.last_mut().expect("a scope").push(v);
    }

    /// Marks the innermost local `name` as not assignable.
    pub(super) fn fix(&mut self, name: &str) {
        for s in self.scopes.iter_mut().rev() {
            if let Some(v) = s.iter_mut().rev().find(|v| v.name == name) {
                v.fixed = true;
                return;
            }
        }
    }

    /// Declares `local NAME = expr` of `kind`; returns the name.
    pub(super) fn declare(&mut self, kind: Kind, expr: &str) -> String {
        let name = self.fresh("v");
        self.line(format!("local {name} = {expr}"));
        self.bind(&name, kind);
        name
    }

    /// Can the current function take another local?
    pub(super) fn room(&self) -> bool {
        self.scopes[self.fn_base..]
            .iter()
            .map(Vec::len)
            .sum::<usize>()
            < MAX_LOCALS
    }

    /// A random visible local of `kind`, preferring recent ones.
    pub(super) fn var(&mut self, kind: Kind) -> Option<String> {
        let names: Vec<&Var> = self
            .scopes
            .iter()
            .flatten()
            .filter(|v| v.kind == kind)
            .collect();
        if names.is_empty() {
            return None;
        }
        let n = names.len();
        let i = if self.rng.chance(60) {
            n - 1 - self.rng.below(n.min(4))
        } else {
            self.rng.below(n)
        };
        Some(names[i].name.clone())
    }

    /// A random assignable local of `kind`.
    fn assignable(&mut self, kind: Kind) -> Option<String> {
        let names: Vec<String> = self
            .scopes
            .iter()
            .flatten()
            .filter(|v| v.kind == kind && !v.fixed)
            .map(|v| v.name.clone())
            .collect();
        (!names.is_empty()).then(|| self.rng.pick(&names).clone())
    }

    /// A random function local that one more call can afford, with its arity.
    fn callable(&mut self) -> Option<(String, usize)> {
        let budget = MAX_WORK.saturating_sub(self.work) / self.mult.max(1) / 4;
        let fs: Vec<(String, usize, u64)> = self
            .scopes
            .iter()
            .flatten()
            .filter(|v| v.kind == Kind::Fun && v.cost <= budget)
            .map(|v| (v.name.clone(), v.arity, v.cost))
            .collect();
        let (name, arity, cost) = fs.get(self.rng.below(fs.len().max(1)))?.clone();
        self.work += cost * self.mult;
        Some((name, arity))
    }

    /// Enters a function whose header line is `head`, with number parameters
    /// `params`; `quiet` functions print nothing (their callers do).
    pub(super) fn enter_fn(
        &mut self,
        head: &str,
        params: &[String],
        vararg: bool,
        quiet: bool,
    ) -> FnSave {
        let save = FnSave {
            fn_base: self.fn_base,
            mult: self.mult,
            loops: self.loops,
            vararg: self.vararg,
            quiet: self.quiet,
            cont: self.cont.take(),
            work: self.work,
            in_co: self.in_co,
        };
        self.open(head);
        self.fn_base = self.scopes.len() - 1;
        for p in params {
            self.bind(p, Kind::Num);
        }
        self.mult = 1;
        self.loops = 0;
        self.vararg = vararg;
        self.quiet = self.quiet || quiet;
        self.in_co = false;
        save
    }

    /// Leaves a function (writing `close`); returns what one call costs.
    pub(super) fn leave_fn(&mut self, save: FnSave, close: &str) -> u64 {
        self.close(close);
        let cost = self.work - save.work + 1;
        self.fn_base = save.fn_base;
        self.mult = save.mult;
        self.loops = save.loops;
        self.vararg = save.vararg;
        self.quiet = save.quiet;
        self.cont = save.cont;
        self.in_co = save.in_co;
        // The body's work was counted once; callers count it per call.
        self.work = save.work;
        cost
    }

    /// Generates an expression for the body of a new non-vararg function
    /// (`pcall(function() return ... end)`), where `...` is not allowed.
    pub(super) fn inner<T>(&mut self, f: impl FnOnce(&mut Gen) -> T) -> T {
        let vararg = std::mem::replace(&mut self.vararg, false);
        let r = f(self);
        self.vararg = vararg;
        r
    }

    /// Can a loop of `trips` iterations go here? If so, enters it.
    pub(super) fn enter_loop(&mut self, trips: u64) -> Option<u64> {
        let m = self.mult * trips.max(1);
        if m > MAX_MULT || self.work + m * 4 > MAX_WORK {
            return None;
        }
        let save = self.mult;
        self.mult = m;
        self.loops += 1;
        Some(save)
    }

    /// Leaves a loop entered by `enter_loop`.
    pub(super) fn leave_loop(&mut self, saved_mult: u64) {
        self.mult = saved_mult;
        self.loops -= 1;
    }

    /// May a statement print a line here? Counts the lines if so.
    pub(super) fn may_print(&mut self) -> bool {
        if self.quiet || self.lines + self.mult > MAX_LINES {
            return false;
        }
        self.lines += self.mult;
        true
    }

    /// Prints `args` with the prelude's `P` if printing is allowed here.
    pub(super) fn print(&mut self, args: &[String]) {
        if self.may_print() {
            self.line(format!("P({})", args.join(", ")));
        }
    }

    /// Is there work left for more statements?
    pub(super) fn busy(&self) -> bool {
        self.work + self.mult > MAX_WORK
    }

    // ---- literals ----------------------------------------------------------

    pub(super) fn num_lit(&mut self) -> String {
        if self.rng.chance(30) {
            return int(self.rng.range(-20, 300));
        }
        self.rng.pick(NUMS).to_string()
    }

    pub(super) fn int_lit(&mut self) -> String {
        self.rng.pick(INTS).to_string()
    }

    pub(super) fn str_lit(&mut self) -> String {
        if self.rng.chance(30) {
            self.rng.pick(NUM_STRS).to_string()
        } else {
            self.rng.pick(STRS).to_string()
        }
    }

    pub(super) fn key_lit(&mut self) -> String {
        self.rng.pick(KEYS).to_string()
    }

    // ---- expressions -------------------------------------------------------

    /// A literal made by `lit` (one time in `n`) or a visible local of `kind`.
    fn leaf(&mut self, kind: Kind, n: usize, lit: fn(&mut Gen) -> String) -> String {
        if self.rng.below(n) == 0 {
            return lit(self);
        }
        self.var(kind).unwrap_or_else(|| lit(self))
    }

    /// An expression that is always a number.
    pub(super) fn num(&mut self, d: u32) -> String {
        if d == 0 || self.rng.chance(25) {
            return self.leaf(Kind::Num, 4, Gen::num_lit);
        }
        let d = d - 1;
        match self.rng.below(16) {
            0..=3 => {
                let op = *self
                    .rng
                    .pick(&["+", "-", "*", "/", "%", "^", "+", "-", "*"]);
                let (a, b) = (self.num(d), self.num(d));
                format!("({a} {op} {b})")
            }
            4 => format!("(-{})", self.num(d)),
            5 => self.math_call(d),
            6 => {
                let (c, a, b) = (self.cond(d), self.num(d), self.num(d));
                format!("({c} and {a} or {b})")
            }
            7 => {
                let op = *self.rng.pick(&["+", "-", "*", "/", "%", "^"]);
                let (s, n) = (self.rng.pick(NUM_STRS).to_string(), self.num(d));
                if self.rng.chance(50) {
                    format!("({s} {op} {n})")
                } else {
                    format!("({n} {op} {s})")
                }
            }
            8 => match self.callable() {
                Some((f, arity)) => {
                    let args: Vec<String> = (0..arity + self.rng.below(2))
                        .map(|_| self.num(d))
                        .collect();
                    format!("{f}({})", args.join(", "))
                }
                None => self.num_lit(),
            },
            9 => self.obj_num(d),
            // Parenthesised: `#s ^ 2` would be `#(s ^ 2)`.
            10 => match self.rng.below(2) {
                0 => format!("(#{})", self.str(d)),
                _ => match self.var(Kind::Tab) {
                    Some(t) => format!("(#{t})"),
                    None => format!("(#{})", self.str(d)),
                },
            },
            11 if self.vararg => match self.rng.below(3) {
                0 => "select('#', ...)".to_string(),
                1 => "(... or 0)".to_string(),
                _ => format!("(select({}, ...) or 1)", self.rng.range(1, 3)),
            },
            12 => self.bit_call(d),
            13 => match self.var(Kind::Tab) {
                Some(t) => {
                    if self.rng.chance(50) {
                        format!("({t}[{}] or 0)", self.key_lit())
                    } else {
                        format!("({t}.{} or 1)", self.rng.pick(&["x", "key", "v", "n"]))
                    }
                }
                None => self.num_lit(),
            },
            _ => self.var(Kind::Num).unwrap_or_else(|| self.num_lit()),
        }
    }

    /// A call of a `math` function on numbers (none of them can fail).
    fn math_call(&mut self, d: u32) -> String {
        let a = self.num(d);
        match self.rng.below(14) {
            0 => format!("math.floor({a})"),
            1 => format!("math.ceil({a})"),
            2 => format!("math.abs({a})"),
            3 => format!("math.sqrt({a})"),
            4 => format!("math.fmod({a}, {})", self.num(d)),
            // The last argument in parentheses: a call's extra results
            // would be checked as numbers too.
            5 => format!("math.max({a}, {}, ({}))", self.num(d), self.num(d)),
            6 => format!("math.min({a}, ({}))", self.num(d)),
            7 => format!("(math.modf({a}))"),
            8 => format!("math.ldexp({a}, {})", self.int_lit()),
            9 => format!(
                "math.{}({a})",
                self.rng.pick(&[
                    "sin", "cos", "tan", "exp", "log", "log10", "atan", "sinh", "tanh", "deg",
                    "rad"
                ])
            ),
            10 => format!("math.pow({a}, {})", self.num(d)),
            11 => format!("math.atan2({a}, {})", self.num(d)),
            12 => format!("select(2, math.frexp({a}))"),
            _ => format!("math.random({})", self.rng.range(1, 1000)),
        }
    }

    /// A call of a `bit` function on numbers.
    fn bit_call(&mut self, d: u32) -> String {
        let a = self.num(d);
        match self.rng.below(8) {
            // As in `math_call`, the last argument in parentheses.
            0 => format!("bit.band({a}, ({}))", self.num(d)),
            1 => format!("bit.bor({a}, {}, ({}))", self.num(d), self.num(d)),
            2 => format!("bit.bxor({a}, ({}))", self.num(d)),
            3 => format!("bit.bnot({a})"),
            4 => format!(
                "bit.{}({a}, {})",
                self.rng
                    .pick(&["lshift", "rshift", "arshift", "rol", "ror"]),
                self.int_lit()
            ),
            5 => format!("bit.tobit({a})"),
            6 => format!("bit.bswap({a})"),
            _ => format!("bit.band({a}, 0xff)"),
        }
    }

    /// A number computed through an object's metamethods.
    fn obj_num(&mut self, d: u32) -> String {
        let Some(o) = self.var(Kind::Obj) else {
            return format!("O({}).v", self.num_lit());
        };
        match self.rng.below(8) {
            0 | 1 => {
                let op = *self.rng.pick(&["+", "-", "*", "/", "%", "^"]);
                let n = self.num(d);
                if self.rng.chance(50) {
                    format!("({o} {op} {n})")
                } else {
                    format!("({n} {op} {o})")
                }
            }
            2 => format!("(-{o})"),
            3 => {
                let args: Vec<String> = (0..self.rng.below(3)).map(|_| self.num(d)).collect();
                format!("{o}({})", args.join(", "))
            }
            4 => format!("{o}.v"),
            5 => format!("{o}.{}", self.rng.pick(&["zz", "w", "len"])),
            6 => format!("({o}[{}] or 0)", self.key_lit()),
            _ => match self.var(Kind::Obj) {
                Some(p) => format!("({o} + {p})"),
                None => format!("(#{o})"),
            },
        }
    }

    /// An expression that is always a string.
    pub(super) fn str(&mut self, d: u32) -> String {
        if d == 0 || self.rng.chance(25) {
            return self.leaf(Kind::Str, 3, Gen::str_lit);
        }
        let d = d - 1;
        match self.rng.below(12) {
            0..=2 => {
                let n = 2 + self.rng.below(3);
                let parts: Vec<String> = (0..n)
                    .map(|_| {
                        if self.rng.chance(60) {
                            self.str(d)
                        } else {
                            self.num(d)
                        }
                    })
                    .collect();
                format!("({})", parts.join(" .. "))
            }
            3 => {
                let (s, i, j) = (self.str(d), self.sub_index(d), self.sub_index(d));
                if self.rng.chance(50) {
                    format!("string.sub({s}, {i}, {j})")
                } else {
                    format!("({s}):sub({i})")
                }
            }
            4 => {
                let f = *self.rng.pick(&["upper", "lower", "reverse"]);
                let s = self.str(d);
                if self.rng.chance(50) {
                    format!("string.{f}({s})")
                } else {
                    format!("({s}):{f}()")
                }
            }
            5 => {
                let (s, n) = (self.str(d), self.rng.range(0, 3));
                if self.rng.chance(30) {
                    format!("string.rep({s}, {n}, \",\")")
                } else {
                    format!("string.rep({s}, {n})")
                }
            }
            6 => format!("tostring({})", self.num(d)),
            7 => {
                let spec = *self
                    .rng
                    .pick(&["%g", "%.3f", "%5.1f", "%.14g", "%e", "%10.4g", "%-6g|"]);
                let n = self.num(d);
                if self.rng.chance(50) {
                    format!("string.format(\"{spec}\", {n})")
                } else {
                    let s = self.str(d);
                    format!("string.format(\"[%s] %q {spec}\", {s}, {s}, {n})")
                }
            }
            8 => {
                let (c, a, b) = (self.cond(d), self.str(d), self.str(d));
                format!("({c} and {a} or {b})")
            }
            9 => match self.var(Kind::Obj) {
                Some(o) => {
                    let s = self.str(d);
                    if self.rng.chance(50) {
                        format!("({o} .. {s})")
                    } else {
                        format!("({s} .. {o})")
                    }
                }
                None => self.str_lit(),
            },
            10 => {
                let n = self.num(d);
                if self.rng.chance(50) {
                    format!("bit.tohex({n})")
                } else {
                    format!(
                        "bit.tohex({n}, {})",
                        self.rng.pick(&["1", "4", "8", "-4", "-8"])
                    )
                }
            }
            _ => {
                let codes: Vec<String> = (0..self.rng.below(4))
                    .map(|_| self.rng.range(0, 255).to_string())
                    .collect();
                format!("string.char({})", codes.join(", "))
            }
        }
    }

    /// A string index: small, negative, zero, past the end, or computed.
    fn sub_index(&mut self, d: u32) -> String {
        match self.rng.below(4) {
            0 => self.num(d.min(1)),
            _ => self
                .rng
                .pick(&["1", "2", "0", "(-1)", "(-3)", "5", "100", "(-100)", "1.5"])
                .to_string(),
        }
    }

    /// An expression used as a condition (any value; often a boolean).
    pub(super) fn cond(&mut self, d: u32) -> String {
        let d = d.saturating_sub(1);
        match self.rng.below(10) {
            0..=2 => {
                let op = *self.rng.pick(&["<", "<=", ">", ">=", "==", "~="]);
                let (a, b) = (self.num(d), self.num(d));
                format!("({a} {op} {b})")
            }
            3 => {
                let op = *self.rng.pick(&["<", "<=", ">", ">=", "==", "~="]);
                let (a, b) = (self.str(d), self.str(d));
                format!("({a} {op} {b})")
            }
            4 => {
                let x = self.any_var_or(d);
                let op = *self.rng.pick(&["==", "~="]);
                let k = match self.rng.below(5) {
                    0 => "nil".to_string(),
                    1 => self.rng.pick(&["true", "false"]).to_string(),
                    2 => self.num_lit(),
                    3 => self.str_lit(),
                    _ => self.any_var_or(d),
                };
                if self.rng.chance(70) {
                    format!("({x} {op} {k})")
                } else {
                    format!("({k} {op} {x})")
                }
            }
            5 => format!("(not {})", self.cond(d)),
            6 => {
                let op = *self.rng.pick(&["and", "or"]);
                let (a, b) = (self.cond(d), self.cond(d));
                format!("({a} {op} {b})")
            }
            7 => match (self.var(Kind::Obj), self.var(Kind::Obj)) {
                (Some(a), Some(b)) => {
                    let op = *self.rng.pick(&["<", "<=", ">", ">=", "==", "~="]);
                    format!("({a} {op} {b})")
                }
                _ => self.cond(d),
            },
            8 => {
                let x = self.any_var_or(d);
                let t = *self
                    .rng
                    .pick(&["number", "string", "nil", "table", "boolean", "function"]);
                format!("(type({x}) == \"{t}\")")
            }
            _ => self.any_var_or(d),
        }
    }

    /// A visible local of any kind, or a value of any type.
    pub(super) fn any_var_or(&mut self, d: u32) -> String {
        let kinds = [
            Kind::Any,
            Kind::Any,
            Kind::Num,
            Kind::Str,
            Kind::Tab,
            Kind::Obj,
            Kind::Fun,
        ];
        let k = *self.rng.pick(&kinds);
        match self.var(k) {
            Some(v) => v,
            None => self.any(d),
        }
    }

    /// A value of any type.
    pub(super) fn any(&mut self, d: u32) -> String {
        match self.rng.below(12) {
            0 | 1 => self.num(d),
            2 | 3 => self.str(d),
            4 => self.cond(d),
            5 => self.rng.pick(&["nil", "true", "false"]).to_string(),
            6 => self.var(Kind::Any).unwrap_or_else(|| "nil".to_string()),
            7 => "{}".to_string(),
            8 => format!("O({})", self.num(d)),
            9 => self.table_ctor(d),
            10 => format!("function() return {} end", self.num_lit()),
            _ => self
                .rng
                .pick(&["print", "math.floor", "string", "coroutine.running()"])
                .to_string(),
        }
    }

    /// A table constructor with number values: array items, named fields and
    /// bracketed keys, sometimes ending in a multiple-result call.
    pub(super) fn table_ctor(&mut self, d: u32) -> String {
        let mut items = Vec::new();
        for _ in 0..self.rng.below(6) {
            items.push(match self.rng.below(4) {
                0 | 1 => self.num(d.min(2)),
                2 => format!(
                    "{} = {}",
                    self.rng.pick(&["x", "key", "v", "n"]),
                    self.num(d.min(2))
                ),
                _ => format!("[{}] = {}", self.key_lit(), self.num(d.min(2))),
            });
        }
        if self.rng.chance(15) {
            items.push(
                self.rng
                    .pick(&["math.frexp(3)", "math.modf(2.5)", "unpack({1, 2, 3})"])
                    .to_string(),
            );
        }
        format!("{{{}}}", items.join(", "))
    }

    /// An expression that may raise an error (only inside `pcall`).
    pub(super) fn risky(&mut self, d: u32) -> String {
        // Parenthesised: a literal operand (`1`, `"s"`) cannot be indexed or
        // called bare, and `-` before a negative literal would start a comment.
        let a = format!("({})", self.any_var_or(d));
        let b = format!("({})", self.any_var_or(d));
        match self.rng.below(16) {
            0..=2 => {
                let op = *self.rng.pick(&["+", "-", "*", "/", "%", "^"]);
                format!("{a} {op} {b}")
            }
            3 | 4 => {
                let op = *self.rng.pick(&["<", "<=", ">", ">="]);
                format!("{a} {op} {b}")
            }
            5 => format!("{a} .. {b}"),
            6 => format!("{a}.{}", self.rng.pick(&["x", "v", "len", "key"])),
            7 => format!("{a}[{b}]"),
            8 => format!("{a}({b})"),
            9 => format!("#{a}"),
            10 => format!("-{a}"),
            11 => match self.rng.below(6) {
                0 => format!("string.sub({a}, {b})"),
                1 => format!("string.format(\"%d %x %c\", {a}, {b}, {b})"),
                2 => format!("string.byte({a}, {b})"),
                3 => format!("math.floor({a})"),
                4 => format!("bit.band({a}, {b})"),
                _ => format!("T(tostring({a})) .. ({b})"),
            },
            12 => format!("{a}.x.y"),
            13 => format!("undefined_global{}.field", self.rng.below(3)),
            14 => format!("error({a}, {})", self.rng.pick(&["0", "1", "2"])),
            _ => format!("{a}:method({b})"),
        }
    }

    // ---- statements --------------------------------------------------------

    /// A block of about `n` random statements.
    pub(super) fn block(&mut self, n: usize, d: u32) {
        for _ in 0..n {
            if self.busy() {
                break;
            }
            self.stmt(d);
        }
    }

    /// A block of one to `max` random statements.
    pub(super) fn block_upto(&mut self, max: usize, d: u32) {
        let n = 1 + self.rng.below(max);
        self.block(n, d);
    }

    /// One random statement (possibly compound, nesting at most `d` deep).
    pub(super) fn stmt(&mut self, d: u32) {
        self.work += self.mult;
        let e = 2 + self.rng.below(2) as u32;
        match self.rng.below(22) {
            0..=2 if self.room() => {
                let (kind, expr) = match self.rng.below(6) {
                    0 | 1 => (Kind::Num, self.num(e)),
                    2 => (Kind::Str, self.str(e)),
                    3 => (Kind::Any, self.any(e)),
                    4 => (Kind::Obj, format!("O({})", self.num(e))),
                    _ => (Kind::Tab, self.table_ctor(e)),
                };
                self.declare(kind, &expr);
            }
            3..=5 => self.assign(e),
            6..=8 => {
                let n = 1 + self.rng.below(4);
                let args: Vec<String> = (0..n)
                    .map(|_| match self.rng.below(5) {
                        0 | 1 => self.num(e),
                        2 => self.str(e),
                        3 => self.cond(e),
                        _ => {
                            let x = self.any_var_or(e);
                            format!("type({x})")
                        }
                    })
                    .collect();
                self.print(&args);
            }
            9 if d > 0 => {
                let c = self.cond(e);
                self.open(format!("if {c} then"));
                self.block_upto(3, d - 1);
                // The condition of `elseif` sees none of the `then` part's locals.
                if self.rng.chance(40) {
                    self.leave();
                    let c = self.cond(e);
                    self.open(format!("elseif {c} then"));
                    self.block_upto(2, d - 1);
                }
                if self.rng.chance(50) {
                    self.leave();
                    self.open("else");
                    self.block_upto(2, d - 1);
                }
                self.close("end");
            }
            10 | 11 if d > 0 => self.loop_stmt(d - 1),
            12 if d > 0 && self.room() => {
                self.local_function(d - 1);
            }
            13 => {
                if let Some((f, arity)) = self.callable() {
                    let args: Vec<String> = (0..arity).map(|_| self.num(e)).collect();
                    if self.rng.chance(50) && self.room() {
                        let (a, b) = (self.fresh("v"), self.fresh("v"));
                        self.line(format!("local {a}, {b} = {f}({})", args.join(", ")));
                        self.bind(&a, Kind::Num);
                        self.bind(&b, Kind::Any);
                    } else {
                        self.line(format!("{f}({})", args.join(", ")));
                    }
                }
            }
            14 | 15 => {
                let r = self.inner(|g| g.risky(e));
                if self.may_print() {
                    self.line(format!("P(pcall(function() return {r} end))"));
                }
            }
            16 => self.table_stmt(e),
            17 if d > 0 => {
                self.open("do");
                self.block_upto(3, d - 1);
                self.close("end");
            }
            18 if self.loops > 0 => {
                let c = self.cond(e);
                match &self.cont {
                    Some(l) if self.rng.chance(50) => {
                        let l = l.clone();
                        self.line(format!("if {c} then goto {l} end"));
                    }
                    _ => self.line(format!("if {c} then break end")),
                }
            }
            19 => {
                let g = format!("G{}", self.rng.below(4));
                let n = self.num(e);
                self.line(format!("{g} = {n}"));
                let x = self.num(e);
                self.print(&[g.clone(), format!("({g} + {x})")]);
            }
            20 => {
                if let (Some(a), Some(b)) = (self.assignable(Kind::Num), self.assignable(Kind::Num))
                {
                    self.line(format!("{a}, {b} = {b}, {a}"));
                }
            }
            _ => {
                // A full collection per iteration of a long loop would be slow.
                let what = if self.mult <= 10 {
                    *self.rng.pick(&["\"collect\"", "\"step\"", "\"step\", 10"])
                } else {
                    "\"step\""
                };
                self.line(format!("collectgarbage({what})"));
            }
        }
    }

    /// Assigns a new value to a local of a kind that keeps it safe.
    fn assign(&mut self, e: u32) {
        match self.rng.below(5) {
            0 | 1 => {
                if let Some(v) = self.assignable(Kind::Num) {
                    let x = self.num(e);
                    self.line(format!("{v} = {x}"));
                }
            }
            2 => {
                if let Some(v) = self.assignable(Kind::Str) {
                    // Strings assigned in loops or functions could double on each run.
                    let x = self.str(e);
                    self.line(format!("{v} = string.sub({x}, 1, 40)"));
                }
            }
            3 => {
                if let Some(v) = self.assignable(Kind::Any) {
                    let x = match self.rng.below(4) {
                        0 => self.rng.pick(&["nil", "true", "false"]).to_string(),
                        1 => self.num_lit(),
                        2 => self.str_lit(),
                        _ => self.any(e),
                    };
                    self.line(format!("{v} = {x}"));
                }
            }
            _ => {
                if let Some(o) = self.var(Kind::Obj) {
                    let (k, x) = (self.key_lit(), self.num(e));
                    self.line(format!("{o}[{k}] = {x}"));
                }
            }
        }
    }

    /// A statement on a number table: stores, appends, library calls, dumps.
    fn table_stmt(&mut self, e: u32) {
        let Some(t) = self.var(Kind::Tab) else {
            if self.room() {
                let c = self.table_ctor(e);
                self.declare(Kind::Tab, &c);
            }
            return;
        };
        match self.rng.below(8) {
            0 | 1 => {
                let (k, x) = (self.key_lit(), self.num(e));
                self.line(format!("{t}[{k}] = {x}"));
            }
            2 => {
                let x = self.num(e);
                self.line(format!("{t}[#{t} + 1] = {x}"));
            }
            3 => {
                let f = *self.rng.pick(&["x", "key", "v", "n"]);
                let x = self.num(e);
                self.line(format!("{t}.{f} = {x}"));
            }
            4 => {
                let x = self.num(e);
                // Parenthesised: a call's extra results would become
                // insert's position argument (and a huge one loops for ages).
                self.line(format!("table.insert({t}, ({x}))"));
            }
            5 => self.line(format!("table.remove({t})")),
            6 => {
                if self.may_print() {
                    self.line(format!("D({t})"));
                }
            }
            _ => {
                let k = self.key_lit();
                self.line(format!("{t}[{k}] = nil"));
            }
        }
    }

    /// A bounded loop: numeric `for`, `while` or `repeat` with a counter,
    /// sometimes with a continue label.
    fn loop_stmt(&mut self, d: u32) {
        let shape = self.rng.below(3);
        let trips = *self.rng.pick(&[0u64, 1, 2, 3, 5, 8, 20, 60, 130]);
        let Some(saved) = self.enter_loop(trips) else {
            return;
        };
        let body = 1 + self.rng.below(4);
        let cont = self.rng.chance(30).then(|| self.fresh("continue"));
        let outer_cont = std::mem::replace(&mut self.cont, cont.clone());
        match shape {
            0 => {
                let i = self.fresh("i");
                let (start, step) = (self.rng.range(-5, 5), *self.rng.pick(&[1i64, 1, 2, -1, -3]));
                let stop = start + step * (trips as i64 - 1);
                if step == 1 && self.rng.chance(50) {
                    self.open(format!("for {i} = {start}, {stop} do"));
                } else {
                    self.open(format!("for {i} = {start}, {stop}, {step} do"));
                }
                self.bind(&i, Kind::Num);
                self.loop_body(body, d, &cont);
                self.close("end");
            }
            1 => {
                let c = self.fresh("n");
                self.line(format!("local {c} = 0"));
                self.bind(&c, Kind::Num);
                self.fix(&c);
                self.open(format!("while {c} < {trips} do"));
                self.line(format!("{c} = {c} + 1"));
                self.loop_body(body, d, &cont);
                self.close("end");
            }
            _ => {
                let c = self.fresh("n");
                self.line(format!("local {c} = 0"));
                self.bind(&c, Kind::Num);
                self.fix(&c);
                self.open("repeat");
                self.line(format!("{c} = {c} + 1"));
                self.loop_body(body, d, &cont);
                self.close(&format!("until {c} >= {trips}"));
            }
        }
        self.cont = outer_cont;
        self.leave_loop(saved);
    }

    /// A loop's body; with a continue label, the statements sit in an inner
    /// `do` block so that no local is in scope at the label.
    fn loop_body(&mut self, n: usize, d: u32, cont: &Option<String>) {
        match cont {
            Some(l) => {
                self.open("do");
                self.block(n, d);
                self.close("end");
                self.line(format!("::{l}::"));
            }
            None => self.block(n, d),
        }
    }

    /// `local function f(params)` computing and returning numbers; callable
    /// by later statements (never by itself, so nothing recurses).
    pub(super) fn local_function(&mut self, d: u32) -> String {
        let f = self.fresh("f");
        let arity = self.rng.below(4);
        let params: Vec<String> = (0..arity).map(|_| self.fresh("a")).collect();
        let vararg = self.rng.chance(30);
        let mut plist = params.join(", ");
        if vararg {
            plist.push_str(if arity > 0 { ", ..." } else { "..." });
        }
        let save = self.enter_fn(
            &format!("local function {f}({plist})"),
            &params,
            vararg,
            true,
        );
        self.block_upto(4, d);
        let r = self.num(3);
        match self.rng.below(4) {
            0 => {
                let r2 = self.any(2);
                self.line(format!("return {r}, {r2}"));
            }
            1 => match self.callable() {
                // A tail call: its first result is a number too.
                Some((g, ga)) => {
                    let args: Vec<String> = (0..ga).map(|_| self.num(2)).collect();
                    self.line(format!("return {g}({})", args.join(", ")));
                }
                None => self.line(format!("return {r}")),
            },
            2 if vararg => self.line(format!("return {r}, ...")),
            _ => self.line(format!("return {r}")),
        }
        let cost = self.leave_fn(save, "end");
        self.bind_var(Var {
            name: f.clone(),
            kind: Kind::Fun,
            fixed: true,
            arity,
            cost,
        });
        f
    }
}

/// An integer literal; negative ones in parentheses, so that `a - -1` never
/// becomes the comment `a --1`.
pub(super) fn int(n: i64) -> String {
    if n < 0 {
        format!("({n})")
    } else {
        n.to_string()
    }
}

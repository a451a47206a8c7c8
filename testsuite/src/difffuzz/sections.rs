//! The feature-focused parts of a generated program. Each section exercises
//! one family of bytecodes or library paths with random operands, mixes in
//! random generic statements, and prints what it computes; `program` strings
//! a random selection of them together after the prelude.

use super::gen::{Gen, Kind, INTS, KEYS, NUM_STRS, STRS};

/// The prelude every program starts with (output and object helpers).
const PRELUDE: &str = include_str!("prelude.lua");

/// The line that ends the prelude.
pub(super) const BODY_MARK: &str = "-- difffuzz program";

/// A section: its name (printed, so a difference points at it) and generator.
type Section = (&'static str, fn(&mut Gen));

/// Every section.
const SECTIONS: &[Section] = &[
    ("random", Gen::sec_random),
    ("arith", Gen::sec_arith),
    ("compare", Gen::sec_compare),
    ("concat", Gen::sec_concat),
    ("tables", Gen::sec_tables),
    ("meta", Gen::sec_meta),
    ("closures", Gen::sec_closures),
    ("varargs", Gen::sec_varargs),
    ("tailcall", Gen::sec_tailcall),
    ("fornum", Gen::sec_fornum),
    ("iter", Gen::sec_iter),
    ("goto", Gen::sec_goto),
    ("coroutine", Gen::sec_coroutine),
    ("errors", Gen::sec_errors),
    ("string", Gen::sec_string),
    ("math", Gen::sec_math),
    ("bit", Gen::sec_bit),
    ("deep", Gen::sec_deep),
    ("hot", Gen::sec_hot),
    ("manylocals", Gen::sec_manylocals),
    ("globals", Gen::sec_globals),
    ("hooks", Gen::sec_hooks),
];

/// The sections `spec` selects: a comma-separated list of names, or of
/// `-name`s to leave out of all sections.
pub fn select_sections(spec: &str) -> Result<Vec<&'static str>, String> {
    let names: Vec<&str> = spec
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    let all: Vec<&'static str> = SECTIONS.iter().map(|(n, _)| *n).collect();
    for n in &names {
        if !all.contains(&n.trim_start_matches('-')) {
            return Err(format!("unknown section '{n}' (known: {})", all.join(", ")));
        }
    }
    let excluding = names.iter().any(|n| n.starts_with('-'));
    if excluding && names.iter().any(|n| !n.starts_with('-')) {
        return Err("--sections takes names or -names, not both".into());
    }
    let picked: Vec<&'static str> = all
        .into_iter()
        .filter(|n| names.contains(n) != excluding && !names.contains(&format!("-{n}").as_str()))
        .collect();
    if picked.is_empty() {
        return Err("--sections leaves no section".into());
    }
    Ok(picked)
}

/// The program for `seed`: the prelude, then random sections, each either a
/// `do` block of the main chunk or a function run by `pcall` (whose result
/// is printed); some programs end with an uncaught error.
/// `only` names the sections to draw from (empty: all of them).
pub fn program(seed: u64, only: &[&str]) -> String {
    let pool: Vec<Section> = SECTIONS
        .iter()
        .copied()
        .filter(|(n, _)| only.is_empty() || only.contains(n))
        .collect();
    let mut g = Gen::new(seed);
    g.text(PRELUDE);
    if g.rng.chance(30) {
        // A collection at nearly every allocation: values the interpreter
        // holds but the collector cannot see get freed while still in use.
        let mul = *g.rng.pick(&["100", "400", "1000"]);
        g.line(format!(
            "collectgarbage(\"setpause\", 0) collectgarbage(\"setstepmul\", {mul})"
        ));
    }
    g.line(format!("{BODY_MARK}, seed {seed}"));
    let n = 8 + g.rng.below(12);
    for k in 0..n {
        if g.busy() {
            break;
        }
        let (name, sec) = *g.rng.pick(&pool);
        g.line(format!("-- section {k}: {name}"));
        if g.rng.chance(50) {
            g.open("do");
            g.p(format!("\"section {k} {name}\""));
            sec(&mut g);
            g.close("end");
        } else {
            let save = g.enter_fn("P(\"section\", pcall(function()", &[], false, false);
            g.p(format!("\"section {k} {name}\""));
            sec(&mut g);
            let r = g.num(2);
            g.line(format!("return \"{name}\", {r}"));
            let cost = g.leave_fn(save, "end))");
            // Run once, right here.
            g.work += cost;
        }
    }
    if g.rng.chance(10) {
        let e = *g.rng.pick(&[
            "error(\"the end\")",
            "error({})",
            "error(42, 2)",
            "local x = nil; x.field = 1",
            "undefined_function_at_the_end()",
            "os.exit(false)",
            "os.exit(true)",
            "os.exit(1)",
        ]);
        g.line(e);
    }
    g.finish()
}

impl Gen {
    /// A new local holding a random number literal.
    fn num_local(&mut self) -> String {
        let x = self.num_lit();
        self.declare(Kind::Num, &x)
    }

    /// A few random generic statements, sometimes.
    fn mix(&mut self) {
        if self.rng.chance(40) {
            let n = 1 + self.rng.below(3);
            self.block(n, 2);
        }
    }

    fn sec_random(&mut self) {
        let n = 8 + self.rng.below(20);
        self.block(n, 3);
    }

    /// Arithmetic with variable and constant operands (the VV, VN and NV
    /// forms), numeric strings, and results updated in place.
    fn sec_arith(&mut self) {
        let vars: Vec<String> = (0..2 + self.rng.below(4))
            .map(|_| self.num_local())
            .collect();
        let svars: Vec<String> = (0..self.rng.below(3))
            .map(|_| {
                let s = self.rng.pick(NUM_STRS).to_string();
                self.declare(Kind::Str, &s)
            })
            .collect();
        for _ in 0..4 + self.rng.below(12) {
            let k = 1 + self.rng.below(4);
            let exprs: Vec<String> = (0..k).map(|_| self.arith(&vars, &svars, 2)).collect();
            self.p(exprs.join(", "));
            if self.rng.chance(30) {
                let v = self.rng.pick(&vars).clone();
                let e = self.arith(&vars, &svars, 1);
                self.line(format!("{v} = {e}"));
            }
        }
        self.mix();
    }

    /// A random arithmetic expression over `vars` (numbers) and `svars`
    /// (numeric strings).
    fn arith(&mut self, vars: &[String], svars: &[String], d: u32) -> String {
        let operand = |g: &mut Gen| -> String {
            match g.rng.below(10) {
                0..=5 => g.rng.pick(vars).clone(),
                6 | 7 => g.num_lit(),
                8 if !svars.is_empty() => g.rng.pick(svars).clone(),
                8 => g.rng.pick(NUM_STRS).to_string(),
                _ if d > 0 => g.arith(vars, svars, d - 1),
                _ => g.rng.pick(vars).clone(),
            }
        };
        let (a, b) = (operand(self), operand(self));
        match self.rng.below(9) {
            0 => format!("(-{a})"),
            n => format!(
                "({a} {} {b})",
                ["+", "-", "*", "/", "%", "^", "%", "-"][n - 1]
            ),
        }
    }

    /// Comparisons in value and branch contexts: NaN, signed zeros and
    /// infinities, strings, constants on either side, mixed types (errors),
    /// and the comparison metamethods.
    fn sec_compare(&mut self) {
        let (a, b) = (self.num_local(), self.num_local());
        let (s1, s2) = (self.str_lit(), self.str_lit());
        let (s1, s2) = (self.declare(Kind::Str, &s1), self.declare(Kind::Str, &s2));
        for _ in 0..3 + self.rng.below(8) {
            match self.rng.below(12) {
                0 | 1 => self.p(format!("{a} < {b}, {a} <= {b}, {a} > {b}, {a} >= {b}, {a} == {b}, {a} ~= {b}")),
                2 => self.p(format!("{s1} < {s2}, {s1} <= {s2}, {s1} > {s2}, {s1} >= {s2}, {s1} == {s2}, {s1} ~= {s2}")),
                3 => {
                    self.text(&format!(
                        "if {a} < {b} then P(\"if\", 1) elseif {a} == {b} then P(\"if\", 2) else P(\"if\", 3) end\n\
                         if not ({a} <= {b}) then P(\"ifnot\", 1) else P(\"ifnot\", 0) end\n\
                         if {a} >= {b} then P(\"ge\", 1) end\n\
                         if {b} > {a} then P(\"gt\", 1) else P(\"gt\", 0) end"
                    ));
                }
                4 => self.p(format!("not ({a} < {b}), not ({a} >= {b}), ({a} < {b}) == ({b} > {a}), ({a} <= {b}) and \"y\" or \"n\""))
                ,
                5 => {
                    let (k, s) = (self.num_lit(), self.str_lit());
                    self.p(format!("{a} == {k}, {k} ~= {a}, {a} == {s}, {a} == nil, nil == {a}, {a} == true, {s1} == {s}, {s} ~= {s1}, {a} == false"));
                }
                6 => {
                    let w = self.fresh("n");
                    self.text(&format!(
                        "local {w} = 0\nwhile {a} > {b} or {a} ~= {a} do\n  {w} = {w} + 1\n  if {w} > 2 then break end\nend\nP(\"while\", {w})"
                    ));
                }
                7 => self.p(format!(
                    "pcall(function() return {a} < {s1} end), pcall(function() return {s2} >= {b} end), {a} == {s1}"
                )),
                8 => {
                    let (x, y) = (self.num_lit(), self.num_lit());
                    self.text(&format!(
                        "local o1, o2 = O({x}), O({y})\n\
                         P(o1 < o2, o1 <= o2, o1 == o2, o1 ~= o2, o1 > o2, o1 >= o2)\n\
                         local o3 = setmetatable({{v = {x}}}, {{__eq = OMT.__eq}})\n\
                         local o4 = setmetatable({{v = {x}}}, {{__eq = function() return true end}})\n\
                         P(o1 == o3, o3 == o1, o1 == o4, o4 == o1, o4 == o4, o1 == o1)\n\
                         P(pcall(function() return o1 < 1 end))\n\
                         P(pcall(function() return 2 <= o2 end))"
                    ));
                }
                9 => {
                    let (x, y) = (self.num_lit(), self.num_lit());
                    self.text(&format!(
                        "local ltm = {{__lt = function(p, q) return V(p) < V(q) end}}\n\
                         local p1, p2 = setmetatable({{v = {x}}}, ltm), setmetatable({{v = {y}}}, ltm)\n\
                         P(p1 < p2, p1 > p2, pcall(function() return p1 <= p2 end))\n\
                         P(pcall(function() return {{}} < {{}} end))\n\
                         P(pcall(function() return {{}} <= {{}} end))"
                    ));
                }
                10 => {
                    let c = self.cond(3);
                    self.p(format!("{c}, ({c}) and 1 or 2"));
                }
                _ => {
                    let v = self.any(2);
                    self.text(&format!(
                        "local cv = {v}\nif cv then P(\"truthy\", type(cv)) else P(\"falsy\", cv) end\nP(cv == nil, cv ~= false, not cv, cv and 1, cv or 2)"
                    ));
                }
            }
        }
        self.mix();
    }

    /// Concatenation of strings and numbers (number formatting), chains with
    /// an object's `__concat` in the middle, and concatenation errors.
    fn sec_concat(&mut self) {
        for _ in 0..3 + self.rng.below(8) {
            match self.rng.below(7) {
                0 | 1 => {
                    let n = 2 + self.rng.below(5);
                    let parts: Vec<String> = (0..n)
                        .map(|_| match self.rng.below(3) {
                            0 => self.num_lit(),
                            1 => self.str_lit(),
                            _ => self.str(2),
                        })
                        .collect();
                    self.p(parts.join(" .. "));
                }
                2 => {
                    let x = self.num_lit();
                    self.p(format!(
                        "tostring({x}), {x} .. \"\", \"\" .. {x}, #({x} .. \"\")"
                    ));
                }
                3 => {
                    let (n, x) = (self.rng.range(0, 30), self.num_lit());
                    self.text(&format!(
                        "local cs = \"\"\nfor i = 1, {n} do cs = cs .. i .. \",\" .. {x} end\nP(cs, #cs)"
                    ));
                }
                4 => {
                    let (x, s) = (self.num_lit(), self.str_lit());
                    self.p(format!(
                        "\"a\" .. O({x}) .. \"b\" .. 1 .. O(2), {s} .. O({x}), O({x}) .. O(1)"
                    ));
                }
                5 => {
                    let v = self
                        .rng
                        .pick(&[
                            "nil",
                            "true",
                            "{}",
                            "print",
                            "O(1) .. nil",
                            "coroutine.create(print)",
                        ])
                        .to_string();
                    let s = self.str_lit();
                    self.p(format!("pcall(function() return {s} .. {v} end)"));
                    self.p(format!(
                        "pcall(function() local cx = {v}; return cx .. {s} end)"
                    ));
                }
                _ => {
                    let s = self.str(3);
                    self.p(s);
                }
            }
        }
        self.mix();
    }

    /// Tables with array and hash parts: integer, zero, negative, fractional
    /// and huge keys; constant-index and computed-index loads and stores;
    /// constructors (templates, multiple results); the table library.
    fn sec_tables(&mut self) {
        let t = self.fresh("t");
        let ctor = self.table_ctor(2);
        self.line(format!("local {t} = {ctor}"));
        self.bind(&t, Kind::Tab);
        let n = self.rng.range(0, 40);
        let k = self.num_lit();
        self.line(format!("for i = 1, {n} do {t}[i] = i * {k} end"));
        self.p(format!("#{t}, {t}[1], {t}[{n}], {t}[{n} + 1]"));
        for _ in 0..3 + self.rng.below(8) {
            match self.rng.below(12) {
                0 => {
                    let step = self.rng.range(1, 4);
                    self.line(format!("for i = 1, {n}, {step} do {t}[i] = nil end"));
                    self.p(format!("#{t}"));
                }
                1 => {
                    let keys: Vec<&str> = (0..3).map(|_| *self.rng.pick(KEYS)).collect();
                    for (i, key) in keys.iter().enumerate() {
                        let x = self.num(2);
                        self.line(format!("{t}[{key}] = {x} + {i}"));
                    }
                    self.p(format!(
                        "{t}[{}], {t}[{}], {t}[{}]",
                        keys[0], keys[1], keys[2]
                    ));
                }
                2 => {
                    let (a, b) = (self.rng.range(0, 300), self.rng.range(0, 300));
                    let x = self.num(2);
                    self.line(format!("{t}[{a}] = {x}"));
                    self.p(format!(
                        "{t}[{a}], {t}[{b}], {t}[1], {t}[255], {t}[256], {t}[1.0], {t}[\"1\"]"
                    ));
                }
                3 => {
                    self.text(&format!(
                        "{t}.sub = {{a = {{b = {{c = 5}}}}, [1] = {{2, 3}}}}\n\
                         P({t}.sub.a.b.c, {t}.sub[1][2], {t}[\"sub\"].a[\"b\"].c)\n\
                         {t}.sub = nil"
                    ));
                }
                4 => {
                    self.text(
                        "local function three() return 7, 8, 9 end\n\
                         local m1, m2, m3 = {three()}, {three(), three()}, {0, three()}\n\
                         local m4 = {(three())}\n\
                         P(#m1, #m2, #m3, #m4, m2[2], m2[4], m3[4], m4[2])",
                    );
                }
                5 => {
                    self.line(format!(
                        "local ts = 0 for i = 1, #{t} do ts = ts + ({t}[i] or 0) end"
                    ));
                    self.p("ts");
                }
                6 => {
                    let e = self.inner(|g| g.num(2));
                    self.p(format!(
                        "pcall(function() {t}[{e}] = 1 return {t}[{e}] end)"
                    ));
                }
                7 => {
                    self.p(format!(
                        "pcall(function() {t}[nil] = 1 end), pcall(function() {t}[0/0] = 1 end), pcall(rawset, {t}, 0/0, 1), {t}[nil], {t}[0/0]"
                    ));
                }
                8 => {
                    self.p(format!(
                        "pcall(table.concat, {t}, \",\"), pcall(table.concat, {t}, \", \", 2, 3)"
                    ));
                    let x = self.num(1);
                    self.line(format!("table.insert({t}, 1, ({x}))"));
                    self.p(format!(
                        "table.remove({t}, 1), table.remove({t}), #{t}, table.maxn({t})"
                    ));
                }
                9 => {
                    self.p(format!("pcall(table.sort, {t})"));
                    self.p(format!(
                        "pcall(table.sort, {t}, function(a, b) return a > b end)"
                    ));
                    self.line(format!("D({t})"));
                }
                10 => self.p(format!("select('#', unpack({t})), unpack({t}, 1, 5)")),
                _ => {
                    let vals: Vec<String> =
                        (0..self.rng.range(1, 12)).map(|_| self.num_lit()).collect();
                    self.text(&format!(
                        "local tc = {{{}, x = 1, y = \"s\", [10] = 3, [-1] = 4}}\nD(tc)",
                        vals.join(", ")
                    ));
                }
            }
        }
        self.line(format!("D({t})"));
        self.mix();
    }

    /// Metatables: `__index` and `__newindex` as tables and functions (and
    /// chains of them), arithmetic and comparison metamethods with operands
    /// in both orders, `__call`, `__unm`, `__len`, `__concat`, `__tostring`,
    /// `__metatable`, and environments.
    fn sec_meta(&mut self) {
        let (x, y) = (self.num_lit(), self.num_lit());
        let index = if self.rng.chance(50) {
            "base".to_string()
        } else {
            format!("function(t, k) if type(k) == \"number\" then return k + {x} end return tostring(k) .. \"!\" end")
        };
        let newindex = if self.rng.chance(50) {
            "store".to_string()
        } else {
            "function(t, k, v) rawset(t, k, type(v) == \"number\" and v * 2 or v) end".to_string()
        };
        self.text(&format!(
            "local base, store = {{a = 1, b = {y}, [1] = 10, [2.5] = 20}}, {{}}\n\
             local mt = {{__index = {index}, __newindex = {newindex}}}\n\
             local mo = setmetatable({{}}, mt)\n\
             P(mo.a, mo.b, mo[1], mo[2.5], mo.zz, mo[3], rawget(mo, \"a\"))\n\
             mo.a = 5; mo.new = 6; mo[1] = 7; mo[100] = 8\n\
             P(rawget(mo, \"a\"), rawget(mo, \"new\"), store.new, store[1], mo.new, mo[100])\n\
             mo.a = 9\n\
             P(mo.a, rawget(mo, \"a\"))"
        ));
        for _ in 0..3 + self.rng.below(7) {
            match self.rng.below(11) {
                0 => {
                    let n = self.rng.range(1, 40);
                    self.line(format!("local ms = 0 for i = 1, {n} do ms = ms + (tonumber(mo[i]) or 0) + #tostring(mo[\"k\" .. i]) end"));
                    self.p("ms");
                }
                1 => {
                    let depth = self.rng.range(1, 5);
                    self.text(&format!(
                        "local chain = {{leaf = 1}}\n\
                         for i = 1, {depth} do chain = setmetatable({{[\"l\" .. i] = i}}, {{__index = chain}}) end\n\
                         setmetatable(base, {{__index = function(t, k) return \"fb:\" .. tostring(k) end}})\n\
                         P(chain.leaf, chain.l1, chain.missing, mo.deep)\n\
                         setmetatable(base, nil)"
                    ));
                }
                2 => {
                    let ret = self
                        .rng
                        .pick(&["\"add\"", "V(a) + V(b)", "nil", "{}"])
                        .to_string();
                    self.text(&format!(
                        "mt.__add = function(a, b) return {ret} end\n\
                         mt.__sub = function(a, b) return type(a) .. \"-\" .. type(b) end\n\
                         mt.__unm = function(a) return \"neg\" end\n\
                         mt.__mul = OMT.__mul"
                    ));
                    let (s, k) = (self.rng.pick(NUM_STRS).to_string(), self.num_lit());
                    self.p(format!(
                        "type(mo + 1), type(1 + mo), mo - {s}, {s} - mo, -mo, pcall(function() return mo * {k} end), pcall(function() return mo / 2 end)"
                    ));
                }
                3 => {
                    self.text(
                        "mt.__call = function(self, ...) return select('#', ...), ... end\n\
                         mt.__concat = function(a, b) return type(a) .. \"..\" .. type(b) end\n\
                         mt.__len = function() return 42 end\n\
                         mt.__tostring = function() return \"MO\" end",
                    );
                    self.p("mo(1, nil, 3), mo(), mo .. \"x\", \"x\" .. mo, 1 .. mo, mo .. mo, #mo, tostring(mo)");
                }
                4 => {
                    let (a, b) = (self.num_lit(), self.num_lit());
                    self.p(format!(
                        "O({a}) + {b}, {b} - O({a}), O({a}) * O({b}), O({a}) / {b}, O({a}) % {b}, {b} ^ O({a}), -O({a}), O({a})({b}, {b}), O({a}) .. {b}, #O({a})"
                    ));
                }
                5 => {
                    self.text(
                        "local locked = setmetatable({}, {__metatable = \"locked\", __index = {q = 1}})\n\
                         P(getmetatable(locked), locked.q, pcall(setmetatable, locked, {}))\n\
                         P(getmetatable(\"abc\").__index == string, (\"abc\"):upper(), #getmetatable(mo) == 0)",
                    );
                }
                6 => {
                    let v = self.num_lit();
                    self.text(&format!(
                        "local genv = setmetatable({{}}, {{__index = function(t, k) return rawget(_G, k) or {v} end, __newindex = function(t, k, v) rawset(t, k, tostring(v)) end}})\n\
                         local function envf() gx = 5; return gx, some_global, type(P) end\n\
                         setfenv(envf, genv)\n\
                         P(envf())\n\
                         P(rawget(genv, \"gx\"), getfenv(envf) == genv, getfenv(1) == _G)"
                    ));
                }
                7 => {
                    self.text(
                        "setmetatable(_G, {__index = function(t, k) return \"G:\" .. k end})\n\
                         P(undefined_a, undefined_b, rawget(_G, \"undefined_a\"))\n\
                         setmetatable(_G, nil)",
                    );
                }
                // Metatables changed after use: no cached absence may survive.
                10 => {
                    let x = self.num_lit();
                    self.text(&format!(
                        "local cm = {{}}\n\
                         local co = setmetatable({{}}, cm)\n\
                         P(co.x, co[1], rawget(co, \"x\"))\n\
                         cm.__index = {{x = {x}, [1] = 2}}\n\
                         P(co.x, co[1])\n\
                         cm.__index = nil\n\
                         P(co.x)\n\
                         cm.__index = function(t, k) return k end\n\
                         P(co.x, co[1])\n\
                         cm.__newindex = function(t, k, v) rawset(t, k, \"nw\") end\n\
                         co.y = 1 co[5] = 1\n\
                         P(rawget(co, \"y\"), rawget(co, 5))\n\
                         cm.__newindex = nil\n\
                         co.z = 1 co[6] = 2\n\
                         P(rawget(co, \"z\"), rawget(co, 6))"
                    ));
                }
                8 => {
                    let k = self.key_lit();
                    let x = self.num(2);
                    self.text(&format!(
                        "local nm = setmetatable({{}}, {{__newindex = function(t, k, v) rawset(t, k, v) rawset(t, \"count\", (rawget(t, \"count\") or 0) + 1) end}})\n\
                         for i = 1, 5 do nm[i] = i; nm[{k}] = {x} end\n\
                         D(nm)"
                    ));
                }
                _ => {
                    let r = self.inner(|g| g.risky(2));
                    self.p(format!("pcall(function() return {r} end)"));
                }
            }
        }
        self.mix();
    }

    /// Closures: captured loop variables (closed per iteration, by `break`
    /// and by backward `goto`), shared upvalues, upvalue stores of every
    /// operand kind, nested closures.
    fn sec_closures(&mut self) {
        let (n, m, k) = (self.rng.range(1, 12), self.rng.range(1, 12), self.num_lit());
        self.text(&format!(
            "local fs = {{}}\n\
             for i = 1, {n} do\n\
             \x20 local j = i * {k}\n\
             \x20 fs[#fs + 1] = function(x) j = j + (x or 0); return i + j end\n\
             \x20 if i == {m} then break end\n\
             end\n\
             for q = 1, #fs do P(q, fs[q](q), fs[q](1), fs[q]()) end"
        ));
        for _ in 0..2 + self.rng.below(6) {
            match self.rng.below(7) {
                0 => {
                    let (a, s) = (self.num_lit(), self.str_lit());
                    self.text(&format!(
                        "local uv = 0\n\
                         local function inc() uv = uv + 1 return uv end\n\
                         local function get() return uv end\n\
                         local function setn() uv = {a} end\n\
                         local function sets() uv = {s} end\n\
                         local function setp() uv = true end\n\
                         local function setnil() uv = nil end\n\
                         inc() inc()\n\
                         P(get(), uv)\n\
                         setn() P(get()) sets() P(get()) setp() P(get()) setnil() P(get()) uv = 1 P(inc())"
                    ));
                }
                1 => {
                    let (a, b, c) = (self.num_lit(), self.num_lit(), self.num_lit());
                    self.p(format!(
                        "(function(x) return function(y) return function(z) return x + y * z end end end)({a})({b})({c})"
                    ));
                }
                2 => {
                    let n = self.rng.range(1, 8);
                    self.text(&format!(
                        "local ws, wi = {{}}, 0\n\
                         while wi < {n} do\n\
                         \x20 wi = wi + 1\n\
                         \x20 local cap = wi * 10\n\
                         \x20 ws[wi] = function() cap = cap + 1 return cap end\n\
                         end\n\
                         for q = 1, #ws do P(ws[q](), ws[q]()) end"
                    ));
                }
                3 => {
                    self.text(
                        "local function counter(start) local c = start return function(d) c = c + (d or 1) return c end end\n\
                         local c1, c2 = counter(1), counter(100)\n\
                         P(c1(), c1(), c2(), c1(5), c2(-1))",
                    );
                }
                4 => {
                    let again = self.fresh("again");
                    self.text(&format!(
                        "local gs, gi = {{}}, 1\n\
                         ::{again}::\n\
                         local gx = gi * 3\n\
                         gs[gi] = function() gx = gx + 1 return gx end\n\
                         gi = gi + 1\n\
                         if gi <= 3 then goto {again} end\n\
                         P(gs[1](), gs[2](), gs[3](), gs[1]())"
                    ));
                }
                5 => {
                    let v = self.num_local();
                    let f = self.fresh("f");
                    let d = self.fresh("a");
                    let save = self.enter_fn(
                        &format!("local function {f}({d})"),
                        std::slice::from_ref(&d),
                        false,
                        true,
                    );
                    let e = self.num(2);
                    self.line(format!("{v} = {v} + {d} return {e}"));
                    self.leave_fn(save, "end");
                    self.p(format!("{f}(1), {f}(2), {v}"));
                }
                _ => {
                    self.local_function(2);
                }
            }
        }
        self.mix();
    }

    /// Varargs: `select('#')`, nil holes, truncation in the middle of lists,
    /// multiple results as last arguments and in constructors, `unpack` of
    /// long lists (stack growth in calls and returns).
    fn sec_varargs(&mut self) {
        self.text(
            "local function va(...) return select('#', ...), ... end\n\
             local function pass(...) return ... end\n\
             local function sum(...) local s = 0 for i = 1, select('#', ...) do s = s + (select(i, ...) or 0) end return s end\n\
             local function fixed(a, b, ...) local c, d = ... return a, b, c, d, select('#', ...) end\n\
             local function ctor(...) local a, b = {..., 10}, {10, ...} return #a, #b, a[1], b[2] end",
        );
        let arg = |g: &mut Gen| -> String {
            match g.rng.below(5) {
                0 => "nil".to_string(),
                1 => g.str_lit(),
                _ => g.num_lit(),
            }
        };
        for _ in 0..3 + self.rng.below(8) {
            let n = self.rng.below(6);
            let args: Vec<String> = (0..n).map(|_| arg(self)).collect();
            let args = args.join(", ");
            let nums: Vec<String> = (0..n).map(|_| self.num_lit()).collect();
            let nums = nums.join(", ");
            match self.rng.below(10) {
                0 => self.p(format!("va({args})")),
                1 => self.p(format!("(va({args})), va(va({args}))")),
                2 => self.p(format!("pass({args}), pass({args})")),
                3 => self.p(format!("sum({nums}), sum(), sum(unpack({{{nums}}}))")),
                4 => self.p(format!("fixed({args})")),
                5 => self.p(format!("ctor({args})")),
                6 => {
                    let more = if n == 0 { String::new() } else { format!(", {args}") };
                    self.p(format!(
                        "select(-1, 1{more}), select(2, pass(1{more})), select('#'{more}), pcall(select, 0, 1), pcall(select, -5, 1)"
                    ));
                }
                7 => {
                    let len = *self.rng.pick(&[10, 100, 250, 1000, 5000]);
                    self.text(&format!(
                        "local big = {{}} for i = 1, {len} do big[i] = i end\n\
                         P(select('#', unpack(big)), sum(unpack(big)), #{{unpack(big)}}, select({len}, unpack(big)))"
                    ));
                }
                8 => {
                    self.text(&format!(
                        "local t = {{va({args})}}\nP(#t, t[1], t[2], t[{n} + 1])\nlocal x1, x2, x3 = pass({args})\nP(x1, x2, x3)"
                    ));
                }
                _ => self.p(format!("unpack({{{args}}}, 1, {n}), unpack({{}}, 1, 2), unpack({{1, 2, 3}}, 2), unpack({{1, 2}}, -1, 1)")),
            }
        }
        self.mix();
    }

    /// Tail calls: deep self and mutual recursion (no stack growth), tail
    /// calls of native functions, of `__call` objects, and with multiple and
    /// variable numbers of results.
    fn sec_tailcall(&mut self) {
        let n = *self.rng.pick(&[0, 1, 10, 1000, 20000]);
        let k = self.rng.range(0, 300);
        self.text(&format!(
            "local function tc(n, acc) if n <= 0 then return acc end return tc(n - 1, acc + n) end\n\
             local even, odd\n\
             function even(n) if n == 0 then return true end return odd(n - 1) end\n\
             function odd(n) if n == 0 then return false end return even(n - 1) end\n\
             P(tc({n}, 0), even({k}), odd({k}))\n\
             local function tcc(x) return tostring(x) end\n\
             local function tcv(...) return select('#', ...) end\n\
             local function tcw(...) return tcv(...) end\n\
             local function tcm(o, ...) return o(...) end\n\
             local function tcp(...) return pcall(error, ...) end\n\
             local function tcmulti(n) if n == 0 then return 1, nil, 3 end return tcmulti(n - 1) end\n\
             P(tcc(1.5), tcw(1, nil, nil), tcw(), tcm(O(3), 1, 2), tcp(\"e\", 0), tcmulti({k}))"
        ));
        if self.rng.chance(50) {
            self.text(
                "local function tcv2(n, ...) if n == 0 then return ... end return tcv2(n - 1, n, ...) end\n\
                 P(tcv2(5), select('#', tcv2(100)))",
            );
        }
        self.mix();
    }

    /// Numeric `for` with fractional, negative, zero, infinite and NaN
    /// bounds and steps (bounded by a counter), computed bounds, loop
    /// variables assigned in the body, and non-number bounds (errors).
    fn sec_fornum(&mut self) {
        const VALS: &[&str] = &[
            "1",
            "0",
            "(-1)",
            "3",
            "10",
            "(-10)",
            "0.5",
            "0.1",
            "(-0.25)",
            "(1/3)",
            "2.5",
            "math.huge",
            "(-math.huge)",
            "(0/0)",
            "(-0)",
            "2^53",
            "(2^53 - 2)",
            "\"2\"",
            "0x10",
        ];
        for _ in 0..2 + self.rng.below(5) {
            let (a, b, s) = (
                *self.rng.pick(VALS),
                *self.rng.pick(VALS),
                *self.rng.pick(VALS),
            );
            let head = if self.rng.chance(25) {
                format!("{a}, {b}")
            } else {
                format!("{a}, {b}, {s}")
            };
            let c = self.fresh("n");
            let modify = if self.rng.chance(30) {
                "\n    i = i * 2"
            } else {
                ""
            };
            self.text(&format!(
                "P(\"for\", {a}, {b}, {s}, pcall(function()\n\
                 \x20 local {c} = 0\n\
                 \x20 for i = {head} do\n\
                 \x20   {c} = {c} + 1\n\
                 \x20   if {c} > 12 then break end\n\
                 \x20   P(\"i\", i){modify}\n\
                 \x20 end\n\
                 \x20 return {c}\n\
                 end))"
            ));
        }
        let (a, b) = (self.num_local(), self.num_local());
        let s = *self.rng.pick(&["1", "0.5", "(-1)", "3"]);
        let c = self.fresh("n");
        self.text(&format!(
            "local {c} = 0\nfor i = {a}, {b}, {s} do\n  {c} = {c} + 1\n  if {c} >= 7 then break end\n  P(\"vi\", i)\nend\nP(\"vcount\", {c})"
        ));
        if self.rng.chance(40) {
            let (x, y) = (self.rng.range(1, 40), self.num_lit());
            self.text(&format!(
                "local acc = 0\nfor i = 1, {x} do for j = i, 1, -1 do acc = acc + i * j + {y} end end\nP(\"nested\", acc)"
            ));
        }
        self.mix();
    }

    /// Iteration: `pairs` (hash and array parts, in table order), `ipairs`
    /// over holes, `next` directly and as a generic-for iterator, stateless
    /// and closure iterators, stores and removals during traversal.
    fn sec_iter(&mut self) {
        let t = self.fresh("t");
        let ctor = self.table_ctor(2);
        self.line(format!("local {t} = {ctor}"));
        self.bind(&t, Kind::Tab);
        let n = self.rng.range(0, 12);
        self.line(format!("for i = 1, {n} do {t}[i * 2 - i % 2] = i end"));
        for _ in 0..2 + self.rng.below(6) {
            match self.rng.below(8) {
                0 => self.line(format!("for k, v in pairs({t}) do P(\"pairs\", k, v) end")),
                1 => self.line(format!(
                    "for i, v in ipairs({t}) do P(\"ipairs\", i, v) end"
                )),
                2 => self.line(format!("for k, v in next, {t} do P(\"next\", k, v) end")),
                3 => self.p(format!(
                    "next({t}), next({{}}), pcall(next, {t}, \"no such key\"), type(next)"
                )),
                4 => {
                    let n = self.rng.range(0, 8);
                    self.text(&format!(
                        "local function sq(s, i) i = i + 1 if i <= s then return i, i * i end end\n\
                         for i, v in sq, {n}, 0 do P(\"sq\", i, v) end"
                    ));
                }
                5 => {
                    self.line(format!("for k, v in pairs({t}) do {t}[k] = v * 2 end"));
                    self.line(format!("D({t})"));
                }
                6 => {
                    self.line(format!(
                        "for k in pairs({t}) do if type(k) == \"number\" and k % 2 == 0 then {t}[k] = nil end end"
                    ));
                    self.line(format!("D({t})"));
                }
                _ => {
                    let s = self.str_lit();
                    self.text(&format!(
                        "for w in string.gmatch(\"one two  three\" .. {s}, \"%a+\") do P(\"gm\", w) end\n\
                         local function range(n) local i = 0 return function() i = i + 1 if i <= n then return i end end end\n\
                         for i in range(3) do P(\"range\", i) end"
                    ));
                }
            }
        }
        self.mix();
    }

    /// `goto`: backward loops, forward skips, continue labels, leaving
    /// nested loops.
    fn sec_goto(&mut self) {
        let (k, n) = (self.rng.range(2, 4), self.rng.range(1, 12));
        let (top, skip) = (self.fresh("top"), self.fresh("skip"));
        self.text(&format!(
            "do\n\
             \x20 local gi = 0\n\
             \x20 ::{top}::\n\
             \x20 gi = gi + 1\n\
             \x20 if gi % {k} == 0 then goto {skip} end\n\
             \x20 P(\"goto\", gi)\n\
             \x20 ::{skip}::\n\
             \x20 if gi < {n} then goto {top} end\n\
             end"
        ));
        let (n2, m2) = (self.rng.range(1, 5), self.rng.range(1, 5));
        let next = self.fresh("next");
        self.text(&format!(
            "for i = 1, {n2} do\n\
             \x20 for j = 1, {m2} do\n\
             \x20   if j > i then goto {next} end\n\
             \x20   P(\"pair\", i, j)\n\
             \x20 end\n\
             \x20 ::{next}::\n\
             end"
        ));
        self.mix();
    }

    /// Coroutines: generators, values through resume and yield, yields
    /// across `pcall`, from nested calls, inside metamethods and in loops,
    /// errors inside coroutines, resuming dead and running coroutines.
    fn sec_coroutine(&mut self) {
        let (a, b) = (self.rng.range(-2, 3), self.rng.range(-2, 5));
        let calls = (b - a).max(0) + 3;
        self.text(&format!(
            "local gen = coroutine.wrap(function(a, b)\n\
             \x20 for i = a, b do coroutine.yield(i, i * 2) end\n\
             \x20 return \"done\"\n\
             end)\n\
             P(gen({a}, {b}))\n\
             for i = 1, {calls} do P(pcall(gen)) end"
        ));
        for _ in 0..1 + self.rng.below(4) {
            match self.rng.below(6) {
                0 => {
                    let end_ = *self.rng.pick(&[
                        "error(\"co-err\")",
                        "error({code = 1})",
                        "return 1, 2, 3",
                        "return",
                    ]);
                    let (x, y) = (self.num_lit(), self.str_lit());
                    self.text(&format!(
                        "local co = coroutine.create(function(...)\n\
                         \x20 local x, y = coroutine.yield(select('#', ...), ...)\n\
                         \x20 P(\"in co\", x, y)\n\
                         \x20 local ok, e = pcall(function() coroutine.yield(\"in pcall\") error({{code = 7}}) end)\n\
                         \x20 P(\"pcall in co\", ok, type(e), type(e) == \"table\" and e.code)\n\
                         \x20 {end_}\n\
                         end)\n\
                         P(coroutine.resume(co, 1, nil, 3))\n\
                         P(coroutine.status(co), coroutine.resume(co, {x}, {y}))\n\
                         P(coroutine.resume(co))\n\
                         P(coroutine.status(co), coroutine.resume(co))\n\
                         P(coroutine.status(co), coroutine.resume(co))"
                    ));
                }
                1 => self.yield_meta(),
                2 => {
                    let n = self.rng.range(0, 6);
                    self.line(format!(
                        "for v, w in coroutine.wrap(function() for i = 1, {n} do coroutine.yield(i, -i) end end) do P(\"cw\", v, w) end"
                    ));
                }
                3 => {
                    let d = self.rng.range(0, 50);
                    self.text(&format!(
                        "local function deep(n) if n == 0 then return coroutine.yield(\"deep\") end return deep(n - 1) + 1 end\n\
                         local dc = coroutine.create(deep)\n\
                         P(coroutine.resume(dc, {d}))\n\
                         P(coroutine.resume(dc, 10))\n\
                         P(coroutine.resume(dc))"
                    ));
                }
                4 => {
                    self.text(
                        "local outer = coroutine.create(function()\n\
                         \x20 local inner = coroutine.create(function(x) local y = coroutine.yield(x + 1) return y * 2 end)\n\
                         \x20 local _, v = coroutine.resume(inner, 1)\n\
                         \x20 local w = coroutine.yield(v)\n\
                         \x20 P(\"inner\", coroutine.resume(inner, w))\n\
                         \x20 P(\"self\", coroutine.resume(coroutine.running()))\n\
                         \x20 P(\"status\", coroutine.status(coroutine.running()), coroutine.status(inner))\n\
                         \x20 return \"outer done\"\n\
                         end)\n\
                         P(coroutine.resume(outer))\n\
                         P(coroutine.resume(outer, 20))\n\
                         P(pcall(table.sort, {3, 2, 1}, function(a, b) coroutine.yield() end))\n\
                         P(coroutine.running(), pcall(coroutine.yield, 1))",
                    );
                }
                _ => {
                    // A coroutine body of random statements that yields in between.
                    let save =
                        self.enter_fn("local rco = coroutine.wrap(function(...)", &[], true, false);
                    self.in_co = true;
                    for _ in 0..2 + self.rng.below(4) {
                        self.block_upto(3, 2);
                        let v = self.num(2);
                        self.line(format!("P(\"resumed with\", coroutine.yield({v}))"));
                    }
                    self.line("return \"rco done\"");
                    let cost = self.leave_fn(save, "end)");
                    self.work += cost;
                    self.line("for i = 1, 8 do P(pcall(rco, i, i * 2)) end");
                }
            }
        }
        self.mix();
    }

    /// Yields from inside metamethods called by the interpreter.
    fn yield_meta(&mut self) {
        const OPS: &[&str] = &[
            "P(\"r-index\", yo.foo)",
            "yo.bar = 5; P(\"r-newindex\", rawget(yo, \"bar\"))",
            "P(\"r-add\", yo + 1)",
            "P(\"r-lt\", yo < yo2)",
            "P(\"r-le\", yo <= yo2)",
            "P(\"r-concat\", yo .. \"x\" .. 1)",
            "P(\"r-eq\", yo == yo2)",
            "P(\"r-call\", yo(9))",
            "P(\"r-unm\", -yo)",
            "for i = 1, 3 do P(\"r-loop\", yo[i]) end",
        ];
        let n = 1 + self.rng.below(5);
        let body: Vec<&str> = (0..n).map(|_| *self.rng.pick(OPS)).collect();
        self.text(&format!(
            "local ymt = {{\n\
             \x20 __index = function(t, k) return coroutine.yield(\"index\", k) end,\n\
             \x20 __newindex = function(t, k, v) rawset(t, k, coroutine.yield(\"newindex\", k, v)) end,\n\
             \x20 __add = function(a, b) return coroutine.yield(\"add\") end,\n\
             \x20 __lt = function(a, b) return coroutine.yield(\"lt\") end,\n\
             \x20 __le = function(a, b) return coroutine.yield(\"le\") end,\n\
             \x20 __concat = function(a, b) return coroutine.yield(\"concat\") end,\n\
             \x20 __eq = function(a, b) return coroutine.yield(\"eq\") end,\n\
             \x20 __call = function(self, x) return coroutine.yield(\"call\", x) end,\n\
             \x20 __unm = function(a) return coroutine.yield(\"unm\") end,\n\
             }}\n\
             local yco = coroutine.wrap(function()\n\
             \x20 local yo, yo2 = setmetatable({{}}, ymt), setmetatable({{}}, ymt)\n\
             \x20 {}\n\
             \x20 return \"yco end\"\n\
             end)",
            body.join("\n  ")
        ));
        let vals = ["1", "\"s\"", "true", "false", "nil", "2.5"];
        for _ in 0..n * 3 + 2 {
            let v = *self.rng.pick(&vals);
            self.p(format!("pcall(yco, {v})"));
        }
    }

    /// `pcall`, `xpcall` and `error` with values of every type and levels,
    /// and runtime errors whose messages name variables.
    fn sec_errors(&mut self) {
        const CASES: &[&str] = &[
            "P(pcall(error))",
            "P(pcall(error, nil))",
            "P(pcall(error, 42))",
            "P(pcall(error, true))",
            "P(pcall(error, \"msg\"))",
            "P(pcall(error, \"msg\", 0))",
            "P(pcall(error, \"msg\", 2))",
            "local function lvl2() error(\"at level 2\", 2) end local function caller() lvl2() end P(pcall(caller))",
            "local ok, e = pcall(error, {code = 5}) P(ok, type(e), e.code)",
            "local ok, e = pcall(error, setmetatable({}, {__tostring = function() return \"custom\" end})) P(ok, tostring(e))",
            "P(xpcall(function() error(\"x\") end, function(m) return \"handled: \" .. tostring(m) end))",
            "P(xpcall(function() return 1, 2, 3 end, print))",
            "P(xpcall(function() error({}) end, function(m) return type(m) end))",
            "P(xpcall(function() local x = nil; return x.y end, function(m) return m end))",
            "P(pcall(pcall))",
            "P(pcall(pcall, error, \"e\"))",
            "P(select('#', pcall(error)))",
            "local t = nil P(pcall(function() return t.x end))",
            "P(pcall(function() local u; return u.x end))",
            "P(pcall(function() return undefined_g.x end))",
            "P(pcall(function() local q = {} return q.a.b end))",
            "P(pcall(function() local q = {} q.m() end))",
            "P(pcall(function() local s = \"x\" return s:nomethod() end))",
            "P(pcall(function() return 1 < \"2\" end))",
            "P(pcall(function() return {} < {} end))",
            "P(pcall(function() return #5 end))",
            "P(pcall(function() return -{} end))",
            "P(pcall(function() return (\"x\") .. {} end))",
            "P(pcall(function() local a = \"abc\" return a + 1 end))",
            "P(pcall(string.rep))",
            "P(pcall(string.sub))",
            "P(pcall(math.floor, \"x\"))",
            "P(pcall(setmetatable, 1, {}))",
            "P(pcall(function() for i = 1, \"x\" do end end))",
            "P(pcall(function() for i = {}, 1 do end end))",
            "P(pcall(function() for i = 1, 2, nil do end end))",
            "P(pcall(function() local t = setmetatable({}, {__index = function(t, k) error(\"idx \" .. k) end}) return t.foo end))",
            "P(pcall(function() local t = setmetatable({}, {__newindex = function() error({1}) end}) t.x = 1 end))",
            "P(pcall(function() local up = 1; return (function() return up.x.y end)() end))",
            "P(pcall(function() return math.huge.x end))",
            "P(pcall(function() local a = {} a.b.c = 1 end))",
            "P(pcall(function() undefined_fn() end))",
            "P(pcall(function() local t = {} t:nomethod() end))",
            "P(pcall(error, \"deep\", 3))",
            "P(pcall(tostring))",
            "P(pcall(function() return nil .. 1 end))",
            "P(pcall(function() local a, b = 1 return a < b end))",
            "P(pcall(function() return coroutine.resume(nil) end))",
            "P(pcall(coroutine.wrap(function() error(\"in wrap\") end)))",
            "P(pcall(coroutine.wrap(function() error({}) end)))",
            "P(T(debug.traceback(\"tb\", 1)))",
            "local function tb1() return debug.traceback(\"x\", 1) end local function tb2() return tb1() .. \"\" end P(T(tb2()))",
            "P(debug.getinfo(1, \"l\").currentline, debug.getinfo(1, \"S\").short_src, debug.getinfo(print).what)",
            "local function gl(a, b) local c = a + b return debug.getlocal(1, 3) end P(gl(1, 2))",
            "P(T(setmetatable({}, {__index = function(t, k) return debug.traceback(k, 1) end}).viameta))",
            "P(T(coroutine.wrap(function() return debug.traceback(\"co\", 1) end)()))",
            "P(pcall(debug.getinfo, 100), debug.getinfo(100))",
            "local function named() return debug.getinfo(1, \"n\").name, debug.getinfo(2, \"l\").currentline end P(named())",
            "P(xpcall(function() local x = nil; return x + 1 end, function(m) return T(debug.traceback(m)) end))",
        ];
        for _ in 0..4 + self.rng.below(12) {
            let c = *self.rng.pick(CASES);
            self.line(c);
        }
        for _ in 0..self.rng.below(4) {
            let r = self.inner(|g| g.risky(2));
            self.p(format!("pcall(function() return {r} end)"));
        }
        if self.rng.chance(30) {
            let n = self.rng.range(1, 30);
            self.text(&format!(
                "local errs = 0\nfor i = 1, {n} do\n  local ok = pcall(error, i)\n  if not ok then errs = errs + 1 end\nend\nP(\"errs\", errs)"
            ));
        }
        self.mix();
    }

    /// The string library: byte, char, sub, len, rep, format, find, match,
    /// gsub, gmatch, case and reversal, tonumber.
    fn sec_string(&mut self) {
        const PATS: &[&str] = &[
            "\"a\"",
            "\"%a+\"",
            "\"(%d+)\"",
            "\"^x\"",
            "\"x$\"",
            "\".-\"",
            "\"[%w_]+\"",
            "\"%s*\"",
            "\"()\"",
            "\"%b()\"",
            "\"%f[%w]%w+\"",
            "\"(a)(b)\"",
            "\"[^%s]\"",
            "\"%.\"",
            "\"[a-c]+\"",
            "\"[a\"",
            "\"%\"",
        ];
        const SUBJ: &[&str] = &[
            "\"hello world\"",
            "\"x = (1 + (2))\"",
            "\"abcabc\"",
            "\"  spaces  \"",
            "\"a1b22c333\"",
            "\"\"",
            "\"x.y.z\"",
            "\"\\0a\\0b\"",
        ];
        for _ in 0..4 + self.rng.below(10) {
            let s = if self.rng.chance(60) {
                self.rng.pick(SUBJ).to_string()
            } else {
                self.str(2)
            };
            let pat = *self.rng.pick(PATS);
            let (i, j) = (*self.rng.pick(INTS), *self.rng.pick(INTS));
            match self.rng.below(12) {
                0 => self.p(format!("string.byte({s}, {i}, {j}), ({s}):byte(), ({s}):byte(-1)")),
                1 => {
                    let codes: Vec<String> = (0..self.rng.below(5)).map(|_| self.rng.range(0, 255).to_string()).collect();
                    self.p(format!("string.char({}), pcall(string.char, 256), pcall(string.char, -1)", codes.join(", ")));
                }
                2 => {
                    let k = self.rng.range(0, 5);
                    self.p(format!(
                        "string.sub({s}, {i}, {j}), ({s}):sub({i}), ({s}):sub(-{k}), string.sub({s}, 2^31), string.sub({s}, -2^31, 1.5)"
                    ));
                }
                3 => {
                    let (n, m) = (self.rng.range(0, 4), self.rng.range(0, 3));
                    self.p(format!(
                        "#{s}, ({s}):len(), ({s}):rep({n}), string.rep({s}, {m}, \"|\"), string.rep(\"\", 5), pcall(string.rep, {s})"
                    ));
                }
                4 => {
                    let (spec, arg) = *self.rng.pick(&[
                        ("%d", "42"),
                        ("%5.2f", "math.pi"),
                        ("%-5s|", "\"ab\""),
                        ("%q", "\"a\\nb\\0c\\\"\""),
                        ("%x", "255"),
                        ("%X", "3735928559"),
                        ("%o", "8"),
                        ("%e", "12345.678"),
                        ("%g", "1e20"),
                        ("%c", "65"),
                        ("%%", "1"),
                        ("%i", "-7"),
                        ("%5.1s", "\"abc\""),
                        ("%d", "1.5"),
                        ("%d", "2^53"),
                        ("%x", "-1"),
                        ("%s", "nil"),
                        ("%s", "1.5"),
                        ("%08.3f", "-3.14159"),
                        ("%+d", "5"),
                        ("% d", "5"),
                        ("%#x", "255"),
                        ("%.0f", "0.5"),
                        ("%.20g", "0.1"),
                        ("%g", "0/0"),
                        ("%f", "1/0"),
                        ("%d", "0/0"),
                        ("%z", "1"),
                    ]);
                    self.p(format!("pcall(string.format, \"[{spec}]\", {arg})"));
                }
                5 => self.p(format!(
                    "pcall(string.find, {s}, {pat}), pcall(string.find, {s}, {pat}, {i}), string.find({s}, {pat}, 1, true)"
                )),
                6 => self.p(format!("pcall(string.match, {s}, {pat}), pcall(string.match, {s}, {pat}, {i})")),
                7 => {
                    let repl = *self.rng.pick(&[
                        "\"%1\"",
                        "\"<%0>\"",
                        "\"%%\"",
                        "{a = \"A\", b = false}",
                        "function(c) return c:upper() end",
                        "function() return nil end",
                        "function(c) return #c end",
                        "\"%2\"",
                    ]);
                    let n = self.rng.range(0, 3);
                    self.p(format!(
                        "pcall(string.gsub, {s}, {pat}, {repl}), pcall(string.gsub, {s}, {pat}, {repl}, {n})"
                    ));
                }
                8 => self.line(format!(
                    "for a, b in string.gmatch({s}, \"(%w)(%w?)\") do P(\"gm\", a, b) end"
                )),
                9 => self.p(format!("string.upper({s}), string.lower({s}), string.reverse({s}), tostring({s})")),
                10 => {
                    let (x, base) = (*self.rng.pick(&[
                        "\"0x10\"", "\"1e1\"", "\"  5  \"", "\"5 5\"", "\"\"", "\"z\"", "\"ff\"", "\"8\"", "\"1.5e+3\"",
                        "\"-0x1\"", "\"0x\"", "\".\"", "\"1e\"", "\"inf\"", "\"nan\"", "\"  -7  \"", "\"10\"",
                    ]), *self.rng.pick(&["10", "16", "36", "8", "2"]));
                    self.p(format!("tonumber({x}), pcall(tonumber, {x}, {base}), tonumber({x} .. \"1\")"));
                }
                _ => {
                    let t = self.str_lit();
                    self.p(format!("{s} < {t}, {s} == {s}, \"a\\0b\" < \"a\\0c\", \"\" < \"a\", \"Z\" < \"a\""));
                }
            }
        }
        self.mix();
    }

    /// `math`: special values through every function, `%` and `^` with all
    /// sign and special-value combinations, computed and constant.
    fn sec_math(&mut self) {
        const FNS: &[&str] = &[
            "math.floor",
            "math.ceil",
            "math.abs",
            "math.sqrt",
            "math.exp",
            "math.log",
            "math.log10",
            "math.sin",
            "math.cos",
            "math.tan",
            "math.asin",
            "math.acos",
            "math.atan",
            "math.sinh",
            "math.cosh",
            "math.tanh",
            "math.deg",
            "math.rad",
            "math.modf",
            "math.frexp",
        ];
        for _ in 0..4 + self.rng.below(10) {
            let (x, y) = (self.num_lit(), self.num_lit());
            match self.rng.below(7) {
                0 => {
                    let f = *self.rng.pick(FNS);
                    let g = *self.rng.pick(FNS);
                    self.p(format!("{f}({x}), {g}({y})"));
                }
                1 => {
                    let e = *self.rng.pick(&["1", "1024", "-1075", "0", "3.7"]);
                    self.p(format!(
                        "math.fmod({x}, {y}), math.max({x}, {y}), math.min({y}, {x}), math.pow({x}, {y}), math.atan2({x}, {y}), math.ldexp({x}, {e})"
                    ));
                }
                2 => {
                    let (a, b) = (self.num_local(), self.num_local());
                    self.p(format!("{a} % {b}, {a} % {y}, {x} % {b}, {x} % {y}, {a} ^ {b}, {a} ^ {y}, {x} ^ {b}"));
                }
                3 => {
                    let (a, b, c) = (self.rng.range(1, 100), self.rng.range(-5, 5), self.rng.range(5, 50));
                    self.p(format!(
                        "math.random({a}), math.random({b}, {c}), math.random() < 1, pcall(math.random, 2, 1), pcall(math.random, 0)"
                    ));
                }
                4 => self.p(format!("pcall(math.max), math.huge, -math.huge, math.pi, tostring(1e300 * 1e10), tostring(-(0/0)), tostring({x})")),
                5 => {
                    let (a, b) = (self.num_local(), self.num_local());
                    self.text(&format!(
                        "local mx = 0\nfor i = 1, 20 do mx = mx + ({a} * i) % ({b} + i) + (i - 10) ^ 2 / ({a} - i) end\nP(\"mloop\", mx)"
                    ));
                }
                _ => {
                    let e = self.num(4);
                    self.p(e);
                }
            }
        }
        self.mix();
    }

    /// `bit`: every function on special values, wide and negative numbers,
    /// fractions, all shift counts, and bad arguments.
    fn sec_bit(&mut self) {
        const VALS: &[&str] = &[
            "0",
            "1",
            "(-1)",
            "0x7fffffff",
            "0x80000000",
            "0xffffffff",
            "2^32 + 5",
            "(-2^31)",
            "1.5",
            "(-1.5)",
            "2^52",
            "2^53",
            "(0/0)",
            "math.huge",
            "0x12345678",
            "\"10\"",
            "255",
            "(-256)",
        ];
        const SHIFTS: &[&str] = &["0", "1", "(-1)", "4", "31", "32", "33", "63", "64"];
        for _ in 0..4 + self.rng.below(10) {
            let (a, b, c) = (
                *self.rng.pick(VALS),
                *self.rng.pick(VALS),
                *self.rng.pick(VALS),
            );
            let s = *self.rng.pick(SHIFTS);
            match self.rng.below(6) {
                0 => self.p(format!("bit.band({a}, {b}), bit.bor({a}, {b}, {c}), bit.bxor({a}, {b}, {c}, 1), bit.band({a})")),
                1 => self.p(format!(
                    "bit.lshift({a}, {s}), bit.rshift({a}, {s}), bit.arshift({a}, {s}), bit.rol({a}, {s}), bit.ror({a}, {s})"
                )),
                2 => {
                    let w = *self.rng.pick(&["1", "8", "-8", "-3", "0", "16"]);
                    self.p(format!("bit.tobit({a}), bit.bnot({a}), bit.bswap({a}), bit.tohex({a}), bit.tohex({a}, {w})"));
                }
                3 => self.p(format!("pcall(bit.band, {a}, \"x\"), pcall(bit.tobit), pcall(bit.lshift, {a})")),
                4 => {
                    let v = self.num_local();
                    self.text(&format!(
                        "local bx = {v}\nfor i = 1, 16 do bx = bit.bxor(bit.rol(bx, 5), i * 0x9e3779b9) end\nP(\"bloop\", bx, bit.tohex(bx))"
                    ));
                }
                _ => {
                    let e = self.num(3);
                    self.p(format!("bit.tobit({e})"));
                }
            }
        }
        self.mix();
    }

    /// Stack overflow inside `pcall`: plain, with big frames, with growing
    /// varargs, through `__index` functions, in a coroutine, and `__index`
    /// table cycles; afterwards the VM must go on normally.
    fn sec_deep(&mut self) {
        let case = self.rng.below(6);
        let body = match case {
            0 => "local function rec(n) depth = depth + 1 return 1 + rec(n + 1) end\nreturn rec(1)",
            1 => "local function rec2(a, b, c, d) local x, y, z = a + 1, b, c depth = depth + 1 return rec2(x, y, z, d) + 1 end\nreturn rec2(1, 2, 3, 4)",
            2 => "local function rv(...) depth = depth + 1 local r = rv(1, 2, ...) return r end\nreturn rv()",
            3 => "local mt = {} mt.__index = function(t, k) depth = depth + 1 return t[k] end\nreturn setmetatable({}, mt).x",
            4 => "local co = coroutine.wrap(function() local function rec(n) depth = depth + 1 return 1 + rec(n + 1) end return rec(1) end)\nreturn co()",
            _ => "local a, b = {}, {}\nsetmetatable(a, {__index = b}) setmetatable(b, {__index = a})\nreturn a.x",
        };
        if self.rng.chance(50) {
            self.text(&format!(
                "do\n  local depth = 0\n  local function handled()\n{}\n  end\n  local ok, e = xpcall(handled, function(m) return \"h:\" .. tostring(m) end)\n  P(\"overflow\", {case}, ok, depth, e)\nend",
                indent(body, 4)
            ));
        } else {
            self.text(&format!(
                "do\n  local depth = 0\n  local ok, e = pcall(function()\n{}\n  end)\n  P(\"overflow\", {case}, ok, depth, e)\nend",
                indent(body, 4)
            ));
        }
        self.p("\"after overflow\", select('#', unpack({1, 2, 3})), pcall(error, \"still ok\")");
        self.mix();
    }

    /// Hot loops and functions: enough iterations to run the hot-counter
    /// paths, printing only totals.
    fn sec_hot(&mut self) {
        let n = *self.rng.pick(&[60u64, 130, 300, 700]);
        let init = self.num_lit();
        let acc = self.declare(Kind::Num, &init);
        let f = self.fresh("f");
        self.line(format!("local function {f}(x) return x * 2 + 1 end"));
        let Some(saved) = self.enter_loop(n) else {
            return;
        };
        let quiet = std::mem::replace(&mut self.quiet, true);
        let i = self.fresh("i");
        self.open(format!("for {i} = 1, {n} do"));
        self.bind(&i, Kind::Num);
        let e = self.num(2);
        self.line(format!("{acc} = {acc} + {f}({i}) % 7 + ({e}) * 0"));
        let k = 1 + self.rng.below(3);
        self.block(k, 1);
        self.close("end");
        self.quiet = quiet;
        self.leave_loop(saved);
        self.p(acc.clone());
        let c = self.fresh("n");
        self.text(&format!(
            "local {c} = 0\nwhile {c} < {n} do {c} = {c} + 1 if {c} % 3 == 0 then {acc} = {acc} - 1 end end\nrepeat {c} = {c} - 2 until {c} <= 0\nP(\"hot\", {c}, {acc})"
        ));
    }

    /// Many locals: registers above 127 as operands of arithmetic, calls,
    /// table stores and concatenation.
    fn sec_manylocals(&mut self) {
        let save = self.enter_fn("P(\"manylocals\", pcall(function()", &[], false, false);
        let n = 130 + self.rng.below(50);
        let names: Vec<String> = (0..n).map(|i| format!("r{i}")).collect();
        for chunk in names.chunks(10) {
            let vals: Vec<String> = chunk.iter().map(|_| self.num_lit()).collect();
            self.line(format!("local {} = {}", chunk.join(", "), vals.join(", ")));
        }
        for _ in 0..3 + self.rng.below(6) {
            let (a, b, c) = (
                self.rng.pick(&names).clone(),
                self.rng.pick(&names).clone(),
                self.rng.pick(&names).clone(),
            );
            match self.rng.below(5) {
                0 => self.line(format!("{a} = {b} + {c} * {a}")),
                1 => self.p(format!("{a}, {b} - {c}, {a} < {b}, {a} == {c}, -{b}")),
                2 => self.p(format!("{a} .. \"|\" .. {b} .. \"|\" .. {c}")),
                3 => self.p(format!(
                    "select('#', {a}, {b}, {c}), math.max({a}, {b}, {c})"
                )),
                _ => self.p(format!(
                    "({{{a}, {b}, [{c} == {c} and {c} or 0] = {a}}})[1]"
                )),
            }
        }
        let last: Vec<&str> = names.iter().rev().take(12).map(String::as_str).collect();
        self.p(last.join(", "));
        let cost = self.leave_fn(save, "end))");
        self.work += cost;
    }

    /// Globals: stores and loads through `_G`, computed names, and values
    /// of every kind.
    fn sec_globals(&mut self) {
        for _ in 0..3 + self.rng.below(6) {
            let g = format!("G{}", self.rng.below(4));
            match self.rng.below(5) {
                0 => {
                    let x = self.num(2);
                    self.line(format!("{g} = {x}"));
                    self.p(format!("{g}, _G.{g}, _G[\"{g}\"], rawget(_G, \"{g}\")"));
                }
                1 => {
                    let s = self.str(2);
                    self.line(format!("_G[\"{g}\"] = {s}"));
                    self.p(g);
                }
                2 => {
                    let n = self.rng.range(1, 20);
                    self.line(format!("for i = 1, {n} do _G[\"gv\" .. i] = i end"));
                    self.p(format!("gv1, gv{n}, gv{}", n + 1));
                    self.line(format!("for i = 1, {n} do _G[\"gv\" .. i] = nil end"));
                }
                3 => {
                    self.line(format!("{g} = nil"));
                    self.p(format!("{g}, type({g})"));
                }
                _ => {
                    let s = self.rng.pick(STRS).to_string();
                    self.p(format!("pcall(function() return {g} .. {s} end)"));
                }
            }
        }
        self.mix();
    }
}

impl Gen {
    /// Debug hooks set and cleared in the middle of running code, from
    /// various call depths and inside coroutines: the generated interpreter
    /// hands over to the reference one while a hook is set, so its frames
    /// go on in the other interpreter and back. Hooks only count.
    fn sec_hooks(&mut self) {
        const MASKS: &[&str] = &[
            "\"l\"",
            "\"c\"",
            "\"r\"",
            "\"cr\"",
            "\"lcr\"",
            "\"\", 1",
            "\"\", 7",
            "\"l\", 13",
        ];
        let mask = *self.rng.pick(MASKS);
        self.text(
            "local hk = {n = 0, line = 0, call = 0, ret = 0, count = 0}\n\
             local function hook(ev, line)\n\
             \x20 hk.n = hk.n + 1\n\
             \x20 if ev == \"line\" then hk.line = hk.line + line elseif ev == \"call\" then hk.call = hk.call + 1\n\
             \x20 elseif ev == \"count\" then hk.count = hk.count + 1 else hk.ret = hk.ret + 1 end\n\
             end",
        );
        match self.rng.below(4) {
            0 => {
                self.line(format!("debug.sethook(hook, {mask})"));
                self.block_upto(6, 2);
                self.line("debug.sethook()");
            }
            1 => {
                let k = self.rng.range(0, 6);
                self.text(&format!(
                    "local function deep(k) if k == 0 then debug.sethook(hook, {mask}) return 1 end return deep(k - 1) + 1 end\n\
                     local function undeep(k) if k == 0 then debug.sethook() return 1 end return undeep(k - 1) + 1 end\n\
                     P(\"deep\", deep({k}))"
                ));
                self.block_upto(4, 1);
                self.p(format!("\"undeep\", undeep({k})"));
            }
            2 => {
                let n = self.rng.range(1, 60);
                self.text(&format!(
                    "local hs = 0\n\
                     for i = 1, {n} do\n\
                     \x20 if i % 10 == 3 then debug.sethook(hook, {mask}) elseif i % 10 == 7 then debug.sethook() end\n\
                     \x20 hs = hs + i * 2\n\
                     end\n\
                     debug.sethook()\n\
                     P(\"hs\", hs)"
                ));
            }
            _ => {
                self.text(&format!(
                    "local hco = coroutine.wrap(function(a)\n\
                     \x20 debug.sethook(hook, {mask})\n\
                     \x20 local b = coroutine.yield(a + 1)\n\
                     \x20 debug.sethook()\n\
                     \x20 local c = coroutine.yield(b * 2)\n\
                     \x20 return a + b + c\n\
                     end)\n\
                     P(\"hco\", hco(1), hco(2), hco(3))"
                ));
            }
        }
        self.p("\"hook\", hk.n, hk.line, hk.call, hk.ret, hk.count, debug.gethook() == nil");
        self.line("debug.sethook()");
        self.mix();
    }
}

/// Indents every line of `s` by `n` spaces.
fn indent(s: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    s.lines()
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_are_a_function_of_the_seed() {
        assert_eq!(program(3, &[]), program(3, &[]));
        assert_ne!(program(3, &[]), program(4, &[]));
    }

    #[test]
    fn every_section_is_reachable() {
        let all: String = (0..200).map(|s| program(s, &[])).collect();
        for (name, _) in SECTIONS {
            assert!(
                all.contains(&format!(" {name}\"")),
                "section {name} never generated"
            );
        }
    }

    #[test]
    fn sections_can_be_chosen_or_left_out() {
        assert_eq!(select_sections("goto,bit").unwrap(), vec!["goto", "bit"]);
        let most = select_sections("-goto, -bit").unwrap();
        assert_eq!(most.len(), SECTIONS.len() - 2);
        assert!(!most.contains(&"goto"));
        assert!(select_sections("nosuch").is_err());
        assert!(select_sections("goto,-bit").is_err());
        let p = program(5, &["goto"]);
        assert!(p.contains(" goto\"") && !p.contains(" bit\""), "{p}");
    }
}

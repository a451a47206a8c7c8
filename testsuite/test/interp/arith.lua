-- Arithmetic opcodes: ADD/SUB/MUL/DIV/MOD in their VV, VN and NV forms (inline for
-- two numbers, sse4.1 floor for MOD), POW and UNM, string coercion, the arithmetic
-- metamethods and their errors, and LEN.
local T = dofile("common.lua")

local inf, nan = 1 / 0, 0 / 0
local fmt = T.show

-- Source text of a number constant (nil when it has none that folds to itself).
local function literal(x)
  if x ~= x or x == 0 then return nil end
  if x == inf then return "1e999" elseif x == -inf then return "(-1e999)" end
  return x < 0 and string.format("(%.17g)", x) or string.format("%.17g", x)
end

-- Results of `a op b` for every b in vals, computed by VV; the VN and NV forms
-- (where the operand has a literal) must give the same text.
local function row(op, a, vals)
  local vv = loadstring("local a, b = ... return a " .. op .. " b")
  local out = {}
  for i = 1, #vals do
    local b = vals[i]
    local r = fmt(vv(a, b))
    local lb, la = literal(b), literal(a)
    if lb then
      local vn = fmt(loadstring("local a = ... return a " .. op .. " " .. lb)(a))
      assert(vn == r, op .. " VN " .. fmt(a) .. " " .. lb .. ": " .. vn .. " vs " .. r)
    end
    if la then
      local nv = fmt(loadstring("local b = ... return " .. la .. " " .. op .. " b")(b))
      assert(nv == r, op .. " NV " .. la .. " " .. fmt(b) .. ": " .. nv .. " vs " .. r)
    end
    out[i] = r
  end
  return table.concat(out, " ")
end

local small = {3, -2, 0, -0, 0.5, inf, -inf, nan}
local wide = {7, -7, 3, -3, 0, -0, 5.5, -5.5, inf, -inf, nan, 2 ^ 53, 1e308}

do --- add-all-forms
  T.eq(row("+", 3, small), '6 1 3 3 3.5 inf -inf nan')
  T.eq(row("+", -2, small), '1 -4 -2 -2 -1.5 inf -inf nan')
  T.eq(row("+", 0, small), '3 -2 0 0 0.5 inf -inf nan')
  T.eq(row("+", -0, small), '3 -2 0 -0 0.5 inf -inf nan')
  T.eq(row("+", 0.5, small), '3.5 -1.5 0.5 0.5 1 inf -inf nan')
  T.eq(row("+", inf, small), 'inf inf inf inf inf inf nan nan')
  T.eq(row("+", -inf, small), '-inf -inf -inf -inf -inf nan -inf nan')
  T.eq(row("+", nan, small), 'nan nan nan nan nan nan nan nan')
end

do --- sub-all-forms
  T.eq(row("-", 3, small), '0 5 3 3 2.5 -inf inf nan')
  T.eq(row("-", -2, small), '-5 0 -2 -2 -2.5 -inf inf nan')
  T.eq(row("-", 0, small), '-3 2 0 0 -0.5 -inf inf nan')
  T.eq(row("-", -0, small), '-3 2 -0 0 -0.5 -inf inf nan')
  T.eq(row("-", 0.5, small), '-2.5 2.5 0.5 0.5 0 -inf inf nan')
  T.eq(row("-", inf, small), 'inf inf inf inf inf nan inf nan')
  T.eq(row("-", -inf, small), '-inf -inf -inf -inf -inf -inf nan nan')
  T.eq(row("-", nan, small), 'nan nan nan nan nan nan nan nan')
end

do --- mul-all-forms
  T.eq(row("*", 3, small), '9 -6 0 -0 1.5 inf -inf nan')
  T.eq(row("*", -2, small), '-6 4 -0 0 -1 -inf inf nan')
  T.eq(row("*", 0, small), '0 -0 0 -0 0 nan nan nan')
  T.eq(row("*", -0, small), '-0 0 -0 0 -0 nan nan nan')
  T.eq(row("*", 0.5, small), '1.5 -1 0 -0 0.25 inf -inf nan')
  T.eq(row("*", inf, small), 'inf -inf nan nan inf inf -inf nan')
  T.eq(row("*", -inf, small), '-inf inf nan nan -inf -inf inf nan')
  T.eq(row("*", nan, small), 'nan nan nan nan nan nan nan nan')
end

do --- div-all-forms
  T.eq(row("/", 3, small), '1 -1.5 inf -inf 6 0 -0 nan')
  T.eq(row("/", -2, small), '-0.66666666666666663 1 -inf inf -4 -0 0 nan')
  T.eq(row("/", 0, small), '0 -0 nan nan 0 0 -0 nan')
  T.eq(row("/", -0, small), '-0 0 nan nan -0 -0 0 nan')
  T.eq(row("/", 0.5, small), '0.16666666666666666 -0.25 inf -inf 1 0 -0 nan')
  T.eq(row("/", inf, small), 'inf -inf inf -inf inf nan nan nan')
  T.eq(row("/", -inf, small), '-inf inf -inf inf -inf nan nan nan')
  T.eq(row("/", nan, small), 'nan nan nan nan nan nan nan nan')
end

do --- mod-all-forms-negative-inf-nan
  T.eq(row("%", 7, wide), '0 0 1 -2 nan nan 1.5 -4 nan nan nan 7 7')
  T.eq(row("%", -7, wide), '0 0 2 -1 nan nan 4 -1.5 nan nan nan 9007199254740985 1e+308')
  T.eq(row("%", 3, wide), '3 -4 0 0 nan nan 3 -2.5 nan nan nan 3 3')
  T.eq(row("%", -3, wide), '4 -3 0 0 nan nan 2.5 -3 nan nan nan 9007199254740989 1e+308')
  T.eq(row("%", 0, wide), '0 0 0 0 nan nan 0 0 nan nan nan 0 0')
  T.eq(row("%", -0, wide), '0 0 0 0 nan nan 0 0 nan nan nan 0 0')
  T.eq(row("%", 5.5, wide), '5.5 -1.5 2.5 -0.5 nan nan 0 0 nan nan nan 5.5 5.5')
  T.eq(row("%", -5.5, wide), '1.5 -5.5 0.5 -2.5 nan nan 0 0 nan nan nan 9007199254740986 1e+308')
  T.eq(row("%", inf, wide), 'nan nan nan nan nan nan nan nan nan nan nan nan nan')
  T.eq(row("%", -inf, wide), 'nan nan nan nan nan nan nan nan nan nan nan nan nan')
  T.eq(row("%", nan, wide), 'nan nan nan nan nan nan nan nan nan nan nan nan nan')
  T.eq(row("%", 2 ^ 53, wide), '4 -4 2 0 nan nan 2 -4 nan nan nan 0 9007199254740992')
  T.eq(row("%", 1e308, wide), '0 0 0 0 nan nan 0 0 nan nan nan 0 0')
end

do --- pow-all-forms
  T.eq(row("^", 7, wide), '823543 1.2142656789020123e-06 343 0.0029154518950437317 1 1 44467.142285062575 2.2488515083550142e-05 inf 0 nan inf inf')
  T.eq(row("^", -7, wide), '-823543 -1.2142656789020123e-06 -343 -0.0029154518950437317 1 1 nan nan inf 0 nan inf inf')
  T.eq(row("^", 3, wide), '2187 0.00045724737082761773 27 0.037037037037037035 1 1 420.88834623923719 0.0023759270337021638 inf 0 nan inf inf')
  T.eq(row("^", -3, wide), '-2187 -0.00045724737082761773 -27 -0.037037037037037035 1 1 nan nan inf 0 nan inf inf')
  T.eq(row("^", 0, wide), '0 inf 0 inf 1 1 0 inf 0 inf nan 0 0')
  T.eq(row("^", -0, wide), '-0 -inf -0 -inf 1 1 0 inf 0 inf nan 0 0')
  T.eq(row("^", 5.5, wide), '152243.5234375 6.5684239133530462e-06 166.375 0.0060105184072126224 1 1 11803.064820864423 8.4723757361078591e-05 inf 0 nan inf inf')
  T.eq(row("^", -5.5, wide), '-152243.5234375 -6.5684239133530462e-06 -166.375 -0.0060105184072126224 1 1 nan nan inf 0 nan inf inf')
  T.eq(row("^", inf, wide), 'inf 0 inf 0 1 1 inf 0 inf 0 nan inf inf')
  T.eq(row("^", -inf, wide), '-inf -0 -inf -0 1 1 inf 0 inf 0 nan inf inf')
  T.eq(row("^", nan, wide), 'nan nan nan nan 1 1 nan nan nan nan nan nan nan')
  T.eq(row("^", 2 ^ 53, wide), '4.8098152095208105e+111 2.0790819531289798e-112 7.3075081866545146e+47 1.3684555315672042e-48 1 1 5.6265701265120108e+87 1.7772816787407821e-88 inf 0 nan inf inf')
  T.eq(row("^", 1e308, wide), 'inf 0 inf 0 1 1 inf 0 inf 0 nan inf inf')
end

do --- constant-folding-matches-runtime
  -- Folded by the parser where it may; -0 and NaN results are left to run time.
  local a, b, c, d = 7, -3, 0, 5.5
  T.eq(T.list(7 % -3, -7 % 3, 5.5 % -2, 0 / 0 == 0 / 0, -0, 0 * -1, 2 ^ -1, -2 ^ 2, 1e308 * 10), '-2, 2, -0.5, false, -0, -0, 0.5, -4, inf')
  T.eq(T.list(a % b, -a % -b, d % -2, a / c, -(c), c * b, 2 ^ -1, -(2 ^ 2), 1e308 * (a + 3)), '-2, 2, -0.5, inf, -0, -0, 0.5, -4, inf')
end

do --- results-through-tostring
  local a, b, z = 0.1, 0.2, 0
  T.eq(T.list(tostring(a + b), tostring(-z), tostring(1e15 + a), tostring(2 ^ 63), tostring(1 / 3), tostring(-1 / z), tostring(z / z), tostring(1e100 * 1e100), tostring(2 ^ 53 + 1), tostring(-a * 1e-300)), '"0.3", "-0", "1e+15", "9.2233720368548e+18", "0.33333333333333", "-inf", "nan", "1e+200", "9.007199254741e+15", "-1e-301"')
end

do --- unm-numbers-nan-zero-inf
  local z, nz, nan2 = 0, -0, 0 / 0
  T.eq(T.list(-z, -nz, -(-z), -inf, -(-inf), -nan2, -(-nan2), -(2 ^ 53), -1e-310), '-0, 0, 0, -inf, inf, nan, nan, -9007199254740992, -9.9999999999999694e-311')
  T.eq(T.list(1 / -z, 1 / -nz, tostring(-z), tostring(-nz)), '-inf, inf, "-0", "0"')
end

do --- unm-string-coercion-and-errors
  local s, h, bad = "2", "0x10", "2x"
  T.eq(T.list(-s, -h, -" 1e2 ", -"-3"), '-2, -16, -100, 3')
  T.eq(T.try(function() return -bad end), 'false, "@: attempt to perform arithmetic on upvalue \'bad\' (a string value)"')
  T.eq(T.try(function() local t = {} return -t end), 'false, "@: attempt to perform arithmetic on local \'t\' (a table value)"')
  T.eq(T.try(function() return -glob_undefined end), 'false, "@: attempt to perform arithmetic on global \'glob_undefined\' (a nil value)"')
  T.eq(T.try(function() local t = {} return -t.field end), 'false, "@: attempt to perform arithmetic on field \'field\' (a nil value)"')
  T.eq(T.try(function() return -s end), 'true, -2')
end

do --- unm-metamethod
  local mt = {__unm = function(a, b) return "neg" .. tostring(a.v) .. tostring(rawequal(a, b)) end}
  local t = setmetatable({v = 1}, mt)
  T.eq(T.list(-t), '"neg1true"')
  local u = newproxy(true)
  getmetatable(u).__unm = function() return 42, 43 end
  T.eq(T.list(-u), '42')
end

do --- string-coercion-all-forms
  local s10, sh, ss, se, sm = "10", "0x10", " 5 ", "1e2", "-3"
  local n = 4
  T.eq(T.list(s10 + n, n + s10, s10 + 1, 1 + s10, s10 + sh, sh * 2, ss - n, se / 4, sm % 5), '14, 14, 11, 11, 26, 32, 1, 25, 2')
  T.eq(T.list(s10 - "3", "2" ^ "3", "7" % "3", "9" / "2", s10 * "0.5", "1" + "1"), '7, 8, 1, 4.5, 5, 2')
  T.eq(T.list(n % sm, "-7" % n, "5.5" % "-2", "0x7fffffff" + 1, "1e309" - 0, ".5" + 0, "5." + 0), '-2, 1, -0.5, 2147483648, inf, 0.5, 5')
  T.eq(T.list(type(s10 + n), s10 .. n, n .. s10), '"number", "104", "410"')
end

do --- string-coercion-failures
  local bad, empty, n = "abc", "", 1
  T.eq(T.try(function() return bad + n end), 'false, "@: attempt to perform arithmetic on upvalue \'bad\' (a string value)"')
  T.eq(T.try(function() return n + bad end), 'false, "@: attempt to perform arithmetic on upvalue \'bad\' (a string value)"')
  T.eq(T.try(function() return bad * 2 end), 'false, "@: attempt to perform arithmetic on upvalue \'bad\' (a string value)"')
  T.eq(T.try(function() return 2 % bad end), 'false, "@: attempt to perform arithmetic on upvalue \'bad\' (a string value)"')
  T.eq(T.try(function() return empty - 1 end), 'false, "@: attempt to perform arithmetic on upvalue \'empty\' (a string value)"')
  T.eq(T.try(function() return "1 2" + 1 end), 'false, "@: attempt to perform arithmetic on a string value"')
  T.eq(T.try(function() return "0x" + 1 end), 'false, "@: attempt to perform arithmetic on a string value"')
  T.eq(T.try(function() return "1e" + 1 end), 'false, "@: attempt to perform arithmetic on a string value"')
  T.eq(T.try(function() return "inf" + 1 end), 'true, inf')
  T.eq(T.try(function() return "nan" + 1 end), 'true, nan')
  T.eq(T.try(function() return "10" + "x" end), 'false, "@: attempt to perform arithmetic on a string value"')
  T.eq(T.try(function() return bad ^ 2 end), 'false, "@: attempt to perform arithmetic on upvalue \'bad\' (a string value)"')
end

do --- arith-error-names-operand
  local t, up = {}, nil
  T.eq(T.try(function() return t + 1 end), 'false, "@: attempt to perform arithmetic on upvalue \'t\' (a table value)"')
  T.eq(T.try(function() return 1 - t end), 'false, "@: attempt to perform arithmetic on upvalue \'t\' (a table value)"')
  T.eq(T.try(function() local x = {} return x * 2 end), 'false, "@: attempt to perform arithmetic on local \'x\' (a table value)"')
  T.eq(T.try(function() local x return 2 / x end), 'false, "@: attempt to perform arithmetic on local \'x\' (a nil value)"')
  T.eq(T.try(function() return up % 2 end), 'false, "@: attempt to perform arithmetic on upvalue \'up\' (a nil value)"')
  T.eq(T.try(function() return t.a + 1 end), 'false, "@: attempt to perform arithmetic on field \'a\' (a nil value)"')
  T.eq(T.try(function() return t[1] + 1 end), 'false, "@: attempt to perform arithmetic on a nil value"')
  T.eq(T.try(function() return glob_nope * 2 end), 'false, "@: attempt to perform arithmetic on global \'glob_nope\' (a nil value)"')
  T.eq(T.try(function() local a, b = 1, {} return a + b end), 'false, "@: attempt to perform arithmetic on local \'b\' (a table value)"')
  T.eq(T.try(function() local a, b = {}, "x" return a + b end), 'false, "@: attempt to perform arithmetic on local \'a\' (a table value)"')
  T.eq(T.try(function() local a, b = "x", {} return a + b end), 'false, "@: attempt to perform arithmetic on local \'a\' (a string value)"')
  T.eq(T.try(function() local a, b = true, nil return a + b end), 'false, "@: attempt to perform arithmetic on local \'a\' (a boolean value)"')
  T.eq(T.try(function() return t ^ 2 end), 'false, "@: attempt to perform arithmetic on upvalue \'t\' (a table value)"')
  T.eq(T.try(function() return 2 ^ print end), 'false, "@: attempt to perform arithmetic on global \'print\' (a function value)"')
  T.eq(T.try(function() return (t + 1) end), 'false, "@: attempt to perform arithmetic on upvalue \'t\' (a table value)"')
end

do --- arith-metamethods-left-right
  local log = {}
  local function mm(name)
    return function(a, b)
      log[#log + 1] = name .. ":" .. T.show(a) .. "," .. T.show(b)
      return name
    end
  end
  local mt = {}
  for _, n in ipairs({"add", "sub", "mul", "div", "mod", "pow"}) do mt["__" .. n] = mm(n) end
  local t = setmetatable({}, mt)
  local s = "5"
  T.eq(T.list(t + 1, 1 + t, t - t, s * t, t / s, t % 2, 2 % t, t ^ 2, 2 ^ t, t + "x", "x" - t), '"add", "add", "sub", "mul", "div", "mod", "mod", "pow", "pow", "add", "sub"')
  T.eq(table.concat(log, " "), 'add:table,1 add:1,table sub:table,table mul:"5",table div:table,"5" mod:table,2 mod:2,table pow:table,2 pow:2,table add:table,"x" sub:"x",table')
end

do --- arith-metamethod-second-operand-only
  -- The left operand has a metatable without the field: the right one's is used.
  local a = setmetatable({}, {})
  local b = setmetatable({}, {__add = function(x, y) return rawequal(x, a) and "right" end})
  T.eq(T.list(a + b), '"right"')
  T.eq(T.try(function() return a - b end), 'false, "@: attempt to perform arithmetic on upvalue \'a\' (a table value)"')
end

do --- arith-metamethod-multiple-results-and-errors
  local mt = {__add = function() return 1, 2, 3 end, __sub = function() error("sub failed") end,
    __mul = function() error({code = 7}) end, __div = function() end}
  local t = setmetatable({}, mt)
  T.eq(T.list(t + t), '1')
  local r = {t + t, t + t}
  T.eq(T.list(#r, r[1], r[2]), '2, 1, 1')
  T.eq(T.try(function() return t - 1 end), 'false, "@-6: sub failed"')
  local ok, e = pcall(function() return t * 1 end)
  T.eq(T.list(ok, type(e), e.code), 'false, "table", 7')
  T.eq(T.list(t / 1), 'nil')
end

do --- arith-metamethod-not-for-numbers-or-strings
  -- __add on the string metatable is not consulted for convertible strings.
  local smt = getmetatable("")
  smt.__add = function() return "meta" end
  local r1 = "1" + 2
  local r2 = "x" + 2
  smt.__add = nil
  T.eq(T.list(r1, r2), '3, "meta"')
end

do --- arith-in-loop-switches-types
  -- One instruction sees numbers, strings and a table with __add in turn.
  local mm = function(a, b) return "mm" end
  local mt = {__add = mm, __sub = mm, __mod = mm}
  local vals = {1, 2.5, "3", "0x10", setmetatable({}, mt), -0, 0 / 0, 1e308}
  local out = {}
  for i = 1, #vals do
    local v = vals[i]
    out[i] = T.show(v + 1) .. "/" .. T.show(v + v) .. "/" .. T.show(2 - v) .. "/" .. T.show(v % 3)
  end
  T.eq(table.concat(out, " "), '2/2/1/1 3.5/5/-0.5/2.5 4/6/-1/0 17/32/-14/1 "mm"/"mm"/"mm"/"mm" 1/-0/2/0 nan/nan/nan/nan 1e+308/inf/-1e+308/0')
end

do --- concat-metamethod-and-errors
  local mt = {__concat = function(a, b) return "cat(" .. T.show(a) .. "," .. T.show(b) .. ")" end}
  local t = setmetatable({}, mt)
  T.eq(T.list(t .. "x", "x" .. t, 1 .. t, t .. t, "a" .. "b" .. t .. "c"), '"cat(table,"x")", "cat("x",table)", "cat(1,table)", "cat(table,table)", "abcat(table,"c")"')
  T.eq(T.list(1 .. 2, -0 .. "", 0.1 .. "", 1e100 .. "", 2 ^ 63 .. "", -inf .. "", nan .. ""), '"12", "-0", "0.1", "1e+100", "9.2233720368548e+18", "-inf", "nan"')
  T.eq(T.try(function() return "a" .. {} end), 'false, "@: attempt to concatenate a table value"')
  T.eq(T.try(function() local x return x .. "a" end), 'false, "@: attempt to concatenate local \'x\' (a nil value)"')
  T.eq(T.try(function() return "a" .. true .. "b" end), 'false, "@: attempt to concatenate a boolean value"')
end

do --- len-strings-and-tables
  local s, e, z = "hello", "", "a\0b"
  T.eq(T.list(#s, #e, #z, #("x"):rep(1000), #{}, #{1, 2, 3}, #{n = 1}), '5, 0, 3, 1000, 0, 3, 0')
  local t = {}
  for i = 1, 100 do t[i] = i end
  T.eq(T.list(#t), '100')
  t[101] = nil
  for i = 100, 51, -1 do t[i] = nil end
  T.eq(T.list(#t), '50')
  T.eq(T.try(function() local n = 5 return #n end), 'false, "@: attempt to get length of local \'n\' (a number value)"')
  T.eq(T.try(function() return #glob_nope end), 'false, "@: attempt to get length of global \'glob_nope\' (a nil value)"')
  T.eq(T.try(function() local t = {} return #t.x end), 'false, "@: attempt to get length of field \'x\' (a nil value)"')
end

do --- len-table-holes
  -- The border LuaJIT finds (array part first, then the hash part).
  T.eq(T.list(#{10, 20, 30, nil, 50}, #{nil, nil, 3}, #{1, nil}, #{1, 2, nil, 4}, #{nil}), '3, 3, 1, 4, 0')
  local t = {1, 2, 3}
  t[5] = 5
  local u = {}
  u[1], u[2], u[4] = 1, 2, 4
  local v = {}
  v[2] = 2
  local w = {n = 1}
  w[1], w[2], w[3] = 1, 2, 3
  T.eq(T.list(#t, #u, #v, #w), '3, 4, 2, 3')
end

do --- len-metamethod-ignored-for-tables-and-strings
  -- Lua 5.1: __len is used for userdata only.
  local t = setmetatable({1, 2}, {__len = function() return 99 end})
  local smt = getmetatable("")
  smt.__len = function() return 99 end
  local n = #"abc"
  smt.__len = nil
  local u = newproxy(true)
  getmetatable(u).__len = function(a, b) return "ulen", rawequal(a, b) end
  T.eq(T.list(#t, n, #u), '2, 3, "ulen"')
  T.eq(T.try(function() return #newproxy(true) end), 'false, "@: attempt to get length of a userdata value"')
end

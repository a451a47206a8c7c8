-- Comparison opcodes (ISLT/ISGE/ISLE/ISGT, ISEQV/ISNEV, ISEQS/ISNES, ISEQN/ISNEN,
-- ISEQP/ISNEP): the inline number paths (NaN, -0, inf) and every slow path
-- (strings, mixed types, __lt/__le/__eq).
local T = dofile("common.lua")

-- Every ordering form of a and b, as value and as branch (the parser emits the
-- inverted opcode for branches), one digit each.
local function order(a, b)
  local s = (a < b and "1" or "0") .. (a <= b and "1" or "0")
    .. (a > b and "1" or "0") .. (a >= b and "1" or "0")
  if a < b then s = s .. "1" else s = s .. "0" end
  if a <= b then s = s .. "1" else s = s .. "0" end
  if a > b then s = s .. "1" else s = s .. "0" end
  if a >= b then s = s .. "1" else s = s .. "0" end
  if not (a < b) then s = s .. "1" else s = s .. "0" end
  if not (a >= b) then s = s .. "1" else s = s .. "0" end
  return s
end

-- Equality as value and as branch.
local function equal(a, b)
  local s = (a == b and "1" or "0") .. (a ~= b and "1" or "0")
  if a == b then s = s .. "1" else s = s .. "0" end
  if a ~= b then s = s .. "1" else s = s .. "0" end
  return s
end

-- order() or equal() over all pairs of vals.
local function matrix(f, vals)
  local out = {}
  for i = 1, #vals do
    for j = 1, #vals do
      out[#out + 1] = f(vals[i], vals[j])
    end
  end
  return table.concat(out, " ")
end

do --- order-numbers-nan-zero-inf
  local nan, inf = 0 / 0, 1 / 0
  local vals = {1, -1, 0, -0, 0.5, nan, inf, -inf, 2 ^ 53, -2 ^ 53}
  T.eq(matrix(order, vals), '0101010110 0011001110 0011001110 0011001110 0011001110 0000000011 1100110001 0011001110 1100110001 0011001110 1100110001 0101010110 1100110001 1100110001 1100110001 0000000011 1100110001 0011001110 1100110001 0011001110 1100110001 0011001110 0101010110 0101010110 1100110001 0000000011 1100110001 0011001110 1100110001 0011001110 1100110001 0011001110 0101010110 0101010110 1100110001 0000000011 1100110001 0011001110 1100110001 0011001110 1100110001 0011001110 0011001110 0011001110 0101010110 0000000011 1100110001 0011001110 1100110001 0011001110 0000000011 0000000011 0000000011 0000000011 0000000011 0000000011 0000000011 0000000011 0000000011 0000000011 0011001110 0011001110 0011001110 0011001110 0011001110 0000000011 0101010110 0011001110 0011001110 0011001110 1100110001 1100110001 1100110001 1100110001 1100110001 0000000011 1100110001 0101010110 1100110001 1100110001 0011001110 0011001110 0011001110 0011001110 0011001110 0000000011 1100110001 0011001110 0101010110 0011001110 1100110001 1100110001 1100110001 1100110001 1100110001 0000000011 1100110001 0011001110 1100110001 0101010110')
end

do --- order-strings
  local vals = {"", "a", "ab", "b", "a\0b", "a\0c", "a\0", "Z", "\255", "10", "9"}
  T.eq(matrix(order, vals), '0101010110 1100110001 1100110001 1100110001 1100110001 1100110001 1100110001 1100110001 1100110001 1100110001 1100110001 0011001110 0101010110 1100110001 1100110001 1100110001 1100110001 1100110001 0011001110 1100110001 0011001110 0011001110 0011001110 0011001110 0101010110 1100110001 0011001110 0011001110 0011001110 0011001110 1100110001 0011001110 0011001110 0011001110 0011001110 0011001110 0101010110 0011001110 0011001110 0011001110 0011001110 1100110001 0011001110 0011001110 0011001110 0011001110 1100110001 1100110001 0101010110 1100110001 0011001110 0011001110 1100110001 0011001110 0011001110 0011001110 0011001110 1100110001 1100110001 0011001110 0101010110 0011001110 0011001110 1100110001 0011001110 0011001110 0011001110 0011001110 1100110001 1100110001 1100110001 1100110001 0101010110 0011001110 1100110001 0011001110 0011001110 0011001110 1100110001 1100110001 1100110001 1100110001 1100110001 1100110001 0101010110 1100110001 0011001110 0011001110 0011001110 0011001110 0011001110 0011001110 0011001110 0011001110 0011001110 0011001110 0101010110 0011001110 0011001110 0011001110 1100110001 1100110001 1100110001 1100110001 1100110001 1100110001 1100110001 1100110001 0101010110 1100110001 0011001110 1100110001 1100110001 1100110001 1100110001 1100110001 1100110001 1100110001 1100110001 0011001110 0101010110')
end

do --- order-mixed-types-error
  T.eq(T.try(function() return 1 < "2" end), 'false, "@: attempt to compare number with string"')
  T.eq(T.try(function() return "1" <= 2 end), 'false, "@: attempt to compare string with number"')
  T.eq(T.try(function() local a = "x" return a > 1 end), 'false, "@: attempt to compare number with string"')
  T.eq(T.try(function() local a = "x" return 1 >= a end), 'false, "@: attempt to compare string with number"')
  T.eq(T.try(function() return {} < {} end), 'false, "@: attempt to compare two table values"')
  T.eq(T.try(function() local t = {} return t <= 1 end), 'false, "@: attempt to compare table with number"')
  T.eq(T.try(function() local n return n < 1 end), 'false, "@: attempt to compare nil with number"')
  T.eq(T.try(function() return true >= false end), 'false, "@: attempt to compare two boolean values"')
  T.eq(T.try(function() return print < print end), 'false, "@: attempt to compare two function values"')
  T.eq(T.try(function() return coroutine.create(print) < 1 end), 'false, "@: attempt to compare thread with number"')
  T.eq(T.try(function() local a, b = nil, nil if a < b then return 1 end end), 'false, "@: attempt to compare two nil values"')
  T.eq(T.try(function() local a, b = 1, {} if not (a <= b) then return 1 end end), 'false, "@: attempt to compare number with table"')
end

do --- order-number-string-no-coercion
  -- Comparisons never coerce, unlike arithmetic.
  T.eq(T.try(function() return 10 < "9" end), 'false, "@: attempt to compare number with string"')
  T.eq(T.list("10" < "9", "10" > "9"), 'true, false')
end

do --- order-constant-operands
  -- A constant operand goes to a register (KSHORT/KNUM) first; both sides.
  local x, nan = 2.5, 0 / 0
  T.eq(T.list(x < 3, x <= 2.5, x > 1e300, x >= -1, 3 < x, 2.5 <= x, 1e300 > x, -1 >= x), 'true, true, false, true, false, true, true, false')
  T.eq(T.list(nan < 3, nan >= 3, 3 > nan, 3 <= nan), 'false, false, false, false')
  local s = "m"
  T.eq(T.list(s < "n", s <= "m", s > "z", "a" < s), 'true, true, false, true')
  T.eq(T.try(function() return s < 3 end), 'false, "@: attempt to compare string with number"')
end

do --- equal-numbers-and-others
  local nan, inf = 0 / 0, 1 / 0
  local t, f = {}, function() end
  local vals = {1, 0, -0, nan, inf, "1", "a", "a", nil, false, true, t, t, {}, f, print}
  T.eq(matrix(equal, vals), '1010 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 1010 1010 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 1010 1010 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 1010 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 1010 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 1010 1010 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 1010 1010 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 1010 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 1010 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 1010 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 1010 1010 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 1010 1010 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 1010 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 1010 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 0101 1010')
end

do --- equal-nan-self
  local nan = 0 / 0
  local n2 = nan
  T.eq(T.list(nan == nan, nan ~= nan, nan == n2), 'false, true, false')
  local t = {nan}
  T.eq(T.list(t[1] == t[1], t[1] == nan), 'false, false')
end

do --- equal-string-constant
  -- ISEQS/ISNES: interned strings compare by identity; other types never match.
  local function f(v)
    local s = (v == "abc" and "1" or "0") .. (v ~= "abc" and "1" or "0")
    if v == "abc" then s = s .. "1" else s = s .. "0" end
    if v ~= "abc" then s = s .. "1" else s = s .. "0" end
    return s
  end
  local built = ("ab") .. ("c")
  T.eq(T.list(f("abc"), f(built), f("abd"), f(""), f(nil), f(1), f({}), f(string.sub("xabc", 2))), '"1010", "1010", "0101", "0101", "0101", "0101", "0101", "1010"')
end

do --- equal-number-constant
  -- ISEQN/ISNEN: the constant side is a number; strings are never equal to it.
  local function f(v)
    local s = (v == 1 and "1" or "0") .. (v ~= 1 and "1" or "0") .. (v == 0 and "1" or "0")
      .. (v == 1.5 and "1" or "0")
    if v == 1 then s = s .. "1" else s = s .. "0" end
    if v ~= 0 then s = s .. "1" else s = s .. "0" end
    return s
  end
  T.eq(T.list(f(1), f(1.0), f(0), f(-0), f(1.5), f(0 / 0), f("1"), f(nil), f(true), f({})), '"100011", "100011", "011000", "011000", "010101", "010001", "010001", "010001", "010001", "010001"')
end

do --- equal-primitive-constant
  -- ISEQP/ISNEP against nil, false and true.
  local function f(v)
    local s = (v == nil and "1" or "0") .. (v == false and "1" or "0") .. (v == true and "1" or "0")
      .. (v ~= nil and "1" or "0")
    if v == nil then s = s .. "1" else s = s .. "0" end
    if v ~= false then s = s .. "1" else s = s .. "0" end
    return s
  end
  T.eq(T.list(f(nil), f(false), f(true), f(0), f(""), f({})), '"100011", "010100", "001101", "000101", "000101", "000101"')
end

do --- eq-metamethod-tables
  local log = {}
  local mt = {__eq = function(a, b) log[#log + 1] = a.n .. "=" .. b.n return a.n % 2 == b.n % 2 end}
  local a, b, c = setmetatable({n = 1}, mt), setmetatable({n = 3}, mt), setmetatable({n = 2}, mt)
  T.eq(T.list(a == b, a ~= b, a == c, a ~= c, a == a), 'true, false, false, true, true')
  if a == b then log[#log + 1] = "branch" end
  if a ~= c then log[#log + 1] = "branch2" end
  T.eq(table.concat(log, " "), '1=3 1=3 1=2 1=2 1=3 branch 1=2 branch2')
end

do --- eq-metamethod-only-same-types
  -- __eq runs only for two tables or two userdata, never against other types.
  local called = 0
  local mt = {__eq = function() called = called + 1 return true end}
  local t = setmetatable({}, mt)
  local u = newproxy(true)
  getmetatable(u).__eq = mt.__eq
  T.eq(T.list(t == 1, t == "x", t == nil, t == false, t == u, u == t, t == print, called), 'false, false, false, false, false, false, false, 0')
  T.eq(T.list(t == setmetatable({}, mt), u == newproxy(u), called), 'true, true, 2')
end

do --- eq-metamethod-must-be-same
  -- Different __eq functions: no call, not equal; the same function shared: called.
  local n = 0
  local a = setmetatable({}, {__eq = function() n = n + 1 return true end})
  local b = setmetatable({}, {__eq = function() n = n + 1 return true end})
  local c = setmetatable({}, {})
  local d = {}
  T.eq(T.list(a == b, a == c, c == a, a == d, d == a, n), 'false, false, false, false, false, 0')
  local shared = function() n = n + 1 return 1 end
  local e, f = setmetatable({}, {__eq = shared}), setmetatable({}, {__eq = shared})
  T.eq(T.list(e == f, e ~= f, n), 'true, false, 2')
end

do --- eq-metamethod-result-truthiness
  local r
  local mt = {__eq = function() return r end}
  local a, b = setmetatable({}, mt), setmetatable({}, mt)
  local out = {}
  for _, v in ipairs({false, 0, "", {}, true}) do
    r = v
    out[#out + 1] = tostring(a == b)
  end
  r = nil
  out[#out + 1] = tostring(a == b)
  T.eq(table.concat(out, " "), 'false true true true true false')
end

do --- eq-metamethod-error
  local mt = {__eq = function() error("eq failed") end}
  local a, b = setmetatable({}, mt), setmetatable({}, mt)
  T.eq(T.try(function() return a == b end), 'false, "@-2: eq failed"')
  T.eq(T.try(function() if a ~= b then return 1 end end), 'false, "@-3: eq failed"')
end

do --- lt-le-metamethods
  local log = {}
  local mt = {
    __lt = function(a, b) log[#log + 1] = "lt" .. a.v .. b.v return a.v < b.v end,
    __le = function(a, b) log[#log + 1] = "le" .. a.v .. b.v return a.v <= b.v end,
  }
  local A, B = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt)
  T.eq(order(A, B), '1100110001')
  T.eq(table.concat(log, " "), 'lt12 le12 lt21 le21 lt12 le12 lt21 le21 lt12 le21')
end

do --- le-falls-back-to-not-lt
  -- Without __le, a <= b is not (b < a).
  local log = {}
  local mt = {__lt = function(a, b) log[#log + 1] = a.v .. "<" .. b.v return a.v < b.v end}
  local A, B = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt)
  T.eq(T.list(A <= B, B <= A, A >= B, A <= A), 'true, false, false, true')
  T.eq(table.concat(log, " "), '2<1 1<2 1<2 1<1')
end

do --- lt-metamethod-mixed-and-missing
  local mt = {__lt = function() return true end, __le = function() return true end}
  local A = setmetatable({}, mt)
  T.eq(T.try(function() return A < 1 end), 'false, "@: attempt to compare table with number"')
  T.eq(T.try(function() return 1 <= A end), 'false, "@: attempt to compare number with table"')
  T.eq(T.try(function() return A < "x" end), 'false, "@: attempt to compare table with string"')
  T.eq(T.try(function() return setmetatable({}, {}) < A end), 'false, "@: attempt to compare two table values"')
  T.eq(T.try(function() return A < setmetatable({}, {__lt = function() return 1 end}) end), 'false, "@: attempt to compare two table values"')
  T.eq(T.try(function() return {} < {} end), 'false, "@: attempt to compare two table values"')
end

do --- lt-metamethod-on-strings-and-numbers-unused
  -- A __lt on the string metatable is never consulted for two strings.
  local smt = getmetatable("")
  smt.__lt = function() return "meta" end
  local r = "b" < "a"
  smt.__lt = nil
  T.eq(T.list(r), 'false')
end

do --- lt-metamethod-userdata
  local mt
  local u1, u2 = newproxy(true), nil
  mt = getmetatable(u1)
  mt.__lt = function(a, b) return a == u1 end
  mt.__le = function(a, b) return false end
  u2 = newproxy(u1)
  T.eq(T.list(u1 < u2, u2 < u1, u1 <= u2, u1 > u2), 'true, false, false, false')
end

do --- lt-metamethod-result-truthiness
  local r
  local mt = {__lt = function() return r end, __le = function() return r end}
  local a, b = setmetatable({}, mt), setmetatable({}, mt)
  local out = {}
  for _, v in ipairs({false, 0, "", true}) do
    r = v
    out[#out + 1] = tostring(a < b) .. tostring(a <= b) .. tostring(not (a < b))
  end
  T.eq(table.concat(out, " "), 'falsefalsetrue truetruefalse truetruefalse truetruefalse')
end

do --- compare-in-loop-switches-types
  -- The same instruction sees numbers, then strings, then a table with __lt.
  local mt = {__lt = function(a, b) return true end}
  local vals = {{1, 2}, {2, 1}, {"a", "b"}, {"b", "a"}, {0 / 0, 1}, {setmetatable({}, mt), setmetatable({}, mt)}, {3, 3}}
  local out = {}
  for i = 1, #vals do
    local a, b = vals[i][1], vals[i][2]
    out[i] = (a < b and "y" or "n") .. (a == b and "=" or "~")
  end
  T.eq(table.concat(out, " "), 'y~ n~ y~ n~ n~ y~ n=')
end

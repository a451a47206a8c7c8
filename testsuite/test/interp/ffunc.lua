-- Fast functions (machine code for assert, type, select, rawget, getmetatable,
-- setmetatable, tonumber, pairs/ipairs, math.*, string.byte/len, bit.*): normal
-- arguments, then every case that falls back to the library code (wrong types,
-- missing and extra arguments, coercible strings, out-of-range positions).
local T = dofile("common.lua")

local inf, nan = 1 / 0, 0 / 0

-- Each call's result list, joined.
local function each(f, args)
  local out = {}
  for i = 1, #args do out[i] = T.list(f(unpack(args[i], 1, args[i].n or #args[i]))) end
  return table.concat(out, " | ")
end

-- Each call's pcall outcome, joined.
local function each_try(f, args)
  local out = {}
  for i = 1, #args do out[i] = T.try(f, unpack(args[i], 1, args[i].n or #args[i])) end
  return table.concat(out, " | ")
end

do --- assert-fast-and-fallback
  T.eq(T.list(assert(1)) .. " | " .. T.list(assert(1, 2, 3)) .. " | " .. T.list(assert("", nil, false)) .. " | " .. T.list(assert(0)), '1 | 1, 2, 3 | "", nil, false | 0')
  T.eq(T.try(function() assert(false) end), 'false, "@: assertion failed!"')
  T.eq(T.try(function() assert(nil, "msg") end), 'false, "@: msg"')
  T.eq(T.try(function() assert(false, 42) end), 'false, "@: 42"')
  T.eq(T.try(assert), 'false, "bad argument #1 to \'?\' (value expected)"')
  T.eq(T.try(assert, nil), 'false, "assertion failed!"')
  T.eq(T.try(assert, false, nil), 'false, nil')
  local e = {}
  T.eq(T.list(select(2, pcall(assert, false, e)) == e), 'true')
end

do --- type-fast-and-fallback
  local u = newproxy()
  local co = coroutine.create(print)
  T.eq(T.list(type(nil), type(false), type(0), type(nan), type(""), type({}), type(print), type(type), type(u), type(co), type(-0)), '"nil", "boolean", "number", "number", "string", "table", "function", "function", "userdata", "thread", "number"')
  T.eq(T.list(type(1, 2), type(nil, 1)), '"number", "nil"')
  T.eq(T.try(type), 'false, "bad argument #1 to \'?\' (value expected)"')
end

do --- select-fast-and-fallback
  T.eq(each(select, {{"#"}, {"#", nil}, {"#", 1, 2, 3}, {1, "a", "b"}, {2, "a", "b"}, {3, "a", "b"}, {5, "a"}}), '0 | 0 | 3 | "a", "b" | "b" |  | ')
  T.eq(each(select, {{-1, "a", "b", "c"}, {-3, "a", "b", "c"}, {"2", "a", "b", "c"}, {2.9, "a", "b", "c"}, {1.5, "x"}}), '"c" | "a", "b", "c" | "b", "c" | "b", "c" | "x"')
  T.eq(each_try(select, {{-4, "a", "b", "c"}, {0, "a"}, {nan, 1}, {inf, 1}, {-inf, 1}, {2 ^ 31, 1}, {{}, 1}, {}, {"x"}, {-1}}), 'false, "bad argument #1 to \'?\' (index out of range)" | false, "bad argument #1 to \'?\' (index out of range)" | false, "bad argument #1 to \'?\' (index out of range)" | false, "bad argument #1 to \'?\' (index out of range)" | false, "bad argument #1 to \'?\' (index out of range)" | false, "bad argument #1 to \'?\' (index out of range)" | false, "bad argument #1 to \'?\' (number expected, got table)" | false, "bad argument #1 to \'?\' (number expected, got no value)" | false, "bad argument #1 to \'?\' (number expected, got string)" | false, "bad argument #1 to \'?\' (index out of range)"')
end

do --- select-hash-prefix
  -- Any string starting with '#' counts.
  T.eq(T.list(select("#x", 1, 2)), '2')
end

do --- rawget-fast-and-fallback
  local t = setmetatable({10, 20, x = "x", [2 ^ 40] = "big", [-1] = "neg", [1.5] = "frac", [true] = "t"}, {__index = function() return "meta" end})
  T.eq(each(rawget, {{t, 1}, {t, 2}, {t, 3}, {t, "x"}, {t, "y"}, {t, 2 ^ 40}, {t, -1}, {t, 1.5}, {t, true}, {t, nan}, {t, -0.0}, {t, 0}, {t, 1, "extra"}}), '10 | 20 | nil | "x" | nil | "big" | "neg" | "frac" | "t" | nil | nil | nil | 10')
  T.eq(each_try(rawget, {{"str", 1}, {nil, 1}, {5, 1}, {t}, {}}), 'false, "bad argument #1 to \'?\' (table expected, got string)" | false, "bad argument #1 to \'?\' (table expected, got nil)" | false, "bad argument #1 to \'?\' (table expected, got number)" | false, "bad argument #2 to \'?\' (value expected)" | false, "bad argument #1 to \'?\' (table expected, got no value)"')
  T.eq(T.list(t[3], t.y), '"meta", "meta"')
end

do --- getmetatable-fast-and-fallback
  local mt = {}
  local prot = {__metatable = "protected"}
  local pfalse = {__metatable = false}
  local u = newproxy(true)
  T.eq(T.list(getmetatable({}), getmetatable(setmetatable({}, mt)) == mt, getmetatable(setmetatable({}, prot)), getmetatable(setmetatable({}, pfalse))), 'nil, true, "protected", false')
  T.eq(T.list(getmetatable("abc") == getmetatable(""), getmetatable("").__index == string, getmetatable(1), getmetatable(nil), getmetatable(print), type(getmetatable(u))), 'true, true, nil, nil, nil, "table"')
  getmetatable(u).__metatable = "udata"
  T.eq(T.list(getmetatable(u), getmetatable({}, 1)), '"udata", nil')
  T.eq(T.try(getmetatable), 'false, "bad argument #1 to \'?\' (value expected)"')
end

do --- setmetatable-fast-and-fallback
  local t = {}
  local mt = {__index = {a = 1}}
  T.eq(T.list(setmetatable(t, mt) == t, t.a, setmetatable(t, nil) == t, t.a, getmetatable(t)), 'true, 1, true, nil, nil')
  T.eq(T.list(setmetatable(t, mt, "extra") == t, t.a), 'true, 1')
  setmetatable(t, {__metatable = "locked"})
  T.eq(T.try(setmetatable, t, {}), 'false, "cannot change a protected metatable"')
  T.eq(T.try(setmetatable, t, nil), 'false, "cannot change a protected metatable"')
  T.eq(each_try(setmetatable, {{{}, 5}, {{}, "x"}, {5, {}}, {"s", {}}, {nil, {}}, {}}), 'false, "bad argument #2 to \'?\' (nil or table expected)" | false, "bad argument #2 to \'?\' (nil or table expected)" | false, "bad argument #1 to \'?\' (table expected, got number)" | false, "bad argument #1 to \'?\' (table expected, got string)" | false, "bad argument #1 to \'?\' (table expected, got nil)" | false, "bad argument #1 to \'?\' (table expected, got no value)"')
  local u = setmetatable({}, {__metatable = false})
  T.eq(T.try(setmetatable, u, {}), 'false, "cannot change a protected metatable"')
end

do --- setmetatable-missing-second-argument
  -- The metatable argument is not optional (nil must be passed explicitly).
  T.eq(T.try(setmetatable, {}), 'false, "bad argument #2 to \'?\' (nil or table expected)"')
end

do --- setmetatable-weak-mode-through-fast-path
  local weak = setmetatable({}, {__mode = "k"})
  weak[{}] = 1
  local keep = {}
  weak[keep] = 2
  collectgarbage()
  collectgarbage()
  local n = 0
  for k, v in pairs(weak) do n = n + 1 end
  T.eq(T.list(n, weak[keep]), '1, 2')
end

do --- tonumber-fast-and-fallback
  T.eq(each(tonumber, {{1}, {-0}, {nan}, {inf}, {"10"}, {" 0x1F "}, {"1e2"}, {"  -3.5  "}, {"abc"}, {""}, {"0x"}, {"1 2"}, {nil, n = 1}, {{}}, {true}}), '1 | -0 | nan | inf | 10 | 31 | 100 | -3.5 | nil | nil | nil | nil | nil | nil | nil')
  T.eq(each(tonumber, {{"ff", 16}, {"FF", 16}, {"zz", 36}, {"8", 8}, {"777", 8}, {"11", 2}, {"  11  ", 2}, {"1.5", 10}, {"-ff", 16}, {10, 16}, {"10", nil}}), '255 | 255 | 1295 | nil | 511 | 3 | 3 | 1.5 | -255 | 16 | 10')
  T.eq(each_try(tonumber, {{"10", 1}, {"10", 37}, {"10", "x"}, {}, {"1", 2.5}}), 'false, "bad argument #2 to \'?\' (base out of range)" | false, "bad argument #2 to \'?\' (base out of range)" | false, "bad argument #2 to \'?\' (number expected, got string)" | false, "bad argument #1 to \'?\' (value expected)" | true, 1')
end

do --- math-unary-fast-and-fallback
  local args = {{2.5}, {-2.5}, {-0.5}, {-0}, {0.5}, {inf}, {-inf}, {nan}, {2 ^ 52 + 0.5}, {-2 ^ 53}, {"1.5"}, {" -4 "}, {"0x10"}, {3, "extra"}}
  T.eq("abs: " .. each(math.abs, args), 'abs: 2.5 | 2.5 | 0.5 | 0 | 0.5 | inf | inf | nan | 4503599627370496 | 9007199254740992 | 1.5 | 4 | 16 | 3')
  T.eq("floor: " .. each(math.floor, args), 'floor: 2 | -3 | -1 | -0 | 0 | inf | -inf | nan | 4503599627370496 | -9007199254740992 | 1 | -4 | 16 | 3')
  T.eq("ceil: " .. each(math.ceil, args), 'ceil: 3 | -2 | -0 | -0 | 1 | inf | -inf | nan | 4503599627370496 | -9007199254740992 | 2 | -4 | 16 | 3')
  T.eq("sqrt: " .. each(math.sqrt, args), 'sqrt: 1.5811388300841898 | nan | nan | -0 | 0.70710678118654757 | inf | nan | nan | 67108864 | nan | 1.2247448713915889 | nan | 4 | 1.7320508075688772')
end

do --- math-unary-fast-errors
  local args = {{"abc"}, {{}}, {nil, n = 1}, {true}}
  T.eq(each_try(math.abs, args), 'false, "bad argument #1 to \'?\' (number expected, got string)" | false, "bad argument #1 to \'?\' (number expected, got table)" | false, "bad argument #1 to \'?\' (number expected, got nil)" | false, "bad argument #1 to \'?\' (number expected, got boolean)"')
  T.eq(each_try(math.floor, args), 'false, "bad argument #1 to \'?\' (number expected, got string)" | false, "bad argument #1 to \'?\' (number expected, got table)" | false, "bad argument #1 to \'?\' (number expected, got nil)" | false, "bad argument #1 to \'?\' (number expected, got boolean)"')
  T.eq(each_try(math.ceil, args), 'false, "bad argument #1 to \'?\' (number expected, got string)" | false, "bad argument #1 to \'?\' (number expected, got table)" | false, "bad argument #1 to \'?\' (number expected, got nil)" | false, "bad argument #1 to \'?\' (number expected, got boolean)"')
  T.eq(each_try(math.sqrt, args), 'false, "bad argument #1 to \'?\' (number expected, got string)" | false, "bad argument #1 to \'?\' (number expected, got table)" | false, "bad argument #1 to \'?\' (number expected, got nil)" | false, "bad argument #1 to \'?\' (number expected, got boolean)"')
  T.eq(each_try(math.sin, args), 'false, "bad argument #1 to \'?\' (number expected, got string)" | false, "bad argument #1 to \'?\' (number expected, got table)" | false, "bad argument #1 to \'?\' (number expected, got nil)" | false, "bad argument #1 to \'?\' (number expected, got boolean)"')
  T.eq(T.list(pcall(math.abs)) .. " | " .. T.list(pcall(math.sqrt)) .. " | " .. T.list(pcall(math.exp)), 'false, "bad argument #1 to \'?\' (number expected, got no value)" | false, "bad argument #1 to \'?\' (number expected, got no value)" | false, "bad argument #1 to \'?\' (number expected, got no value)"')
end

do --- math-libm-fast-and-fallback
  local args = {{0.5}, {-0}, {2}, {inf}, {nan}, {"1"}, {1, 2}}
  T.eq("sin: " .. each(math.sin, args), 'sin: 0.47942553860420301 | -0 | 0.90929742682568171 | nan | nan | 0.8414709848078965 | 0.8414709848078965')
  T.eq("cos: " .. each(math.cos, args), 'cos: 0.87758256189037276 | 1 | -0.41614683654714241 | nan | nan | 0.54030230586813977 | 0.54030230586813977')
  T.eq("tan: " .. each(math.tan, args), 'tan: 0.54630248984379048 | -0 | -2.1850398632615189 | nan | nan | 1.5574077246549023 | 1.5574077246549023')
  T.eq("asin: " .. each(math.asin, args), 'asin: 0.52359877559829893 | -0 | nan | nan | nan | 1.5707963267948966 | 1.5707963267948966')
  T.eq("acos: " .. each(math.acos, args), 'acos: 1.0471975511965979 | 1.5707963267948966 | nan | nan | nan | 0 | 0')
  T.eq("atan: " .. each(math.atan, args), 'atan: 0.46364760900080609 | -0 | 1.1071487177940904 | 1.5707963267948966 | nan | 0.78539816339744828 | 0.78539816339744828')
  T.eq("sinh: " .. each(math.sinh, args), 'sinh: 0.52109530549374738 | -0 | 3.626860407847019 | inf | nan | 1.1752011936438014 | 1.1752011936438014')
  T.eq("cosh: " .. each(math.cosh, args), 'cosh: 1.1276259652063807 | 1 | 3.7621956910836314 | inf | nan | 1.5430806348152437 | 1.5430806348152437')
  T.eq("tanh: " .. each(math.tanh, args), 'tanh: 0.46211715726000974 | -0 | 0.9640275800758169 | 1 | nan | 0.76159415595576485 | 0.76159415595576485')
  T.eq("exp: " .. each(math.exp, args), 'exp: 1.6487212707001282 | 1 | 7.3890560989306504 | inf | nan | 2.7182818284590451 | 2.7182818284590451')
  T.eq("log10: " .. each(math.log10, args), 'log10: -0.3010299956639812 | -inf | 0.3010299956639812 | inf | nan | 0 | 0')
end

do --- math-min-max-fast-and-fallback
  T.eq(each(math.min, {{3}, {3, 1, 2}, {-1, -5, 10}, {inf, -inf}, {"3", 2}, {2, "1"}, {1, 2, 3, 4, 5, 6, 7, 8, 0}}), '3 | 1 | -5 | -inf | 2 | 1 | 0')
  T.eq(each(math.max, {{3}, {3, 1, 2}, {-1, -5, 10}, {inf, -inf}, {"3", 2}, {2, "10"}, {1, 2, 3, 4, 5, 6, 7, 8, 9}}), '3 | 3 | 10 | inf | 3 | 10 | 9')
  T.eq(each_try(math.min, {{}, {1, "x"}, {1, {}}, {nil, 1}, {"a"}}), 'false, "bad argument #1 to \'?\' (number expected, got no value)" | false, "bad argument #2 to \'?\' (number expected, got string)" | false, "bad argument #2 to \'?\' (number expected, got table)" | false, "bad argument #1 to \'?\' (number expected, got nil)" | false, "bad argument #1 to \'?\' (number expected, got string)"')
  T.eq(each_try(math.max, {{}, {1, 2, nil}, {true}}), 'false, "bad argument #1 to \'?\' (number expected, got no value)" | true, 2 | false, "bad argument #1 to \'?\' (number expected, got boolean)"')
end

do --- math-min-max-nan-and-signed-zero
  -- LuaJIT's minsd/maxsd: the later operand wins on NaN and on equal zeros.
  T.eq(each(math.min, {{nan, 1}, {1, nan}, {nan, nan}, {1, nan, 0}}), '1 | nan | nan | 0')
  T.eq(each(math.max, {{nan, 1}, {1, nan}, {1, nan, 2}}), '1 | nan | 2')
  T.eq(T.list(1 / math.min(0, -0), 1 / math.min(-0, 0), 1 / math.max(0, -0), 1 / math.max(-0, 0)), '-inf, inf, -inf, inf')
end

do --- string-len-fast-and-fallback
  T.eq(each(string.len, {{""}, {"abc"}, {"a\0b"}, {123}, {-1.5}, {"x", "extra"}}), '0 | 3 | 3 | 3 | 4 | 1')
  T.eq(each_try(string.len, {{{}}, {true}}), 'false, "bad argument #1 to \'?\' (string expected, got table)" | false, "bad argument #1 to \'?\' (string expected, got boolean)"')
  local s = "hello"
  T.eq(T.list(s:len(), #s), '5, 5')
end

do --- string-len-missing-argument-message
  -- LuaJIT names a missing string.len argument "nil", not "no value".
  T.eq(T.try(string.len), 'false, "bad argument #1 to \'?\' (string expected, got nil)"')
end

do --- string-byte-fast-and-fallback
  local s = "hello"
  T.eq(each(string.byte, {{s}, {s, 1}, {s, 2}, {s, 5}, {s, 6}, {s, 2, 4}, {s, 4, 2}, {s, 1, 100}, {s, 3, 3}}), '104 | 104 | 101 | 111 |  | 101, 108, 108 |  | 104, 101, 108, 108, 111 | 108')
  T.eq(each(string.byte, {{s, -1}, {s, -5}, {s, -6}, {s, -100, 2}, {s, 0}, {s, 0, 2}, {s, 2, -2}, {s, -3, -1}}), '111 | 104 |  | 104, 101 |  | 104, 101 | 101, 108, 108 | 108, 108, 111')
  T.eq(each(string.byte, {{s, 1.9}, {s, 2.5, 3.9}, {s, "2"}, {s, "2", "3"}, {123}, {123, 2}, {""}, {"", 1, 10}}), '104 | 101, 108 | 101 | 101, 108 | 49 | 50 |  | ')
  T.eq(each(string.byte, {{s, 1, 5}, {s, 1, -1}, {"abcdefghij", 1, 10}, {s, 1, 2, "extra"}}), '104, 101, 108, 108, 111 | 104, 101, 108, 108, 111 | 97, 98, 99, 100, 101, 102, 103, 104, 105, 106 | 104, 101')
  T.eq(each_try(string.byte, {{}, {nil}, {{}}, {s, "x"}, {s, 1, {}}, {s, nan}}), 'false, "bad argument #1 to \'?\' (string expected, got no value)" | false, "bad argument #1 to \'?\' (string expected, got no value)" | false, "bad argument #1 to \'?\' (string expected, got table)" | false, "bad argument #2 to \'?\' (number expected, got string)" | false, "bad argument #3 to \'?\' (number expected, got table)" | true')
  T.eq(T.list(s:byte(), s:byte(-1), ("\255\0"):byte(1, 2)), '104, 111, 255, 0')
end

do --- bit-unary-fast-and-fallback
  local args = {{0}, {1}, {-1}, {2 ^ 31}, {2 ^ 32 + 5}, {-2 ^ 31 - 1}, {1.5}, {2.5}, {-1.5}, {0x12345678}, {"0xff"}, {" 10 "}, {2 ^ 52}, {2 ^ 53 + 2}, {1, "extra"}}
  T.eq("tobit: " .. each(bit.tobit, args), 'tobit: 0 | 1 | -1 | -2147483648 | 5 | 2147483647 | 2 | 2 | -2 | 305419896 | 255 | 10 | 0 | 1 | 1')
  T.eq("bnot: " .. each(bit.bnot, args), 'bnot: -1 | -2 | 0 | 2147483647 | -6 | -2147483648 | -3 | -3 | 1 | -305419897 | -256 | -11 | -1 | -2 | -2')
  T.eq("bswap: " .. each(bit.bswap, args), 'bswap: 0 | 16777216 | -1 | 128 | 83886080 | -129 | 33554432 | 33554432 | -16777217 | 2018915346 | -16777216 | 167772160 | 0 | 16777216 | 16777216')
  T.eq(each_try(bit.tobit, {{}, {"x"}, {{}}, {nil}}), 'false, "bad argument #1 to \'?\' (number expected, got no value)" | false, "bad argument #1 to \'?\' (number expected, got string)" | false, "bad argument #1 to \'?\' (number expected, got table)" | false, "bad argument #1 to \'?\' (number expected, got no value)"')
end

do --- bit-nary-fast-and-fallback
  T.eq(each(bit.band, {{0xff}, {0xff, 0x0f}, {-1, 0x80000000, 0xffff0000}, {1.5, 3}, {"0xf0", "0x3c"}, {2 ^ 32 + 7, 5}}), '255 | 15 | -2147483648 | 2 | 48 | 5')
  T.eq(each(bit.bor, {{1}, {1, 2, 4, 8}, {0x80000000, 1}, {"1", 2}}), '1 | 15 | -2147483647 | 3')
  T.eq(each(bit.bxor, {{1}, {1, 3}, {-1, 0x0f0f0f0f}, {5, "5"}}), '1 | 2 | -252645136 | 0')
  T.eq(each_try(bit.band, {{}, {1, {}}, {1, "x"}, {nil}}), 'false, "bad argument #1 to \'?\' (number expected, got no value)" | false, "bad argument #2 to \'?\' (number expected, got table)" | false, "bad argument #2 to \'?\' (number expected, got string)" | false, "bad argument #1 to \'?\' (number expected, got no value)"')
  T.eq(each_try(bit.bor, {{1, 2, nil}}), 'true, 3')
end

do --- bit-shift-fast-and-fallback
  local args = {{1, 0}, {1, 31}, {1, 32}, {1, 33}, {1, -1}, {0x80000000, 1}, {-1, 4}, {0x12345678, 8}, {"1", "4"}, {1.5, 1}, {7, 2.5}, {5, 2 ^ 32 + 1}}
  T.eq("lshift: " .. each(bit.lshift, args), 'lshift: 1 | -2147483648 | 1 | 2 | -2147483648 | 0 | -16 | 878082048 | 16 | 4 | 28 | 10')
  T.eq("rshift: " .. each(bit.rshift, args), 'rshift: 1 | 0 | 1 | 0 | 0 | 1073741824 | 268435455 | 1193046 | 0 | 1 | 1 | 2')
  T.eq("arshift: " .. each(bit.arshift, args), 'arshift: 1 | 0 | 1 | 0 | 0 | -1073741824 | -1 | 1193046 | 0 | 1 | 1 | 2')
  T.eq("rol: " .. each(bit.rol, args), 'rol: 1 | -2147483648 | 1 | 2 | -2147483648 | 1 | -1 | 878082066 | 16 | 4 | 28 | 10')
  T.eq("ror: " .. each(bit.ror, args), 'ror: 1 | 2 | 1 | -2147483648 | 2 | 1073741824 | -1 | 2014458966 | 268435456 | 1 | -1073741823 | -2147483646')
  T.eq(each_try(bit.lshift, {{1}, {}, {1, {}}, {"x", 1}}), 'false, "bad argument #2 to \'?\' (number expected, got no value)" | false, "bad argument #1 to \'?\' (number expected, got no value)" | false, "bad argument #2 to \'?\' (number expected, got table)" | false, "bad argument #1 to \'?\' (number expected, got string)"')
end

do --- fast-functions-called-every-way
  -- Through a local, as a tail call, with multiple results spread in, from pcall.
  local s, sel, mx = string.byte, select, math.max
  local function tail(...) return sel(2, ...) end
  local function tailmax(t) return mx(unpack(t)) end
  T.eq(T.list(s("abc", 1, 3)) .. " | " .. T.list(tail(1, 2, 3)) .. " | " .. T.list(tailmax({4, 9, 2})), '97, 98, 99 | 2, 3 | 9')
  T.eq(T.list(pcall(type, 1)) .. " | " .. T.list(pcall(rawget, {5}, 1)) .. " | " .. T.list(pcall(math.floor, 2.5)), 'true, "number" | true, 5 | true, 2')
  local r = {s("abcdef", 1, -1)}
  T.eq(T.list(#r, r[6], mx(s("az", 1, 2))), '6, 102, 122')
  local results = {}
  for i = 1, 5 do results[i] = select("#", s("hello", 1, i)) end
  T.eq(table.concat(results, " "), '1 2 3 4 5')
end

do --- fast-function-results-into-fixed-slots
  -- Fewer results than the call wants: the rest are nil (and stale slots cleared).
  local function dirty() local a, b, c, d, e, f = 1, 2, 3, 4, 5, 6 return a end
  dirty()
  local a, b, c, d = string.byte("ab", 1, 2)
  local e, f = select(2, 1)
  local g, h, i = assert(1)
  local j, k = pairs({})
  local l, m, n, o = ipairs({})
  local p, q = math.floor(1.5), math.max(1, 2, 3)
  local r, s, t = bit.band(3, 1), rawget({}, 1), getmetatable({})
  T.eq(T.list(a, b, c, d, e, f, g, h, i, type(j), k == nil, type(l), type(m), n, o, p, q, r, s, t), '97, 98, nil, nil, nil, nil, 1, nil, nil, "function", false, "function", "table", 0, nil, 1, 3, 1, nil, nil')
end

do --- fast-function-errors-name-the-callee
  -- Falling back from machine code keeps the caller's position and the callee's name.
  T.eq(T.try(function() local r = math.floor("x") return r end), 'false, "@: bad argument #1 to \'floor\' (number expected, got string)"')
  T.eq(T.try(function() return math.floor("x") end), 'false, "bad argument #1 to \'?\' (number expected, got string)"')
  T.eq(T.try(function() local r = string.byte({}) return r end), 'false, "@: bad argument #1 to \'byte\' (string expected, got table)"')
  T.eq(T.try(function() local r = bit.band(1, {}) return r end), 'false, "@: bad argument #2 to \'band\' (number expected, got table)"')
  T.eq(T.try(function() local r = select(0) return r end), 'false, "@: bad argument #1 to \'select\' (index out of range)"')
  T.eq(T.try(function() local r = rawget(1, 2) return r end), 'false, "@: bad argument #1 to \'rawget\' (table expected, got number)"')
  T.eq(T.try(function() local r = setmetatable(1, {}) return r end), 'false, "@: bad argument #1 to \'setmetatable\' (table expected, got number)"')
  T.eq(T.try(function() local r = tonumber() return r end), 'false, "@: bad argument #1 to \'tonumber\' (value expected)"')
  T.eq(T.try(function() local r = math.max() return r end), 'false, "@: bad argument #1 to \'max\' (number expected, got no value)"')
  T.eq(T.try(function() local r = assert(false, "m") return r end), 'false, "@: m"')
  T.eq(T.try(function() local r = type() return r end), 'false, "@: bad argument #1 to \'type\' (value expected)"')
  T.eq(T.try(function() local r = getmetatable() return r end), 'false, "@: bad argument #1 to \'getmetatable\' (value expected)"')
  T.eq(T.try(function() local f = math.abs local r = f({}) return r end), 'false, "@: bad argument #1 to \'f\' (number expected, got table)"')
  T.eq(T.try(function() local s = "x" local r = s:byte({}) return r end), 'false, "@: bad argument #1 to \'byte\' (number expected, got table)"')
  T.eq(T.try(function() local t = {f = math.floor} local r = t:f() return r end), 'false, "@: calling \'f\' on bad self (number expected, got table)"')
end

do --- fast-functions-replaced-and-wrapped
  -- A global rebound to another function must not keep calling the old fast path.
  local orig = math.floor
  math.floor = function(x) return "wrapped" end
  local r = math.floor(2.5)
  math.floor = orig
  local otype = type
  type = function() return "mine" end
  local r2 = type(1)
  type = otype
  T.eq(T.list(r, r2, math.floor(2.5), type(1)), '"wrapped", "mine", 2, "number"')
end

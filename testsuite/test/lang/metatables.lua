-- Metatables: every Lua 5.1 metamethod.

do --- index-table-chain
  local base = {a = 1}
  local mid = setmetatable({b = 2}, {__index = base})
  local top = setmetatable({}, {__index = mid})
  assert(top.a == 1 and top.b == 2 and top.c == nil)
  assert(rawget(top, "a") == nil)
end

do --- index-function
  local calls = 0
  local t = setmetatable({x = 1}, {__index = function(t, k) calls = calls + 1; return k .. "!" end})
  assert(t.x == 1 and t.y == "y!" and t[1] == "1!" and calls == 2)
end

do --- index-function-receives-original-table
  local seen
  local proxy = setmetatable({}, {__index = function(t, k) seen = t; return 0 end})
  local _ = proxy.q
  assert(seen == proxy)
end

do --- index-chain-table-then-function
  local inner = setmetatable({}, {__index = function(t, k) return k * 2 end})
  local outer = setmetatable({}, {__index = inner})
  assert(outer[21] == 42)
end

do --- index-on-strings-uses-string-table
  assert(("abc"):len() == 3)
  assert(getmetatable("").__index == string)
  local s = "x"
  assert(s.upper == string.upper)
end

do --- index-long-chain
  local t = {v = "bottom"}
  for i = 1, 50 do t = setmetatable({}, {__index = t}) end
  assert(t.v == "bottom")
end

do --- index-loop-detected
  local t = {}
  setmetatable(t, {__index = t})
  local ok, err = pcall(function() return t.x end)
  assert(not ok and err:find("loop in gettable"), err)
end

do --- newindex-table
  local store = {}
  local t = setmetatable({}, {__newindex = store})
  t.a = 1
  assert(rawget(t, "a") == nil and store.a == 1)
end

do --- newindex-function
  local log = {}
  local t = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v * 2) end})
  t.x = 5
  assert(t.x == 10 and log[1] == "x")
  t.x = 7 -- existing key: no metamethod
  assert(t.x == 7 and #log == 1)
end

do --- newindex-chain
  local final = {}
  local mid = setmetatable({}, {__newindex = final})
  local t = setmetatable({}, {__newindex = mid})
  t.k = "v"
  assert(final.k == "v" and rawget(mid, "k") == nil)
end

do --- newindex-loop-detected
  local t = {}
  setmetatable(t, {__newindex = t})
  local ok, err = pcall(function() t.x = 1 end)
  assert(not ok and err:find("loop in settable"), err)
end

do --- newindex-not-called-for-nil-assign-existing
  local called = false
  local t = setmetatable({a = 1}, {__newindex = function() called = true end})
  t.a = nil
  assert(not called and t.a == nil)
  t.a = 2
  assert(called)
end

do --- call-metamethod
  local obj = setmetatable({}, {__call = function(self, a, b) return self, a + b end})
  local s, r = obj(1, 2)
  assert(s == obj and r == 3)
end

do --- call-metamethod-varargs-and-results
  local obj = setmetatable({}, {__call = function(self, ...) return select("#", ...), ... end})
  local n, a, b = obj(nil, "x")
  assert(n == 2 and a == nil and b == "x")
end

do --- call-non-callable-errors
  local t = setmetatable({}, {})
  assert(not pcall(t))
  assert(not pcall(function() local x = 1; x() end))
end

do --- arith-metamethods
  local mt = {}
  local function V(x) return setmetatable({x = x}, mt) end
  local function val(a) return type(a) == "table" and a.x or a end
  mt.__add = function(a, b) return V(val(a) + val(b)) end
  mt.__sub = function(a, b) return V(val(a) - val(b)) end
  mt.__mul = function(a, b) return V(val(a) * val(b)) end
  mt.__div = function(a, b) return V(val(a) / val(b)) end
  mt.__mod = function(a, b) return V(val(a) % val(b)) end
  mt.__pow = function(a, b) return V(val(a) ^ val(b)) end
  mt.__unm = function(a) return V(-a.x) end
  assert((V(2) + V(3)).x == 5 and (V(2) + 1).x == 3 and (1 + V(2)).x == 3)
  assert((V(5) - 1).x == 4 and (V(2) * 3).x == 6 and (V(9) / 3).x == 3)
  assert((V(7) % 4).x == 3 and (2 ^ V(3)).x == 8 and (-V(4)).x == -4)
end

do --- arith-metamethod-operand-order
  local order
  local mt = {__sub = function(a, b) order = {a, b}; return 0 end}
  local t = setmetatable({}, mt)
  local _ = 10 - t
  assert(order[1] == 10 and order[2] == t)
  _ = t - 10
  assert(order[1] == t and order[2] == 10)
end

do --- arith-metamethod-from-second-operand
  local a = {}
  local b = setmetatable({}, {__add = function(x, y) return "b's" end})
  assert(a + b == "b's" and b + a == "b's")
end

do --- arith-metamethod-on-string-operand
  local t = setmetatable({}, {__add = function(a, b) return "mm" end})
  assert("abc" + t == "mm")
  assert("10" + 1 == 11)
end

do --- unm-metamethod-second-arg
  local got
  local t = setmetatable({}, {__unm = function(a, b) got = {a, b}; return 1 end})
  assert(-t == 1 and got[1] == t)
end

do --- concat-metamethod
  local mt = {__concat = function(a, b)
    local x = type(a) == "table" and "T" or a
    local y = type(b) == "table" and "T" or b
    return x .. y
  end}
  local t = setmetatable({}, mt)
  assert(t .. "x" == "Tx" and "x" .. t == "xT" and 1 .. t == "1T")
  assert("a" .. "b" .. t .. "c" == "abTc")
end

do --- len-metamethod-userdata
  local u = newproxy(true)
  getmetatable(u).__len = function() return 42 end
  assert(#u == 42)
end

do --- len-metamethod-not-used-for-tables
  local t = setmetatable({1, 2}, {__len = function() return 99 end})
  assert(#t == 2)
end

do --- eq-metamethod-same-function
  local mt = {__eq = function(a, b) return a.id == b.id end}
  local a = setmetatable({id = 1}, mt)
  local b = setmetatable({id = 1}, mt)
  local c = setmetatable({id = 2}, mt)
  assert(a == b and a ~= c and not (a ~= b))
end

do --- eq-metamethod-different-functions-not-called
  local a = setmetatable({}, {__eq = function() return true end})
  local b = setmetatable({}, {__eq = function() return true end})
  assert(a ~= b)
end

do --- eq-metamethod-same-function-different-metatables
  local eq = function() return true end
  local a = setmetatable({}, {__eq = eq})
  local b = setmetatable({}, {__eq = eq})
  assert(a == b)
end

do --- eq-metamethod-only-same-types
  local mt = {__eq = function() return true end}
  local a = setmetatable({}, mt)
  assert(a ~= 1 and a ~= "x" and a ~= nil)
  local u = newproxy(true)
  getmetatable(u).__eq = mt.__eq
  assert(a ~= u)
end

do --- eq-metamethod-not-called-for-identical
  local called = false
  local mt = {__eq = function() called = true; return false end}
  local a = setmetatable({}, mt)
  assert(a == a and not called)
end

do --- eq-result-converted-to-boolean
  local mt = {__eq = function() return "yes" end}
  local a, b = setmetatable({}, mt), setmetatable({}, mt)
  assert((a == b) == true)
end

do --- lt-metamethod
  local mt = {__lt = function(a, b) return a.v < b.v end}
  local a, b = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt)
  assert(a < b and not (b < a) and b > a)
end

do --- le-metamethod
  local mt = {__le = function(a, b) return a.v <= b.v end}
  local a, b = setmetatable({v = 1}, mt), setmetatable({v = 1}, mt)
  assert(a <= b and b >= a)
end

do --- le-falls-back-to-not-lt
  local calls = {}
  local mt = {__lt = function(a, b) calls[#calls + 1] = {a, b}; return a.v < b.v end}
  local a, b = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt)
  assert(a <= b)       -- not (b < a)
  assert(calls[1][1] == b and calls[1][2] == a)
  assert(not (b <= a))
end

do --- lt-mixed-types-error-even-with-metamethod
  local t = setmetatable({}, {__lt = function() return true end})
  assert(not pcall(function() return t < 1 end))
end

do --- lt-different-metamethods-error
  local a = setmetatable({}, {__lt = function() return true end})
  local b = setmetatable({}, {__lt = function() return true end})
  local ok, err = pcall(function() return a < b end)
  assert(not ok and err:find("attempt to compare two table values"), err)
end

do --- tostring-metamethod
  local t = setmetatable({}, {__tostring = function() return "OBJ" end})
  assert(tostring(t) == "OBJ")
end

do --- tostring-metamethod-used-by-print
  local t = setmetatable({}, {__tostring = function() return "" end})
  print(t)
  assert(tostring(t) == "")
end

do --- tostring-metamethod-non-string-result
  local t = setmetatable({}, {__tostring = function() return 42 end})
  local ok, r = pcall(tostring, t)
  -- LuaJIT passes a non-string result through unchanged.
  assert(ok and r == 42)
end

do --- metatable-field-protection
  local t = setmetatable({}, {__metatable = "locked"})
  assert(getmetatable(t) == "locked")
  local ok, err = pcall(setmetatable, t, {})
  assert(not ok and err:find("cannot change a protected metatable"), err)
end

do --- metatable-field-false-still-protects
  local t = setmetatable({}, {__metatable = false})
  assert(getmetatable(t) == false)
  assert(not pcall(setmetatable, t, nil))
end

do --- string-metatable-protected-fields
  local mt = getmetatable("")
  assert(type(mt) == "table" and mt.__index == string)
end

do --- setmetatable-returns-table-and-removes
  local t = {}
  assert(setmetatable(t, {}) == t)
  setmetatable(t, nil)
  assert(getmetatable(t) == nil)
end

do --- metamethods-looked-up-raw
  local mt = setmetatable({}, {__index = function(_, k)
    if k == "__add" then return function() return "inherited" end end
  end})
  local t = setmetatable({}, mt)
  assert(not pcall(function() return t + 1 end))
end

do --- metamethod-change-after-setmetatable
  local mt = {}
  local t = setmetatable({}, mt)
  assert(t.x == nil)
  mt.__index = {x = "late"}
  assert(t.x == "late")
end

do --- index-on-number-via-debug-metatable
  debug.setmetatable(0, {__index = {double = function(n) return n * 2 end}})
  local ok, v = pcall(function() return (21):double() end)
  debug.setmetatable(0, nil)
  assert(ok and v == 42)
end

do --- call-chain-of-callables
  local inner = setmetatable({}, {__call = function(_, x) return x + 1 end})
  local outer = setmetatable({}, {__call = function(_, x) return inner(x) * 2 end})
  assert(outer(1) == 4)
end

do --- index-rawequal-rawset-bypass
  local t = setmetatable({}, {__newindex = function() error("no") end, __index = function() return "mm" end})
  rawset(t, "k", 1)
  assert(rawget(t, "k") == 1 and t.k == 1 and t.other == "mm")
end

do --- newproxy-userdata-metatables
  local u = newproxy(true)
  local mt = getmetatable(u)
  mt.__index = function(_, k) return k .. k end
  assert(u.ab == "abab" and type(u) == "userdata")
  local v = newproxy(u)
  assert(getmetatable(v) == mt)
  assert(getmetatable(newproxy()) == nil and getmetatable(newproxy(false)) == nil)
end

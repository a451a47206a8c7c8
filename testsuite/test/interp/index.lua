-- Table access (TGETS/TSETS, TGETB/TSETB, TGETV/TSETV): string keys present,
-- absent and nil-valued; __index tables followed inline up to the chain limit,
-- __index functions and loops; __newindex tables and functions; number keys in and
-- out of the array part (negative, fractional, huge, -0, NaN); string methods.
local T = dofile("common.lua")

-- A table whose key k sits n __index tables (or __newindex tables) down.
local function chain(n, field)
  local head = {}
  local lvl = head
  for _ = 1, n do
    local nxt = {}
    setmetatable(lvl, {[field] = nxt})
    lvl = nxt
  end
  return head, lvl
end

do --- string-keys-present-absent-nil
  local t = {a = 1, b = "two", c = false}
  t.d = nil
  local k = "b"
  T.eq(T.list(t.a, t.b, t.c, t.d, t.zz, t[k], t["c"], t[k .. "x"]), '1, "two", false, nil, nil, "two", false, nil')
  t.a = nil
  t.a = 10
  t.zz = "new"
  t[k] = nil
  T.eq(T.list(t.a, t.b, t.zz, t[k]), '10, nil, "new", nil')
end

do --- string-keys-many-and-collisions
  local t = {}
  for i = 1, 300 do t["k" .. i] = i end
  local sum = 0
  for i = 1, 300 do sum = sum + t["k" .. i] end
  for i = 1, 300, 2 do t["k" .. i] = nil end
  local cnt = 0
  for i = 1, 300 do if t["k" .. i] then cnt = cnt + 1 end end
  T.eq(T.list(sum, cnt, t.k2, t.k3, t.k300), '45150, 150, 2, nil, 300')
end

do --- index-table-chain-limit
  -- 99 tables are followed; the 100th is "loop in gettable".
  local h99 = chain(99, "__index")
  local _, l99 = chain(99, "__index")
  local h100, l100 = chain(100, "__index")
  select(2, chain(99, "__index")).k = "x"
  local h, l = chain(99, "__index")
  l.k = "end"
  l100.k = "end"
  T.eq(T.list(h.k, h.other, h99.k), '"end", nil, nil')
  T.eq(T.try(function() return h100.k end), 'false, "@: loop in gettable"')
  local h3, l3 = chain(3, "__index")
  l3[5], l3[1.5], l3[true] = "five", "frac", "bool"
  T.eq(T.list(h3.k, h3[5], h3[1.5], h3[true], h3[6]), 'nil, "five", "frac", "bool", nil')
end

do --- index-loop-errors
  local loop = {}
  setmetatable(loop, {__index = loop})
  local a, b = {}, {}
  setmetatable(a, {__index = b})
  setmetatable(b, {__index = a})
  T.eq(T.try(function() return loop.x end), 'false, "@: loop in gettable"')
  T.eq(T.try(function() return a.x end), 'false, "@: loop in gettable"')
  T.eq(T.try(function() return a[1] end), 'false, "@: loop in gettable"')
  T.eq(T.try(function() local k = "x" return b[k] end), 'false, "@: loop in gettable"')
  T.eq(T.try(function() return a[2.5] end), 'false, "@: loop in gettable"')
  a.x = "found"
  T.eq(T.list(b.x), '"found"')
end

do --- index-function
  local log = {}
  local mt = {__index = function(t, k) log[#log + 1] = T.show(k) return k end}
  local t = setmetatable({present = 1, 10}, mt)
  local k = "var"
  T.eq(T.list(t.present, t.absent, t[k], t[1], t[2], t[-1], t[0.5], t[true]), '1, "absent", "var", 10, 2, -1, 0.5, true')
  T.eq(table.concat(log, " "), '"absent" "var" 2 -1 0.5 true')
  local deep = setmetatable({}, {__index = setmetatable({}, {__index = function(_, k) return "fn:" .. k end})})
  T.eq(T.list(deep.x), '"fn:x"')
  local multi = setmetatable({}, {__index = function() return 1, 2, 3 end})
  T.eq(T.list(multi.x), '1')
end

do --- index-function-errors
  local t = setmetatable({}, {__index = function(_, k) error("no field " .. k) end})
  T.eq(T.try(function() return t.foo end), 'false, "@-1: no field foo"')
  local u = setmetatable({}, {__index = 42})
  T.eq(T.try(function() return u.foo end), 'false, "@: attempt to index a number value"')
  local v = setmetatable({}, {__index = "str"})
  T.eq(T.list(v.len == string.len, v.nope), 'true, nil')
end

do --- newindex-table-and-function
  local store = {}
  local t = setmetatable({exists = 1}, {__newindex = store})
  t.exists = 2
  t.new = 3
  t[1] = "one"
  t[2.5] = "frac"
  T.eq(T.list(rawget(t, "exists"), rawget(t, "new"), store.new, rawget(t, 1), store[1], store[2.5]), '2, nil, 3, nil, "one", "frac"')
  local log = {}
  local u = setmetatable({}, {__newindex = function(tt, k, v) log[#log + 1] = T.show(k) .. "=" .. T.show(v) rawset(tt, k, v) end})
  u.a = 1
  u.a = 2
  u[1] = 3
  u[1] = 4
  u.b = nil
  local k = "c"
  u[k] = 5
  T.eq(T.list(u.a, u[1], u.c, table.concat(log, " ")), '2, 4, 5, ""a"=1 1=3 "b"=nil "c"=5"')
end

do --- newindex-nil-valued-key
  -- A key present with a nil value counts as absent for __newindex.
  local log = {}
  local t = setmetatable({a = 1, 1, 2, 3}, {__newindex = function(tt, k, v) log[#log + 1] = T.show(k) rawset(tt, k, v) end})
  t.a = nil
  t.a = "again"
  t[2] = nil
  t[2] = "two"
  t[2] = "twice"
  T.eq(T.list(t.a, t[2], table.concat(log, " ")), '"again", "twice", ""a" 2"')
end

do --- newindex-chain-limit-and-loop
  local h99, l99 = chain(99, "__newindex")
  local h100 = chain(100, "__newindex")
  h99.k = "set"
  T.eq(T.list(rawget(h99, "k"), l99.k), 'nil, "set"')
  T.eq(T.try(function() h100.k = 1 end), 'false, "@: loop in settable"')
  local loop = {}
  setmetatable(loop, {__newindex = loop})
  T.eq(T.try(function() loop.x = 1 end), 'false, "@: loop in settable"')
  T.eq(T.try(function() loop[1] = 1 end), 'false, "@: loop in settable"')
end

do --- newindex-function-errors
  local t = setmetatable({}, {__newindex = function(_, k) error("read-only " .. k, 2) end})
  T.eq(T.try(function() t.x = 1 end), 'false, "@: read-only x"')
  local u = setmetatable({}, {__newindex = true})
  T.eq(T.try(function() u.x = 1 end), 'false, "@: attempt to index a boolean value"')
end

do --- metamethod-cache-invalidated
  -- A lookup that found no __index must not hide one added later, however it is added.
  local mt = {}
  local t = setmetatable({}, mt)
  local out = {T.show(t.x)}
  mt.__index = {x = 1}
  out[#out + 1] = T.show(t.x)
  mt.__index = nil
  out[#out + 1] = T.show(t.x)
  rawset(mt, "__index", {x = 2})
  out[#out + 1] = T.show(t.x)
  mt.__index = nil
  out[#out + 1] = T.show(t.x)
  local key = "__index"
  mt[key] = {x = 3}
  out[#out + 1] = T.show(t.x)
  mt[key] = nil
  out[#out + 1] = T.show(t.x)
  mt.__index = function() return 4 end
  out[#out + 1] = T.show(t.x)
  setmetatable(t, {})
  out[#out + 1] = T.show(t.x)
  getmetatable(t).__index = {x = 5}
  out[#out + 1] = T.show(t.x)
  T.eq(table.concat(out, " "), 'nil 1 nil 2 nil 3 nil 4 nil 5')
end

do --- metatable-shared-by-tables
  local mt = {__index = {shared = "s"}}
  local a, b = setmetatable({}, mt), setmetatable({own = 1}, mt)
  local r1 = T.list(a.shared, b.shared, b.own, a.own)
  mt.__index = {shared = "t"}
  T.eq(r1 .. " | " .. T.list(a.shared, b.shared), '"s", "s", 1, nil | "t", "t"')
end

do --- integer-keys-array-and-hash
  local t = {10, 20, 30}
  t[5] = 50
  t[0] = 0
  t[-1] = -10
  t[2 ^ 31] = "2^31"
  t[2 ^ 32] = "2^32"
  t[2 ^ 40] = "2^40"
  t[2 ^ 53] = "2^53"
  t[-2 ^ 63] = "-2^63"
  t[2 ^ 63] = "2^63"
  t[1e300] = "1e300"
  local i = 3
  T.eq(T.list(t[1], t[3], t[i], t[i + 1], t[5], t[0], t[-1], t[i - 4]), '10, 30, 30, nil, 50, 0, -10, -10')
  T.eq(T.list(t[2 ^ 31], t[2 ^ 32], t[2 ^ 40], t[2 ^ 40 + 1], t[2 ^ 53], t[-2 ^ 63], t[2 ^ 63], t[1e300]), '"2^31", "2^32", "2^40", nil, "2^53", "-2^63", "2^63", "1e300"')
  T.eq(T.list(t[1.0], t["1"], t[3 / 3], t[0.1 * 10]), '10, nil, 10, 10')
end

do --- fractional-negative-zero-keys
  local t = {}
  t[1.5] = "a"
  t[-1.5] = "b"
  t[0.1] = "c"
  t[-0.0] = "negzero"
  local nz, z = -0.0, 0
  T.eq(T.list(t[1.5], t[-1.5], t[0.1], t[0], t[nz], t[z], rawget(t, nz), rawget(t, 0)), '"a", "b", "c", "negzero", "negzero", "negzero", "negzero", "negzero"')
  t[nz] = "set via -0"
  T.eq(T.list(t[0], next({[nz] = 1})), '"set via -0", 0, 1')
  local u = {1, 2, 3}
  u[nz] = "zero"
  T.eq(T.list(u[0], u[nz]), '"zero", "zero"')
end

do --- nan-and-nil-keys
  local t = {}
  local nan = 0 / 0
  T.eq(T.list(t[nan], rawget(t, nan), t[nil], rawget(t, nil)), 'nil, nil, nil, nil')
  T.eq(T.try(function() t[nan] = 1 end), 'false, "@: table index is NaN"')
  T.eq(T.try(function() t[0 / 0] = 1 end), 'false, "@: table index is NaN"')
  T.eq(T.try(function() t[nil] = 1 end), 'false, "@: table index is nil"')
  T.eq(T.try(rawset, t, nan, 1), 'false, "table index is NaN"')
  T.eq(T.try(rawset, t, nil, 1), 'false, "table index is nil"')
  local ro = setmetatable({}, {__newindex = function(_, k) return "ignored" end})
  T.eq(T.try(function() ro[nan] = 1 end), 'true')
  local tab = setmetatable({}, {__newindex = {}})
  T.eq(T.try(function() tab[nan] = 1 end), 'false, "@: table index is NaN"')
  T.eq(T.list(next(t)), 'nil')
end

do --- other-key-types
  local t = {}
  local k1, k2, f = {}, {}, function() end
  t[k1], t[k2], t[f], t[true], t[false] = 1, 2, 3, 4, 5
  local co = coroutine.create(f)
  t[co] = 6
  T.eq(T.list(t[k1], t[k2], t[f], t[true], t[false], t[co], t[{}]), '1, 2, 3, 4, 5, 6, nil')
end

do --- constant-byte-keys
  -- TGETB/TSETB: constant keys 0..255 in and out of the array part.
  local t = {}
  t[1], t[2], t[200], t[255] = 1, 2, 200, 255
  t[0] = 0
  T.eq(T.list(t[0], t[1], t[2], t[3], t[200], t[255], t[254]), '0, 1, 2, nil, 200, 255, nil')
  local m = setmetatable({1}, {__index = function(_, k) return "mm" .. k end, __newindex = function(tt, k, v) rawset(tt, k, v .. "!") end})
  m[2] = "b"
  m[1] = "a"
  m[255] = "z"
  T.eq(T.list(m[1], m[2], m[3], m[255], m[0]), '"a", "b!", "mm3", "z!", "mm0"')
end

do --- array-hole-with-metatable
  local t = setmetatable({1, nil, 3}, {__index = function(_, k) return "idx" .. k end})
  local i = 2
  T.eq(T.list(t[1], t[2], t[i], t[3], t[4]), '1, "idx2", "idx2", 3, "idx4"')
  t[2] = "filled"
  T.eq(T.list(t[2], t[i]), '"filled", "filled"')
end

do --- index-non-tables-errors
  T.eq(T.try(function() local n = 5 return n.x end), 'false, "@: attempt to index local \'n\' (a number value)"')
  T.eq(T.try(function() local n = 5 n.x = 1 end), 'false, "@: attempt to index local \'n\' (a number value)"')
  T.eq(T.try(function() local n return n[1] end), 'false, "@: attempt to index local \'n\' (a nil value)"')
  T.eq(T.try(function() local n n[1] = 2 end), 'false, "@: attempt to index local \'n\' (a nil value)"')
  T.eq(T.try(function() local b = true return b.x end), 'false, "@: attempt to index local \'b\' (a boolean value)"')
  T.eq(T.try(function() local f = print return f.x end), 'false, "@: attempt to index local \'f\' (a function value)"')
  T.eq(T.try(function() local s = "abc" s.x = 1 end), 'false, "@: attempt to index local \'s\' (a string value)"')
  T.eq(T.try(function() local s = "abc" s[1] = 1 end), 'false, "@: attempt to index local \'s\' (a string value)"')
  T.eq(T.try(function() local t = {} return t.a.b end), 'false, "@: attempt to index field \'a\' (a nil value)"')
  T.eq(T.try(function() local t = {} t.a.b = 1 end), 'false, "@: attempt to index field \'a\' (a nil value)"')
  T.eq(T.try(function() local t = {} local k = "a" return t[k].b end), 'false, "@: attempt to index a nil value"')
  T.eq(T.try(function() local t = {} return t[1][2] end), 'false, "@: attempt to index a nil value"')
  T.eq(T.try(function() return ("x").y.z end), 'false, "@: attempt to index field \'y\' (a nil value)"')
  T.eq(T.try(function() return (5):foo() end), 'false, "@: attempt to index a number value"')
end

do --- string-methods
  local s = "hello"
  local k = "upper"
  T.eq(T.list(("x"):rep(3), s:sub(2), s:sub(-3, -2), s:byte(1, -1)), '"xxx", "ello", "ll", 104, 101, 108, 108, 111')
  T.eq(T.list(s:len(), s[k](s), ("%d-%s"):format(5, "x"), ("abc"):upper():lower(), s.len == string.len, s.nope, s[1]), '5, "HELLO", "5-x", "abc", true, nil, nil')
  T.eq(T.try(function() local r = s:nope() return r end), 'false, "@: attempt to call method \'nope\' (a nil value)"')
  T.eq(T.try(function() return s.sub() end), 'false, "bad argument #1 to \'?\' (string expected, got no value)"')
  local n = 12
  T.eq(T.try(function() return n:rep(2) end), 'false, "@: attempt to index upvalue \'n\' (a number value)"')
end

do --- string-sub-method-missing-start
  -- string.sub's start position is not optional.
  local s = "hello"
  T.eq(T.try(function() return s:sub() end), 'false, "bad argument #2 to \'?\' (number expected, got no value)"')
end

do --- string-metatable-index-replaced
  local smt = getmetatable("")
  local orig = smt.__index
  smt.__index = function(s, k) return "fn:" .. k end
  local r1 = ("abc").foo
  smt.__index = setmetatable({}, {__index = orig})
  local r2 = ("abc"):upper()
  smt.__index = {}
  local r3 = ("abc").upper
  smt.__index = orig
  T.eq(T.list(r1, r2, r3, ("abc"):upper()), '"fn:foo", "ABC", nil, "ABC"')
end

do --- string-library-table-with-metatable
  -- A method missing from the string table goes on to the string table's own
  -- metatable.
  setmetatable(string, {__index = function(_, k) return function() return "via " .. k end end})
  local r = ("abc"):nosuch()
  local r2 = ("abc"):upper()
  setmetatable(string, nil)
  T.eq(T.list(r, r2, ("abc").nosuch), '"via nosuch", "ABC", nil')
end

do --- keys-switching-types-in-loop
  -- One TGETV instruction sees array, hash, string, negative, NaN and table keys.
  local t = setmetatable({"one", "two", [5] = "five", s = "str", [-1] = "neg", [0.5] = "half"}, {__index = function(_, k) return "mm:" .. T.show(k) end})
  local keys = {1, 2, 5, "s", -1, 0.5, 3, "zz", 0 / 0, true, 2 ^ 40, -0.0}
  local out = {}
  for i = 1, #keys do out[i] = T.show(t[keys[i]]) end
  T.eq(table.concat(out, " "), '"one" "two" "five" "str" "neg" "half" "mm:3" "mm:"zz"" "mm:nan" "mm:true" "mm:1099511627776" "mm:-0"')
end

do --- set-keys-switching-types-in-loop
  local log = {}
  local t = setmetatable({1, 2, nil, 4, x = 1}, {__newindex = function(tt, k, v) log[#log + 1] = T.show(k) rawset(tt, k, v) end})
  local keys = {1, 3, 4, 5, "x", "y", -1, 0.5, 2 ^ 40, 3, true}
  for i = 1, #keys do t[keys[i]] = i end
  T.eq(table.concat(log, " "), '3 5 "y" -1 0.5 1099511627776 true')
  T.eq(T.list(t[1], t[3], t[4], t[5], t.x, t.y, t[-1], t[0.5], t[2 ^ 40], t[true]), '1, 10, 3, 4, 5, 6, 7, 8, 9, 11')
end

do --- table-grows-while-indexing
  -- Array and hash parts are reallocated while the same loop reads and writes them.
  local t = {}
  for i = 1, 1000 do
    t[i] = i
    t["s" .. i] = i
    t[i + 0.5] = i
    if t[i] ~= i or t["s" .. i] ~= i or t[i + 1] ~= nil then error("lost " .. i) end
  end
  local s = 0
  for i = 1, 1000 do s = s + t[i] + t["s" .. i] + t[i + 0.5] end
  T.eq(T.list(s), '1501500')
end

do --- new-keys-inserted-directly
  -- New keys without a metatable are inserted by the handlers themselves: string
  -- constants (TSETS), string, fractional, negative and -0 keys (TSETV), byte keys
  -- (TSETB) and integer keys past the array part, which a rehash moves into it; a
  -- metatable added later sends new keys to __newindex again; NaN still errors; the
  -- collector, stepped in between, sees every stored value.
  local t, log = {}, {}
  for i = 1, 200 do
    t["k" .. i] = {i}
    t[i * 0.25 - 10] = i
    t[i] = i
    if i % 50 == 0 then collectgarbage("step", 1) end
  end
  collectgarbage()
  local s = 0
  for i = 1, 200 do s = s + t["k" .. i][1] + t[i * 0.25 - 10] end
  t.fixed, t[7], t[-0.0] = "f", "seven", "zero"
  T.eq(T.list(s, #t, t.fixed, t[7], t[0], t[-0.0]), '40200, 200, "f", "seven", "zero", "zero"')
  setmetatable(t, {__newindex = function(tt, k, v) log[#log + 1] = T.show(k) rawset(tt, k, v) end})
  t.fresh, t[1000], t[0.125], t.fixed = 1, 2, 3, 4
  T.eq(table.concat(log, " "), '0.125 1000 "fresh"')
  T.eq(T.try(function() local u = {} u[0 / 0] = 1 end), 'false, "@: table index is NaN"')
end

do --- table-constructors-allocate-and-collect
  -- TNEW and TDUP allocate inline while no collection is due and take the slow path
  -- (which collects) when one is; a stopped collector lets memory grow until restart.
  local keep, weak = {}, setmetatable({}, {__mode = "k"})
  for i = 1, 20000 do
    local a, b = {}, {x = i, y = 2, [1] = "one"}
    weak[a] = true
    if i % 1000 == 0 then keep[#keep + 1] = b end
  end
  local live = 0
  for _ in pairs(weak) do live = live + 1 end
  T.eq(T.list(#keep, keep[20].x, keep[20].y, keep[20][1], live < 20000), '20, 20000, 2, "one", true')
  collectgarbage()
  collectgarbage("stop")
  local before = collectgarbage("count")
  local sink = {}
  for i = 1, 20000 do sink[i % 100 + 1] = {i, i} end
  local grew = collectgarbage("count") - before
  collectgarbage("restart")
  collectgarbage()
  T.eq(T.list(grew > 500, collectgarbage("count") < before + grew), 'true, true')
end

do --- newindex-cache-in-metatables
  -- Stores into tables whose metatable has no __newindex go inline once the
  -- metatable's cache says so; adding __newindex later (by a field store, rawset or
  -- a whole new metatable) must be seen by every kind of store at once.
  local log = {}
  local mt = {__index = function() return "dflt" end}
  local objs = {}
  for i = 1, 50 do
    local o = setmetatable({1, nil, 3}, mt)
    o.name, o[2], o[10], o[i + 0.5] = "n" .. i, "two", "ten", i
    objs[i] = o
  end
  local function note(_, k) log[#log + 1] = T.show(k) end
  local o = objs[50]
  T.eq(T.list(o.name, o[2], o[10], o[50.5], o.missing), '"n50", "two", "ten", 50, "dflt"')
  mt.__newindex = note
  o.fresh, o[2], o[3], o[11], o[0.25] = 1, 2, 3, 4, 5
  T.eq(table.concat(log, " "), '0.25 11 "fresh"')
  mt.__newindex = nil
  o.fresh2 = 6
  rawset(mt, "__newindex", note)
  o.fresh3, o[12] = 7, 8
  local mt2 = {__newindex = function(_, k) log[#log + 1] = "mt2:" .. T.show(k) end}
  setmetatable(o, mt2)
  o.fresh4 = 9
  T.eq(table.concat(log, " "), '0.25 11 "fresh" 12 "fresh3" mt2:"fresh4"')
  T.eq(T.list(rawget(o, "fresh2"), rawget(o, "fresh"), o[3]), '6, nil, 3')
end

-- Calls and returns (CALL/CALLM/CALLT/CALLMT, FUNCF/FUNCV headers, RET/RET0/RET1/
-- RETM, VARG, TSETM): argument adjustment, varargs, multiple results, tail calls of
-- Lua and native functions, __call, stack overflow and stack reallocation.
local T = dofile("common.lua")

local function id(...) return ... end
local function count(...) return select("#", ...) end

do --- fewer-and-more-args-than-params
  local function f(a, b, c) return a, b, c end
  local function g(a) return a end
  local function h() return "none" end
  T.eq(T.list(f()) .. " | " .. T.list(f(1)) .. " | " .. T.list(f(1, 2, 3, 4, 5)), 'nil, nil, nil | 1, nil, nil | 1, 2, 3')
  T.eq(T.list(g(1, 2, 3), h(1, 2), g(), (f(7, 8, 9))), '1, "none", nil, 7')
end

do --- many-params-filled-with-nil
  local function f(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20)
    return a1, a10, a20
  end
  -- Dirty the stack first so stale values would show.
  local function dirty(...) return ... end
  dirty(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26)
  T.eq(T.list(f(1)), '1, nil, nil')
  T.eq(T.list(f(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)), '1, 10, nil')
end

do --- varargs-count-and-nils
  local function v(...) return count(...), ... end
  T.eq(T.list(v()) .. " | " .. T.list(v(nil)) .. " | " .. T.list(v(nil, nil)) .. " | " .. T.list(v(1, nil, 3, nil)), '0 | 1, nil | 2, nil, nil | 4, 1, nil, 3, nil')
  local function fixed(a, ...) local x, y = ... return a, x, y, count(...) end
  T.eq(T.list(fixed()) .. " | " .. T.list(fixed(1)) .. " | " .. T.list(fixed(1, 2, 3, 4)), 'nil, nil, nil, 0 | 1, nil, nil, 0 | 1, 2, 3, 3')
  local function mid(...) return 0, ..., 9 end
  T.eq(T.list(mid(1, 2, 3)) .. " | " .. T.list(mid()), '0, 1, 9 | 0, nil, 9')
  local function tab(...) local t = {...} return #t, t[1], t[3] end
  T.eq(T.list(tab(5, 6, 7)), '3, 5, 7')
  local function args(...) local a = {n = count(...), ...} return a.n end
  T.eq(T.list(args(nil, nil, nil)), '3')
end

do --- vararg-frame-with-many-values
  local function pass(...) return ... end
  local t = {}
  for i = 1, 500 do t[i] = i end
  local function sum(...)
    local s = 0
    for i = 1, select("#", ...) do s = s + (select(i, ...)) end
    return s
  end
  T.eq(T.list(sum(pass(unpack(t))), count(pass(pass(unpack(t)))), select(-1, unpack(t))), '125250, 500, 500')
  local function deep(n, ...)
    if n == 0 then return count(...) end
    return deep(n - 1, n, ...)
  end
  T.eq(T.list(deep(300)), '300')
end

do --- multiple-results-adjustment
  local function three() return 1, 2, 3 end
  local function none() end
  T.eq(T.list(three(), three()) .. " | " .. T.list((three())) .. " | " .. T.list(three(), 10), '1, 1, 2, 3 | 1 | 1, 10')
  T.eq(T.list(none(), none()) .. " | " .. T.list({none()} ~= nil, #{none()}, #{three(), three()}), 'nil | true, 0, 4')
  local a, b, c, d = three()
  local e, f = none()
  T.eq(T.list(a, b, c, d, e, f), '1, 2, 3, nil, nil, nil')
  local t = {three(), three(), x = 1, three()}
  T.eq(T.list(#t, t[1], t[2], t[5]), '5, 1, 1, 3')
  local u = {0, id(1, nil, 3)}
  T.eq(T.list(u[1], u[2], u[3], u[4]), '0, 1, nil, 3')
end

do --- table-constructor-multres-big
  -- TSETM with many values, after fixed array items and into a hash-only table.
  local src = {}
  for i = 1, 3000 do src[i] = i end
  local t = {"a", "b", unpack(src)}
  local u = {x = 1, unpack(src, 1, 100)}
  local v = {id(unpack(src, 2990))}
  T.eq(T.list(#t, t[1], t[3], t[3002], #u, u[100], u.x, #v, v[11]), '3002, "a", 1, 3000, 100, 100, 1, 11, 3000')
end

do --- multres-from-native-into-lua
  local function f(a, b, c, d) return d, c, b, a end
  T.eq(T.list(f(unpack({1, 2, 3}))) .. " | " .. T.list(f(select(2, "a", "b", "c", "d", "e"))), 'nil, 3, 2, 1 | "e", "d", "c", "b"')
  T.eq(T.list(f(string.byte("abcd", 1, -1))) .. " | " .. T.list(f(0, string.byte("xy", 1, 2))), '100, 99, 98, 97 | nil, 121, 120, 0')
  local t = {string.byte("hello", 1, -1)}
  T.eq(T.list(#t, t[5]), '5, 111')
end

do --- results-wanted-more-than-returned
  -- The caller's slots beyond the results are filled with nil (RET1, RET, RETM).
  local function one() return 1 end
  local function two() return 1, 2 end
  local function many(...) return ... end
  local a1, a2, a3, a4 = one()
  local b1, b2, b3, b4 = two()
  local c1, c2, c3, c4 = many(1)
  local d1, d2, d3, d4 = many()
  T.eq(T.list(a1, a2, a3, a4, b1, b2, b3, b4, c1, c2, c3, c4, d1, d2, d3, d4), '1, nil, nil, nil, 1, 2, nil, nil, 1, nil, nil, nil, nil, nil, nil, nil')
end

do --- tail-calls-lua-deep
  local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + 1) end
  T.eq(T.list(loop(1000000, 0)), '1000000')
  local even, odd
  function even(n) if n == 0 then return true end return odd(n - 1) end
  function odd(n) if n == 0 then return false end return even(n - 1) end
  T.eq(T.list(even(100001), odd(100001)), 'false, true')
end

do --- tail-calls-vararg-frames
  -- Tail calls from and to vararg functions, with more and fewer arguments.
  local function target(a, b, ...) return a, b, count(...) end
  local function from_vararg(...) return target(...) end
  local function to_vararg(a) return id(a, a, a) end
  local function vararg_to_vararg(...) return id(10, ...) end
  T.eq(T.list(from_vararg(1, 2, 3, 4)) .. " | " .. T.list(from_vararg()) .. " | " .. T.list(to_vararg(5)), '1, 2, 2 | nil, nil, 0 | 5, 5, 5')
  T.eq(T.list(vararg_to_vararg(1, 2)) .. " | " .. T.list(vararg_to_vararg()), '10, 1, 2 | 10')
  local function chain(n, ...) if n == 0 then return count(...) end return chain(n - 1, n, ...) end
  T.eq(T.list(chain(200, "x")), '201')
end

do --- tail-calls-from-special-frames
  -- Frames entered from pcall, xpcall, coroutines and metamethods tail-calling.
  local function h(m) return m end
  T.eq(T.list(pcall(function(...) return id(...) end, 1, 2, 3)) .. " | " .. T.list(xpcall(function() return id(4, 5) end, h)), 'true, 1, 2, 3 | true, 4, 5')
  local co = coroutine.wrap(function(...) return id(...) end)
  T.eq(T.list(co(6, nil, 7)), '6, nil, 7')
  local t = setmetatable({}, {__index = function(_, k) return id(k, "ignored") end, __add = function(a, b) return select(2, a, b) end})
  T.eq(T.list(t.key, t + 8), '"key", 8')
  T.eq(T.list(pcall(select, 2, "a", "b")) .. " | " .. T.list(pcall(function(...) return select("#", ...) end)), 'true, "b" | true, 0')
end

do --- tail-calls-native
  local mt = {__index = {v = "meta"}}
  local function mk() return setmetatable({}, mt) end
  local function sel(...) return select(2, ...) end
  local function unp(t) return unpack(t) end
  local function str(x) return tostring(x) end
  local function typ(x) return type(x) end
  local function pc(f) return pcall(f) end
  T.eq(T.list(mk().v, sel(1, 2, 3)) .. " | " .. T.list(unp({4, 5, 6})) .. " | " .. T.list(str(12), typ(nil)), '"meta", 2, 3 | 4, 5, 6 | "12", "nil"')
  T.eq(T.list(pc(function() return 1, 2 end)) .. " | " .. T.list(pc(function() error("e", 0) end)), 'true, 1, 2 | false, "e"')
  local function maxv(...) return math.max(...) end
  local function ins(t, v) return table.insert(t, v) end
  local t = {}
  T.eq(T.list(maxv(3, 9, 2), ins(t, 1), #t), '9, nil, 1')
end

do --- tail-calls-native-result-counts-and-frames
  -- A tail-called native returns straight to the caller: every result count the
  -- caller's CALL wants, from vararg frames, with CALLMT, fast paths and fallbacks.
  local function fl(x) return math.floor(x) end
  local function by(...) return string.byte(...) end
  local function sx(s) return s:sub(2) end
  local function many(...) return select(1, ...) end
  local a, b, c = fl(2.5)
  T.eq(T.list(a, b, c), '2, nil, nil')
  local x, y, z, w = by("abc", 1, 3)
  T.eq(T.list(x, y, z, w) .. " | " .. T.list(by("abc", 1, 3)) .. " | " .. T.list((by("abc", 1, 3))), '97, 98, 99, nil | 97, 98, 99 | 97')
  T.eq(T.list(sx("hello"), many(unpack({1, nil, 3}, 1, 3))) .. " | " .. T.list(many()), '"ello", 1, nil, 3 | ')
  local t = {many(4, 5, 6)}
  T.eq(T.list(#t, fl(-0.5), sx("12345")), '3, -1, "2345"')
  -- Fallbacks raise their errors as the generic call does.
  T.eq(T.try(function() return fl("x") end) .. " | " .. T.try(function() return sx({}) end), 'false, "bad argument #1 to \'?\' (number expected, got string)" | false, "@-10: attempt to call method \'sub\' (a nil value)"')
  fl(1)
end

do --- tail-call-depth-not-limited-by-native-calls
  local n = 0
  local function f(k) if k == 0 then return "done" end n = n + 1 return select(2, k, f(k - 1)) end
  T.eq(T.list(f(1000), n), '"done", 1000')
end

do --- call-non-callable-errors
  T.eq(T.try(function() local x = 5 x() end), 'false, "@: attempt to call local \'x\' (a number value)"')
  T.eq(T.try(function() local t = {} t.f() end), 'false, "@: attempt to call field \'f\' (a nil value)"')
  T.eq(T.try(function() local t = {} t:m() end), 'false, "@: attempt to call method \'m\' (a nil value)"')
  T.eq(T.try(function() g_nofn() end), 'false, "@: attempt to call global \'g_nofn\' (a nil value)"')
  T.eq(T.try(function() local s = "str" s() end), 'false, "@: attempt to call local \'s\' (a string value)"')
  T.eq(T.try(function() local t = setmetatable({}, {}) t() end), 'false, "@: attempt to call local \'t\' (a table value)"')
  T.eq(T.try(function() local t = {{}} t[1]() end), 'false, "@: attempt to call a table value"')
  T.eq(T.try(function() (nil)() end), 'false, "@: attempt to call a nil value"')
  T.eq(T.try(function() local u u = 1 + 1; (function() u() end)() end), 'false, "@: attempt to call upvalue \'u\' (a number value)"')
end

do --- tail-call-non-callable-errors
  -- `return f()` of something that cannot be called: same message as a plain call.
  T.eq(T.try(function() local x = 5 return x() end), 'false, "@: attempt to call local \'x\' (a number value)"')
  T.eq(T.try(function() local t = {} return t.f() end), 'false, "@: attempt to call field \'f\' (a nil value)"')
  T.eq(T.try(function() local t = {} return t:m() end), 'false, "@: attempt to call method \'m\' (a nil value)"')
  T.eq(T.try(function() return g_nofn() end), 'false, "@: attempt to call global \'g_nofn\' (a nil value)"')
  T.eq(T.try(function() local s = "str" return s:nope() end), 'false, "@: attempt to call method \'nope\' (a nil value)"')
  T.eq(T.try(function() return (nil)() end), 'false, "@: attempt to call a nil value"')
  T.eq(T.try(function(...) return g_nofn(...) end, 1, 2), 'false, "@: attempt to call global \'g_nofn\' (a nil value)"')
end

do --- call-metamethod
  local log = {}
  local mt = {__call = function(self, ...) log[#log + 1] = count(...) return self.name, ... end}
  local obj = setmetatable({name = "obj"}, mt)
  T.eq(T.list(obj()) .. " | " .. T.list(obj(1, 2)) .. " | " .. T.list(obj(unpack({1, 2, 3}))), '"obj" | "obj", 1, 2 | "obj", 1, 2, 3')
  T.eq(T.list(pcall(obj, "p")) .. " | " .. table.concat(log, " "), 'true, "obj", "p" | 0 2 3 1')
  local function tail(...) return obj(...) end
  T.eq(T.list(tail("t", nil)), '"obj", "t", nil')
  local r = {obj(7, 8)}
  T.eq(T.list(#r, r[3]), '3, 8')
end

do --- call-metamethod-tail-and-nested
  local depth = 0
  local mt
  mt = {__call = function(self, n)
    depth = depth + 1
    if n == 0 then return "bottom", depth end
    return setmetatable({}, mt)(n - 1)
  end}
  T.eq(T.list(setmetatable({}, mt)(100)), '"bottom", 101')
  local u = newproxy(true)
  getmetatable(u).__call = function(self, a) return "udata", a end
  T.eq(T.list(u(1)), '"udata", 1')
  local smt = getmetatable("")
  smt.__call = function(s, a) return s .. a end
  local r = ("ab")("cd")
  smt.__call = nil
  T.eq(T.list(r), '"abcd"')
end

do --- call-metamethod-not-a-function
  local inner = setmetatable({}, {__call = function() return "inner" end})
  local outer = setmetatable({}, {__call = inner})
  T.eq(T.try(function() local r = outer() return r end), 'false, "@: attempt to call upvalue \'outer\' (a table value)"')
  local bad = setmetatable({}, {__call = 5})
  T.eq(T.try(function() local r = bad() return r end), 'false, "@: attempt to call upvalue \'bad\' (a table value)"')
end

do --- stack-overflow-caught
  local function rec(n) return 1 + rec(n + 1) end
  T.eq(T.try(rec, 1), 'false, "@-1: stack overflow"')
  local depth = 0
  local function rec2() depth = depth + 1 rec2() end
  local ok = pcall(rec2)
  T.eq(T.list(ok, depth > 1000), 'false, true')
  -- The VM is usable afterwards.
  depth = 0
  pcall(rec2)
  T.eq(T.list(depth > 1000), 'true')
end

do --- stack-overflow-from-growing-varargs
  local function grow(...) local x = grow(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ...) return x end
  T.eq(T.try(grow), 'false, "@-1: stack overflow"')
  local function tgrow(...) return tgrow(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ...) end
  T.eq(T.try(tgrow), 'false, "@-1: stack overflow"')
end

do --- stack-overflow-xpcall-handler-runs
  -- The message handler still gets room to run after a stack overflow.
  local h = function(m) return "handled: " .. tostring(m) end
  local function grow(...) local x = grow(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ...) return x end
  T.eq(T.list(xpcall(grow, h)), 'false, "handled: @-1: stack overflow"')
  T.eq(T.list(xpcall(grow, debug.traceback)):match("^[^\n]*"), 'false, "@-2: stack overflow')
  local function rec() local x = rec() return x end
  T.eq(T.list(xpcall(rec, h)), 'false, "handled: stack overflow"')
  T.eq(T.list(xpcall(rec, debug.traceback)):match("^[^\n]*"), 'false, "@-2: stack overflow')
end

do --- stack-overflow-through-metamethods
  local t = setmetatable({}, {__index = function(t, k) return t[k .. "x"] end})
  T.eq(T.try(function() return t.a end), 'false, "@-1: stack overflow"')
  local mt = {}
  mt.__call = function(self, ...) local r = self(...) return r end
  T.eq(T.try(setmetatable({}, mt)), 'false, "@-1: stack overflow"')
  local a = setmetatable({}, {})
  getmetatable(a).__add = function(x, y) return x + y end
  T.eq(T.try(function() return a + 1 end), 'false, "@-1: stack overflow"')
end

do --- stack-overflow-in-coroutine-and-callbacks
  local function rec(n) return 1 + rec(n + 1) end
  local co = coroutine.create(function() return rec(1) end)
  T.eq(T.list(coroutine.resume(co)) .. " | " .. coroutine.status(co), 'false, "@-2: stack overflow" | dead')
  T.eq(T.try(string.gsub, "x", "x", function() return rec(1) end), 'false, "@-3: stack overflow"')
  T.eq(T.try(table.sort, {3, 2, 1}, function(a, b) return rec(1) end), 'false, "@-4: stack overflow"')
end

do --- stack-grows-for-many-locals-at-depth
  -- A function with a big frame called at increasing depths moves the stack each
  -- time it grows; its locals and the callers' must survive.
  local function big(n)
    local a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 = n, n + 1, n + 2, n + 3, n + 4, n + 5, n + 6, n + 7, n + 8, n + 9
    local b1, b2, b3, b4, b5, b6, b7, b8, b9, b10 = a1, a2, a3, a4, a5, a6, a7, a8, a9, a10
    local c1, c2, c3, c4, c5, c6, c7, c8, c9, c10 = b1, b2, b3, b4, b5, b6, b7, b8, b9, b10
    local d1, d2, d3, d4, d5, d6, d7, d8, d9, d10 = c1, c2, c3, c4, c5, c6, c7, c8, c9, c10
    local e1, e2, e3, e4, e5, e6, e7, e8, e9, e10 = d1, d2, d3, d4, d5, d6, d7, d8, d9, d10
    local s = a1 + b2 + c3 + d4 + e5 + a10 + e10
    return s
  end
  local function nest(depth, n)
    if depth == 0 then return big(n) end
    local keep = depth * 3
    local r = nest(depth - 1, n)
    return r + keep - depth * 3
  end
  local out = {}
  for depth = 0, 2000, 250 do out[#out + 1] = nest(depth, depth) end
  T.eq(table.concat(out, " "), '28 1778 3528 5278 7028 8778 10528 12278 14028')
end

do --- unpack-big-tables
  local t = {}
  for i = 1, 7000 do t[i] = i end
  local function last(...) return (select(count(...), ...)) end
  T.eq(T.list(count(unpack(t)), last(unpack(t)), select("#", unpack(t, 6990)), count(unpack(t, 5, 4))), '7000, 7000, 11, 0')
  T.eq(T.list(count(unpack({}, 1, 0)), count(unpack({1, 2, 3}, -1, 1)), unpack({1, 2, 3}, 2)), '0, 3, 2, 3')
  local s = string.rep("x", 7000)
  T.eq(T.list(count(string.byte(s, 1, -1))), '7000')
end

do --- unpack-too-many-results
  T.eq(T.try(function() return count(unpack({}, 1, 9000)) end), 'false, "@: too many results to unpack"')
  T.eq(T.try(function() return count(string.byte(string.rep("x", 9000), 1, -1)) end), 'false, "@: string slice too long"')
end

do --- calls-switching-callee-kinds
  -- One CALL instruction sees Lua, vararg, native, fast and __call callees.
  local callees = {
    function(a) return "lua", a end,
    function(...) return "vararg", ... end,
    string.rep,
    math.max,
    setmetatable({}, {__call = function(self, a) return "call", a end}),
    select,
  }
  local out = {}
  for i = 1, #callees do out[i] = T.list(callees[i](2, 3)) end
  T.eq(table.concat(out, " | "), '"lua", 2 | "vararg", 2, 3 | "222" | 3 | "call", 2 | ')
end

-- Errors unwinding through nested Lua -> native -> Lua frames (sort comparators,
-- gsub callbacks, metamethods, pcall/xpcall inside callbacks), error values that are
-- tables, and the interpreter continuing correctly after each.
local T = dofile("common.lua")

do --- sort-comparator-errors
  local t = {3, 1, 2}
  T.eq(T.try(table.sort, t, function(a, b) error("cmp failed") end), 'false, "@: cmp failed"')
  T.eq(T.try(table.sort, t, function(a, b) error("cmp failed", 0) end), 'false, "cmp failed"')
  T.eq(T.try(table.sort, t, function(a, b) error("level2", 2) end), 'false, "level2"')
  T.eq(T.try(table.sort, t, function(a, b) return a.x < b end), 'false, "@: attempt to index local \'a\' (a number value)"')
  T.eq(T.try(table.sort, {1, "x", 2}), 'false, "attempt to compare string with number"')
  local obj = {}
  local ok, e = pcall(table.sort, t, function() error(obj) end)
  T.eq(T.list(ok, e == obj), 'false, true')
  table.sort(t)
  T.eq(table.concat(t, " "), '1 2 3')
end

do --- gsub-callback-errors
  T.eq(T.try(string.gsub, "abc", "%w", function(c) error("cb " .. c) end), 'false, "@: cb a"')
  T.eq(T.try(string.gsub, "abc", "%w", function(c) return {} end), 'false, "invalid replacement value (a table)"')
  local repl = setmetatable({}, {__index = function(_, k) error("idx " .. k, 0) end})
  T.eq(T.try(string.gsub, "abc", "%w", repl), 'false, "idx a"')
  local n = 0
  local r = string.gsub("aaa", "a", function() n = n + 1 local ok = pcall(error, "inner") return ok and "!" or "x" end)
  T.eq(T.list(r, n), '"xxx", 3')
end

do --- metamethod-errors-propagate
  local function thrower(name) return function() error(name .. " failed", 0) end end
  local mt = {}
  for _, n in ipairs({"index", "newindex", "add", "sub", "unm", "concat", "eq", "lt", "le", "call"}) do
    mt["__" .. n] = thrower(n)
  end
  local a, b = setmetatable({}, mt), setmetatable({}, mt)
  local out = {}
  local cases = {
    function() return a.x end, function() a.x = 1 end, function() return a + 1 end,
    function() return 1 - a end, function() return -a end, function() return a .. "s" end,
    function() return a == b end, function() return a < b end, function() return a <= b end,
    function() return a(1) end,
  }
  for i = 1, #cases do out[i] = select(2, pcall(cases[i])) end
  T.eq(table.concat(out, ", "), 'index failed, newindex failed, add failed, sub failed, unm failed, concat failed, eq failed, lt failed, le failed, call failed')
end

do --- error-objects-keep-identity-through-levels
  local obj = setmetatable({}, {__tostring = function() return "custom" end})
  local function lvl3() error(obj) end
  local function lvl2() local t = setmetatable({}, {__index = function() lvl3() end}) return t.x end
  local function lvl1() table.sort({2, 1}, function() return lvl2() end) end
  local ok, e = pcall(lvl1)
  T.eq(T.list(ok, rawequal(e, obj), tostring(e)), 'false, true, "custom"')
  local ok2, e2 = pcall(string.gsub, "a", "a", function() pcall(error) error({code = 5}) end)
  T.eq(T.list(ok2, type(e2), e2.code), 'false, "table", 5')
  local ok3, e3 = pcall(error, 42)
  local ok4, e4 = pcall(error, true)
  T.eq(T.list(e3, e4), '"42", true')
end

do --- nested-pcall-in-callbacks
  local log = {}
  local t = {5, 3, 1, 4, 2}
  table.sort(t, function(a, b)
    local ok, e = pcall(function() if a == 3 then error("skip") end end)
    if not ok then log[#log + 1] = "c" end
    return a < b
  end)
  T.eq(table.concat(t, " ") .. " " .. tostring(#log > 0), '1 2 3 4 5 true')
  local r = {pcall(pcall, error, "x")}
  T.eq(T.list(unpack(r)), 'true, false, "x"')
  T.eq(T.list(pcall(pcall)), 'false, "bad argument #1 to \'?\' (value expected)"')
end

do --- xpcall-handlers
  local function h(m) return "handled(" .. T.show(m) .. ")" end
  T.eq(T.list(xpcall(function() error("boom") end, h)), 'false, "handled("@: boom")"')
  T.eq(T.list(xpcall(function() error({}) end, h)), 'false, "handled(table)"')
  T.eq(T.list(xpcall(function() return 1, 2 end, h)), 'true, 1, 2')
  T.eq(T.list(xpcall(function() local x = nil; x() end, h)), 'false, "handled("@: attempt to call local \'x\' (a nil value)")"')
  T.eq(T.list(xpcall(function() error("a") end, function(m) error("handler failed") end)), 'false, "error in error handling"')
  T.eq(T.list(xpcall(function() table.sort({2, 1}, function() error("deep", 0) end) end, h)), 'false, "handled("deep")"')
  T.eq(T.list(xpcall(error, h)), 'false, "handled(nil)"')
end

do --- xpcall-no-arguments-error
  T.eq(T.try(xpcall), 'false, "bad argument #1 to \'?\' (value expected)"')
end

do --- xpcall-handler-sees-stack
  local where
  local function h(m) where = debug.getinfo(2, "Sl") return m end
  local function fail() local t = nil return t.x end
  xpcall(fail, h)
  T.eq(T.list(where.short_src, where.currentline - debug.getinfo(1, "l").currentline), '"stdin", -2')
end

do --- errors-inside-deep-mixed-frames
  -- Lua -> sort -> Lua -> gsub -> Lua -> __index -> Lua: the error unwinds all.
  local depth = 0
  local idx = setmetatable({}, {__index = function(_, k) depth = depth + 1 error("at " .. k, 0) end})
  local function g(s) return (s:gsub(".", function(c) depth = depth + 1 return idx[c] end)) end
  local function cmp(a, b) depth = depth + 1 return g(a) < g(b) end
  T.eq(T.try(table.sort, {"x", "y", "z"}, cmp), 'false, "at z"')
  T.eq(T.list(depth), '3')
  -- The same frames work normally afterwards.
  idx = setmetatable({}, {__index = function(_, k) return k:upper() end})
  local t = {"b", "c", "a"}
  table.sort(t, cmp)
  T.eq(table.concat(t, " "), 'a b c')
end

do --- error-positions-levels
  local function f() error("lvl1") end
  local function g() error("lvl2", 2) end
  local function caller() g() end
  T.eq(T.try(f), 'false, "@-3: lvl1"')
  T.eq(T.try(caller), 'false, "@-2: lvl2"')
  T.eq(T.try(function() error("lvl0", 0) end), 'false, "lvl0"')
  T.eq(T.list(pcall(function() error("lvl3", 3) end)), 'false, "@: lvl3"')
  T.eq(T.try(function() error() end), 'false, nil')
  T.eq(T.try(function() error(nil, 2) end), 'false, nil')
  T.eq(T.try(function() assert(false) end), 'false, "@: assertion failed!"')
  T.eq(T.try(function() assert(nil, "assert msg") end), 'false, "@: assert msg"')
  T.eq(T.try(function() assert(false, {1}) end), 'false, table')
end

do --- tostring-metamethod-errors
  local t = setmetatable({}, {__tostring = function() error("ts failed", 0) end})
  local u = setmetatable({}, {__tostring = function() return 42 end})
  T.eq(T.try(tostring, t), 'false, "ts failed"')
  T.eq(T.try(tostring, u), 'true, 42')
  T.eq(T.try(print, t), 'false, "ts failed"')
end

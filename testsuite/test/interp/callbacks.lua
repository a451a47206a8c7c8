-- Native functions calling Lua functions again and again: table.sort's comparator,
-- string.gsub's replacement function, table.foreach/foreachi's body. Each kind of
-- callee (fixed and vararg Lua functions, tail calls, natives), each way of returning
-- (no, one, many results) and what a callee may do to the caller's world (move the
-- stack, change the table, collect garbage, set hooks, raise errors).
local T = dofile("common.lua")

-- 1..n in a scrambled order (n and 7 coprime).
local function scrambled(n)
  local t = {}
  for i = 1, n do t[i] = (i * 7) % n + 1 end
  return t
end

local function is_sorted(t, n, gt)
  for i = 2, n do
    if gt then
      if t[i - 1] < t[i] then return false end
    elseif t[i] < t[i - 1] then
      return false
    end
  end
  return true
end

do --- sort-invalid-order-function-message
  local t = {3, 1, 2, 5, 4, 7, 6, 9, 8, 10, 12, 11}
  T.eq(T.try(table.sort, t, function(a, b) return true end), 'false, "invalid order function for sorting"')
end

do --- sort-comparator-kinds
  local n = 100
  local function fixed(a, b) return a < b end
  local function vararg(...) local a, b = ... return a < b end
  local function extra(a, b, c) assert(c == nil) return a > b end
  local function tail(a, b) return fixed(a, b) end
  local function many(a, b) return a < b, "x", "y", "z" end
  local function multres(a, b) return unpack({a > b, 1, 2}) end
  local function onlyfirst(a) return false end
  for i, f in ipairs({fixed, vararg, extra, tail, many, multres, onlyfirst}) do
    local t = scrambled(n)
    table.sort(t, f)
    T.eq(T.list(i, f == onlyfirst or is_sorted(t, n, f == extra or f == multres)), T.list(i, true))
  end
  -- Native comparators run through the generic call.
  local t = {5, 3, 8, 1, 9, 2, 7}
  T.eq(T.try(table.sort, t, rawequal), 'true')
  T.eq(table.concat(t, " "), '5 9 2 1 3 8 7')
  T.eq(T.try(table.sort, {1, 2, 3}, error), 'false, "3"')
  -- sort wants a function: a callable table is refused.
  local callable = setmetatable({}, {__call = function() return true end})
  T.eq(T.try(table.sort, {2, 1}, callable), [[false, "bad argument #2 to '?' (function expected, got table)"]])
end

do --- sort-default-comparator
  T.eq(T.try(table.sort, {{}, {}}), 'false, "attempt to compare two table values"')
  T.eq(T.try(table.sort, {1, {}}), 'false, "attempt to compare table with number"')
  T.eq(T.try(table.sort, {"a", 1}), 'false, "attempt to compare number with string"')
  local mt = {__lt = function(a, b) return a.k > b.k end}
  local t = {}
  for i, k in ipairs(scrambled(30)) do t[i] = setmetatable({k = k}, mt) end
  table.sort(t)
  local ks = {}
  for i = 1, 30 do ks[i] = t[i].k end
  T.eq(T.list(is_sorted(ks, 30, true), ks[1], ks[30]), 'true, 30, 1')
  local bad = {__lt = function() error("lt failed", 0) end}
  T.eq(T.try(table.sort, {setmetatable({}, bad), setmetatable({}, bad)}), 'false, "lt failed"')
end

do --- sort-comparator-grows-and-shrinks-table
  local g = {}
  for i = 1, 20 do g[i] = (i * 7) % 20 end
  local calls = 0
  local ok = pcall(table.sort, g, function(a, b)
    calls = calls + 1
    if calls == 5 then for i = 21, 200 do g[i] = i end end
    return a < b
  end)
  T.eq(T.list(ok, #g, table.concat(g, " ", 1, 20)), 'true, 200, "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19"')
  local s = scrambled(20)
  calls = 0
  ok = pcall(table.sort, s, function(a, b)
    calls = calls + 1
    if calls == 5 then for i = 1, 20 do s[i] = nil end end
    if a == nil or b == nil then return false end
    return a < b
  end)
  T.eq(T.list(ok, #s, calls), 'true, 0, 80')
end

do --- sort-pivot-survives-collection
  -- The comparator drops its arguments and every element of the table, then
  -- collects: the partition's pivot is held by the sort alone, and must survive
  -- to be passed to the next comparisons.
  local t = {}
  for i = 1, 64 do t[i] = {id = "item" .. ((i * 37) % 64)} end
  local calls, bad, seen = 0, 0, 0
  local junk
  local function valid(v)
    if v == nil then return true end
    seen = seen + 1
    return type(v) == "table" and type(v.id) == "string" and v.id:sub(1, 4) == "item"
  end
  table.sort(t, function(a, b)
    calls = calls + 1
    if not valid(a) or not valid(b) then bad = bad + 1 return false end
    local r = a ~= nil and b ~= nil and a.id < b.id
    if calls == 4 then
      for i = 1, #t do t[i] = nil end
      a, b = nil, nil
      collectgarbage()
      junk = {}
      for i = 1, 2000 do junk[i] = {id = 1.5, x = i} end
    end
    return r
  end)
  T.eq(T.list(calls, bad, seen), '331, 0, 70')
end

do --- sort-values-survive-collections
  -- Elements only the table holds, while comparators allocate and collect.
  local n = 300
  local t = {}
  for i, k in ipairs(scrambled(n)) do t[i] = string.format("s%05d", k) end
  local calls = 0
  table.sort(t, function(a, b)
    calls = calls + 1
    local garbage = {a .. "!", b .. "?", {}}
    if calls % 97 == 0 then collectgarbage() end
    if calls % 13 == 0 then collectgarbage("step", 1) end
    return a < b
  end)
  T.eq(T.list(is_sorted(t, n), t[1], t[n]), 'true, "s00001", "s00300"')
end

do --- sort-comparator-moves-stack
  -- Deep recursion inside comparisons grows (and moves) the stack under the sort.
  local function deep(n) if n == 0 then return 0 end return 1 + deep(n - 1) end
  local n = 200
  local t = scrambled(n)
  local calls, depth = 0, 0
  table.sort(t, function(a, b)
    calls = calls + 1
    if calls % 50 == 1 then depth = depth + deep(2000 + calls) end
    return a > b
  end)
  T.eq(T.list(is_sorted(t, n, true), t[1], t[n], depth > 0), 'true, 200, 1, true')
  local s = string.gsub("abc", "%w", function(c) return c .. deep(3000) end)
  T.eq(T.list(s), '"a3000b3000c3000"')
end

do --- sort-hooks-set-inside-comparator
  local t = {}
  for i = 1, 50 do t[i] = (i * 13) % 50 end
  local events, calls = {call = 0, ["return"] = 0, line = 0, ["tail return"] = 0}, 0
  local function hook(ev) events[ev] = events[ev] + 1 end
  table.sort(t, function(a, b)
    calls = calls + 1
    if calls == 10 then debug.sethook(hook, "crl") end
    if calls == 200 then debug.sethook() end
    return a < b
  end)
  T.eq(T.list(is_sorted(t, 50), calls, events.call, events["return"], events.line), 'true, 267, 191, 190, 761')
  -- A hook set around the sort sees each comparator call.
  local n = 0
  debug.sethook(function() n = n + 1 end, "c")
  table.sort(scrambled(30), function(a, b) return a < b end)
  debug.sethook()
  T.eq(T.list(n), '133')
end

do --- sort-comparator-error-traceback
  local here = debug.getinfo(1, "l").currentline
  local function cmp(a, b) error("in cmp") end
  local _, tb = xpcall(function() table.sort({2, 1, 3}, cmp) end, debug.traceback)
  local want = string.format("stdin:%d: in cmp\nstack traceback:\n\t[C]: in function 'error'\n" ..
    "\tstdin:%d: in function <stdin:%d>\n\t[C]: in function 'sort'\n" ..
    "\tstdin:%d: in function <stdin:%d>\n\t[C]: in function 'xpcall'\n" ..
    "\tstdin:%d: in main chunk\n\t[C]: at ADDR", here + 1, here + 1, here + 1, here + 2, here + 2, here + 2)
  T.eq(tb:gsub("0x%x+", "ADDR"), want)
end

do --- comparator-resumes-coroutines
  -- Yielding inside a coroutine the comparator resumes is not a yield across it.
  local co = coroutine.wrap(function(a, b) while true do a, b = coroutine.yield(a < b) end end)
  local t = scrambled(40)
  table.sort(t, function(a, b) return co(a, b) end)
  T.eq(T.list(is_sorted(t, 40)), 'true')
end

do --- gsub-callback-results
  -- No result keeps the match; extra results are dropped.
  T.eq(T.list(string.gsub("abc", "%w", function(c) end)), '"abc", 3')
  T.eq(T.list(string.gsub("abc", "%w", function(c) return c:upper(), 1, 2 end)), '"ABC", 3')
  T.eq(T.list(string.gsub("abc", "(%w)", function(...) return select("#", ...) end)), '"111", 3')
end

do --- foreach-callbacks
  local t = {10, 20, 30}
  local seen = {}
  T.eq(T.list(table.foreachi(t, function(i, v) seen[#seen + 1] = i .. "=" .. v end)), '')
  T.eq(table.concat(seen, " "), '1=10 2=20 3=30')
  T.eq(T.list(table.foreachi(t, function(i, v) if v == 20 then return "stop", "x" end end)), '"stop"')
  T.eq(T.try(table.foreachi, t, function(i, v) if i == 2 then error("fe " .. i) end end), 'false, "@: fe 2"')
  -- The body may change the table it walks.
  T.eq(T.list(table.foreachi(t, function(i, v) t[i + 1] = nil end)), '')
  T.eq(T.list(t[1], t[2], t[3]), '10, nil, nil')
  local kv = {}
  T.eq(T.list(table.foreach({a = 1}, function(k, v) kv[#kv + 1] = k .. v end)), '')
  T.eq(T.list(kv[1], table.foreach({a = 1}, function(k, v) return v + 1 end)), '"a1", 2')
end

-- Debug hooks (debug.sethook with call/return/line/count events): setting a hook
-- hands the generated interpreter over to the reference one, clearing it hands
-- back; events inside loops and calls, hooks removed or replaced inside the hook.
-- Lines are logged relative to `base`, the line where a block reads it. Hooked
-- loops stay short: LuaJIT does not call hooks from compiled traces.
local T = dofile("common.lua")

-- A hook logging "L<line>" and "c:<what><linedefined>" / "r:..." relative to base.
local function logger(log, base)
  return function(ev, line)
    if ev == "line" then
      log[#log + 1] = "L" .. (line - base)
    elseif ev == "count" then
      log[#log + 1] = "n"
    else
      local info = debug.getinfo(2, "S")
      local where = info.what == "C" and "C" or (info.what .. (info.linedefined - base))
      log[#log + 1] = ev:sub(1, 1) .. ":" .. where
    end
  end
end

do --- line-hook-in-loops-and-branches
  local log = {}
  local base = debug.getinfo(1, "l").currentline
  debug.sethook(logger(log, base), "l")
  local s = 0
  for i = 1, 3 do
    s = s + i
  end
  local j = 0
  while j < 2 do
    j = j + 1
  end
  repeat j = j - 1 until j == 0
  if s > 100 then
    s = 0
  else
    s = s + 1
  end
  for k, v in pairs({1, 2}) do
    s = s + v
  end
  debug.sethook()
  T.eq(table.concat(log, " ") .. " | " .. s, 'L2 L3 L4 L3 L4 L3 L4 L3 L6 L7 L8 L7 L8 L7 L10 L10 L11 L14 L16 L17 L16 L17 L16 L19 | 10')
end

do --- call-return-hook-lua-native-tail
  local log = {}
  local base = debug.getinfo(1, "l").currentline
  local function f() return 1 end
  local function g() return f() end
  local function h() local x = g() return x + 1 end
  local mt = {__index = function(t, k) return k end}
  local t = setmetatable({}, mt)
  debug.sethook(logger(log, base), "cr")
  local a = h()
  local b = math.floor(2.5)
  local c = t.x
  local d = select("#", 1, 2)
  pcall(function() error("x") end)
  debug.sethook()
  T.eq(table.concat(log, " ") .. " | " .. T.list(a, b, c, d), 'c:Lua3 c:Lua2 c:Lua1 r:Lua1 r:Lua3 c:C c:Lua4 r:Lua4 c:C c:C c:Lua11 c:C c:C | 2, 2, "x", 2')
end

do --- line-hook-fires-again-after-call-returns
  -- Returning into the middle of a line counts as reaching that line again.
  local log = {}
  local base = debug.getinfo(1, "l").currentline
  local function add(a, b) return a + b end
  debug.sethook(logger(log, base), "l")
  local s = 0
  for i = 1, 2 do
    s = add(s, i)
  end
  debug.sethook()
  T.eq(table.concat(log, " "), 'L3 L4 L5 L1 L5 L4 L5 L1 L5 L4 L7')
end

do --- count-hook-every-instruction-and-every-n
  local n1, n7 = 0, 0
  debug.sethook(function() n1 = n1 + 1 end, "", 1)
  local z = 0
  for i = 1, 10 do z = z + i end
  debug.sethook()
  debug.sethook(function() n7 = n7 + 1 end, "", 7)
  for i = 1, 25 do z = z + i * 2 end
  debug.sethook()
  T.eq(T.list(n1, n7, z), '28, 11, 705')
end

do --- count-and-line-hooks-together
  local log = {}
  local base = debug.getinfo(1, "l").currentline
  debug.sethook(logger(log, base), "l", 3)
  local p = 1
  local q = p + 1 + p * 2
  q = q * q - p
  debug.sethook()
  T.eq(table.concat(log, " ") .. " | " .. q, 'L2 L3 n L4 n L5 n | 15')
end

do --- hook-removed-inside-hook
  local log = {}
  local c = 0
  local base = debug.getinfo(1, "l").currentline
  debug.sethook(function(ev, line)
    c = c + 1
    log[#log + 1] = line - base
    if c == 3 then debug.sethook() end
  end, "l")
  local x = 1
  x = x + 1
  x = x + 1
  x = x + 1
  x = x + 1
  T.eq(T.list(table.concat(log, " "), c, x, debug.gethook()), '"6 7 8", 3, 5, nil, "", 0')
end

do --- hook-replaced-inside-hook
  local log = {}
  local base = debug.getinfo(1, "l").currentline
  local function second(ev, l) log[#log + 1] = "B" .. (l - base) end
  debug.sethook(function(ev, l) log[#log + 1] = "A" .. (l - base) debug.sethook(second, "l") end, "l")
  local a1 = 1
  local a2 = 2
  debug.sethook()
  T.eq(table.concat(log, " ") .. " | " .. (a1 + a2), 'A3 B4 B5 | 3')
end

do --- hook-set-deep-cleared-shallow
  -- Frames entered with hooks off, running under hooks, and back: results intact.
  local c = 0
  local function deep(n)
    if n == 0 then debug.sethook(function() c = c + 1 end, "r") return 0 end
    local k = n * 2
    return deep(n - 1) + k
  end
  local d = deep(5)
  local e = 0
  for i = 1, 3 do e = e + i end
  debug.sethook()
  local f = 0
  for i = 1, 100 do f = f + i end
  T.eq(T.list(d, e, f, c), '30, 6, 5050, 6')
end

do --- line-hook-after-sethook-same-line
  -- The rest of the line that set the hook raises no line event (returning from a
  -- native call is not a new line).
  local log = {}
  local base = debug.getinfo(1, "l").currentline
  debug.sethook(function(ev, l) log[#log + 1] = l - base end, "l") local q = 1
  local r = 2
  debug.sethook()
  T.eq(table.concat(log, " "), '2 3')
end

do --- hook-cleared-in-callee-caller-continues
  local function stop() debug.sethook() return "stopped" end
  local n = 0
  debug.sethook(function() n = n + 1 end, "l")
  local r = stop()
  local s = 0
  for i = 1, 200 do s = s + i end
  T.eq(T.list(r, s, n), '"stopped", 20100, 2')
end

do --- hooks-toggled-mid-loops
  -- The interpreters hand over in the middle of pairs and numeric loops.
  local t = {}
  for i = 1, 10 do t[i] = i t["k" .. i] = i end
  local seen, n, c = {}, 0, 0
  for k in pairs(t) do
    n = n + 1
    seen[#seen + 1] = tostring(k)
    if n == 5 then debug.sethook(function() c = c + 1 end, "", 1) end
    if n == 8 then debug.sethook() end
    if n == 12 then debug.sethook(function() c = c + 1 end, "l") end
    if n == 15 then debug.sethook() end
  end
  table.sort(seen)
  local s = 0
  for i = 1, 20, 0.5 do
    s = s + i
    if i == 3 then debug.sethook(function() end, "l") end
    if i == 7.5 then debug.sethook() end
  end
  T.eq(T.list(n, table.concat(seen, " "), c > 0, s), '20, "1 10 2 3 4 5 6 7 8 9 k1 k10 k2 k3 k4 k5 k6 k7 k8 k9", true, 409.5')
end

do --- hook-set-in-metamethod-and-coroutine
  local obj = setmetatable({}, {__index = function(_, k) debug.sethook(function() end, "c") return k end})
  local r = obj.x
  local q = 0
  for i = 1, 10 do q = q + i end
  local co = coroutine.wrap(function()
    local a = 0
    for i = 1, 3 do a = a + i coroutine.yield(a) end
    debug.sethook()
    for i = 1, 5 do a = a + 1 end
    return a
  end)
  local outs = {}
  for i = 1, 4 do outs[i] = co() end
  T.eq(T.list(r, q, table.concat(outs, " "), debug.gethook()), '"x", 55, "1 3 6 11", nil, "", 0')
end

do --- hook-errors-propagate
  local fired = false
  local ok, e = pcall(function()
    debug.sethook(function() if not fired then fired = true error("hook error", 0) end end, "l")
    local a = 1
    return a
  end)
  debug.sethook()
  T.eq(T.list(ok, e), 'false, "hook error"')
end

do --- hook-set-inside-coroutine
  -- Hooks are global: one set inside a coroutine sees the main thread too.
  local log = {}
  local base = debug.getinfo(1, "l").currentline
  local co = coroutine.create(function()
    debug.sethook(function(ev, l) log[#log + 1] = l - base end, "l")
    local q = 1
    coroutine.yield()
    local r = 2
  end)
  coroutine.resume(co)
  local m1 = 1
  coroutine.resume(co)
  local m2 = 2
  debug.sethook()
  T.eq(table.concat(log, " "), '3 4 8 9 5 6 10 11')
end

do --- gethook-reports-mask-and-count
  local hf = function() end
  debug.sethook(hf, "cr", 5)
  local a, b, c = debug.gethook()
  debug.sethook(hf, "l")
  local d, e, f = debug.gethook()
  debug.sethook()
  T.eq(T.list(a == hf, b, c, d == hf, e, f, debug.gethook()), 'true, "cr", 5, true, "l", 0, nil, "", 0')
end

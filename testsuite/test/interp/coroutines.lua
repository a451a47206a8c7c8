-- Coroutines and the interpreter: pcall/xpcall inside coroutines (yielding across
-- them), yields from metamethods and from for-in iterators, wrap, errors across
-- resume, and yields that cannot cross a native frame.
local T = dofile("common.lua")

-- Resume co until it is dead, collecting what each resume returned.
local function drain(co, ...)
  local out = {}
  local r = {coroutine.resume(co, ...)}
  while true do
    out[#out + 1] = T.list(unpack(r, 1, table.maxn(r)))
    if coroutine.status(co) == "dead" then break end
    r = {coroutine.resume(co, "r" .. #out)}
  end
  return table.concat(out, " | ")
end

do --- yield-across-pcall-and-xpcall
  local co = coroutine.create(function(a)
    local r1 = {pcall(function(x) local y = coroutine.yield(x + 1) return y * 2 end, a)}
    local r2 = {xpcall(function() coroutine.yield("in xpcall") error("after yield") end, function(m) return "h:" .. m end)}
    local r3 = {pcall(coroutine.yield, "direct")}
    return T.list(unpack(r1)), T.list(unpack(r2)), T.list(unpack(r3))
  end)
  local out = {T.list(coroutine.resume(co, 1))}
  out[#out + 1] = T.list(coroutine.resume(co, 10))
  out[#out + 1] = T.list(coroutine.resume(co))
  out[#out + 1] = T.list(coroutine.resume(co, "back"))
  T.eq(table.concat(out, " | "), 'true, 2 | true, "in xpcall" | true, "direct" | true, "true, 20", "false, "h:@-8: after yield"", "true, "back""')
end

do --- errors-inside-coroutines
  local co = coroutine.create(function() local t = nil return t.x end)
  T.eq(T.list(coroutine.resume(co)) .. " | " .. coroutine.status(co), 'false, "@-1: attempt to index local \'t\' (a nil value)" | dead')
  T.eq(T.list(coroutine.resume(co)), 'false, "cannot resume dead coroutine"')
  local obj = {}
  local co2 = coroutine.create(function() coroutine.yield(1) error(obj) end)
  coroutine.resume(co2)
  local ok, e = coroutine.resume(co2)
  T.eq(T.list(ok, e == obj), 'false, true')
  local w = coroutine.wrap(function() error("wrapped") end)
  T.eq(T.try(w), 'false, "@-1: wrapped"')
  local w2 = coroutine.wrap(function() error({}) end)
  T.eq(T.list(type(select(2, pcall(w2)))), '"table"')
  local w3 = coroutine.wrap(function() return 1 end)
  w3()
  T.eq(T.try(w3), 'false, "cannot resume dead coroutine"')
end

do --- pcall-inside-coroutine-catches
  local co = coroutine.wrap(function()
    local ok, e = pcall(function() coroutine.yield("y1") error("caught", 0) end)
    coroutine.yield(T.list(ok, e))
    local ok2, e2 = pcall(function() local x = {} return x.a.b end)
    return T.list(ok2, e2)
  end)
  T.eq(T.list(co(), co(), co()), '"y1", "false, "caught"", "false, "@-3: attempt to index field \'a\' (a nil value)""')
end

do --- yield-from-index-and-newindex
  local log = {}
  local t = setmetatable({}, {
    __index = function(_, k) return coroutine.yield("get " .. k) end,
    __newindex = function(_, k, v) log[#log + 1] = coroutine.yield("set " .. k) .. "=" .. v end,
  })
  local co = coroutine.create(function()
    local a = t.foo
    t.bar = "v"
    local k = "baz"
    local b = t[k]
    t[1] = "w"
    return a, b
  end)
  T.eq(drain(co) .. " | " .. table.concat(log, " "), 'true, "get foo" | true, "set bar" | true, "get baz" | true, "set 1" | true, "r1", "r3" | r2=v r4=w')
end

do --- yield-from-arith-compare-concat
  local mt = {
    __add = function(a, b) return coroutine.yield("add") end,
    __unm = function(a) return coroutine.yield("unm") end,
    __lt = function(a, b) return coroutine.yield("lt") end,
    __le = function(a, b) return coroutine.yield("le") end,
    __eq = function(a, b) return coroutine.yield("eq") end,
    __concat = function(a, b) return coroutine.yield("concat") end,
  }
  local a, b = setmetatable({}, mt), setmetatable({}, mt)
  local co = coroutine.create(function()
    local r = {}
    r[1] = a + 1
    r[2] = -a
    r[3] = a < b
    r[4] = a <= b
    r[5] = a == b
    if a < b then r[6] = "branch" else r[6] = "else" end
    r[7] = "x" .. a .. "y"
    r[8] = a ~= b
    return T.list(unpack(r, 1, 8))
  end)
  local out = {}
  local answers = {10, 20, false, 1, nil, true, "cat", true}
  local ok, v = coroutine.resume(co)
  local i = 1
  while coroutine.status(co) ~= "dead" do
    out[#out + 1] = v
    ok, v = coroutine.resume(co, answers[i])
    i = i + 1
  end
  T.eq(table.concat(out, " ") .. " | " .. T.list(ok, v), 'add unm lt le eq lt concat eq | true, "10, 20, false, true, false, "branch", "xcat", false"')
end

do --- yield-from-call-metamethod-and-len
  local callable = setmetatable({}, {__call = function(self, x) return coroutine.yield(x) + 1 end})
  local u = newproxy(true)
  getmetatable(u).__len = function() return coroutine.yield("len") end
  local co = coroutine.create(function() return callable(5), #u end)
  T.eq(T.list(coroutine.resume(co)) .. " | " .. T.list(coroutine.resume(co, 1)) .. " | " .. T.list(coroutine.resume(co, 7)), 'true, 5 | true, "len" | true, 2, 7')
end

do --- yield-from-iterators
  local function iter(s, c)
    if c < s then return coroutine.yield(c) end
  end
  local co = coroutine.create(function()
    local got = {}
    for v in iter, 3, 0 do got[#got + 1] = v end
    for k, v in pairs({10, 20, 30}) do got[#got + 1] = coroutine.yield(k) + v end
    for i, v in ipairs({"a", "b"}) do got[#got + 1] = v .. coroutine.yield(i) end
    for i = 1, 2 do got[#got + 1] = coroutine.yield("n" .. i) end
    return table.concat(got, ",")
  end)
  local out = {}
  local ok, v = coroutine.resume(co)
  while coroutine.status(co) ~= "dead" do
    out[#out + 1] = T.show(v)
    local send = type(v) == "number" and v + 1 or v
    ok, v = coroutine.resume(co, send)
  end
  T.eq(table.concat(out, " ") .. " | " .. T.list(ok, v), '0 1 2 1 2 3 1 2 "n1" "n2" | true, "1,2,3,12,23,34,a2,b3,n1,n2"')
end

do --- wrap-as-iterator
  local function gen(n) return coroutine.wrap(function() for i = 1, n do coroutine.yield(i, i * i) end end) end
  local out = {}
  for i, sq in gen(4) do out[#out + 1] = i .. ":" .. sq end
  local words = coroutine.wrap(function() for w in ("a bb ccc"):gmatch("%a+") do coroutine.yield(w) end end)
  for w in words do out[#out + 1] = w end
  T.eq(table.concat(out, " "), '1:1 2:4 3:9 4:16 a bb ccc')
end

do --- yield-across-native-boundary-errors
  local co = coroutine.create(function()
    table.sort({3, 2, 1}, function(a, b) coroutine.yield() return a < b end)
  end)
  T.eq(T.list(coroutine.resume(co)), 'false, "@-2: attempt to yield across C-call boundary"')
  local co2 = coroutine.create(function() return (string.gsub("a", "a", function() coroutine.yield() end)) end)
  T.eq(T.list(coroutine.resume(co2)), 'false, "@-1: attempt to yield across C-call boundary"')
  local co3 = coroutine.create(function() return tostring(setmetatable({}, {__tostring = function() coroutine.yield() return "x" end})) end)
  T.eq(T.list(coroutine.resume(co3)), 'true')
  T.eq(T.try(coroutine.yield), 'false, "attempt to yield across C-call boundary"')
end

do --- resume-arguments-and-results
  local co = coroutine.create(function(...)
    local n = select("#", ...)
    local a, b, c = coroutine.yield(n, ...)
    return select("#", a, b, c), a, b, c
  end)
  T.eq(T.list(coroutine.resume(co, 1, nil, 3, nil)) .. " | " .. T.list(coroutine.resume(co, "x")), 'true, 4, 1, nil, 3, nil | true, 3, "x", nil, nil')
  T.eq(T.list(coroutine.resume(co)), 'false, "cannot resume dead coroutine"')
  T.eq(T.list(select("#", coroutine.resume(coroutine.create(function() return unpack({}, 1, 300) end)))), '301')
  local self
  self = coroutine.create(function() return coroutine.resume(self) end)
  T.eq(T.list(coroutine.resume(self)), 'true, false, "cannot resume running coroutine"')
end

do --- resume-non-coroutine-error
  T.eq(T.try(coroutine.resume, 5), 'false, "bad argument #1 to \'?\' (coroutine expected)"')
end

do --- many-coroutines-interleaved
  -- Stacks of several coroutines grow and are switched between.
  local cos = {}
  for i = 1, 20 do
    cos[i] = coroutine.create(function()
      local function rec(n) if n == 0 then return coroutine.yield(i) end return rec(n - 1) + 0 end
      local s = 0
      for r = 1, 3 do s = s + rec(i * 10) end
      return s
    end)
  end
  local total = 0
  for round = 1, 4 do
    for i = 1, 20 do
      local ok, v = coroutine.resume(cos[i], round)
      total = total + v
    end
  end
  T.eq(T.list(total, coroutine.status(cos[1])), '810, "dead"')
end

-- The generated interpreter switches to a suspended coroutine and back in machine
-- code; these cases leave that path at each of its exits.

do --- switch-values-that-need-stack-growth
  -- 400 values each way: more than a fresh stack holds on either side.
  local co = coroutine.create(function()
    local got = {coroutine.yield()}
    return #got, got[1], got[400]
  end)
  coroutine.resume(co)
  local args = {}
  for i = 1, 400 do args[i] = i end
  T.eq(T.list(coroutine.resume(co, unpack(args))), 'true, 400, 1, 400')
  local producer = coroutine.create(function()
    coroutine.yield()
    local back = {}
    for i = 1, 400 do back[i] = i * 2 end
    coroutine.yield(unpack(back))
  end)
  coroutine.resume(producer)
  -- The resumer is a coroutine whose stack is still small.
  local outer = coroutine.wrap(function()
    local r = {coroutine.resume(producer)}
    return #r, r[1], r[2], r[401]
  end)
  T.eq(T.list(outer()), '401, true, 2, 800')
end

do --- switch-nesting-limit
  -- Each coroutine, once suspended, resumes the next when resumed. A chain of 100
  -- completes; one of 300 completes (LuaJIT) or stops at the C-call limit with an
  -- error (strix), never a crash.
  local function chain(n)
    local cos = {}
    for i = 1, n do
      cos[i] = coroutine.create(function()
        coroutine.yield()
        if cos[i + 1] then
          local ok, e = coroutine.resume(cos[i + 1])
          if not ok then error(e, 0) end
        end
        return i
      end)
      coroutine.resume(cos[i])
    end
    return T.list(coroutine.resume(cos[1]))
  end
  local long = chain(300)
  T.eq(chain(100) .. " | " .. tostring(long == 'true, 1' or long == 'false, "C stack overflow"'), 'true, 1 | true')
end

do --- switch-status-running-normal
  local a, b
  local seen = {}
  b = coroutine.create(function()
    for _ = 1, 2 do
      seen[#seen + 1] = coroutine.status(a) .. "/" .. coroutine.status(b) .. "/" .. tostring(coroutine.running() == b)
      coroutine.yield()
    end
  end)
  a = coroutine.create(function()
    for _ = 1, 2 do coroutine.resume(b) coroutine.yield(coroutine.status(b)) end
  end)
  local r = {}
  for _ = 1, 3 do r[#r + 1] = T.list(coroutine.resume(a)) end
  T.eq(table.concat(seen, " ") .. " | " .. table.concat(r, " | "), 'normal/running/true normal/running/true | true, "suspended" | true, "suspended" | true')
end

do --- switch-errors-after-machine-resume
  local co = coroutine.create(function()
    coroutine.yield(1)
    local ok, e = pcall(function() coroutine.yield(2) error("inner", 0) end)
    coroutine.yield(ok, e)
    local ok2, e2 = xpcall(function() coroutine.yield(3) local x = nil return x.y end, function(m) return "handled: " .. m end)
    coroutine.yield(ok2, e2)
    error({code = 7})
  end)
  local out = {}
  for _ = 1, 6 do
    local r = {coroutine.resume(co)}
    if type(r[2]) == "table" then r[2] = "code " .. r[2].code end
    out[#out + 1] = T.list(unpack(r))
  end
  T.eq(table.concat(out, " | "), 'true, 1 | true, 2 | true, false, "inner" | true, 3 | true, false, "handled: @-10: attempt to index local \'x\' (a nil value)" | false, "code 7"')
  local w = coroutine.wrap(function() coroutine.yield() error("wrapped again") end)
  w()
  T.eq(T.try(w), 'false, "@-2: wrapped again"')
end

do --- switch-tail-called-yield
  local function y(...) return coroutine.yield(...) end
  local function vy(...) local n = select("#", ...) return coroutine.yield(n, ...) end
  local co = coroutine.wrap(function(a)
    local b = y(a + 1)
    local c, d = vy(b, "z")
    return y(c + d)
  end)
  T.eq(T.list(co(1), co(10), co(3, 4), co("last")), '2, 2, 7, "last"')
end

do --- switch-collects-while-switching
  -- The resumer's frame and the values in flight survive collections on both sides.
  local co = coroutine.wrap(function(s)
    while true do
      collectgarbage()
      s = coroutine.yield(s .. "!", {s})
    end
  end)
  local last
  for i = 1, 200 do
    local keep = {i}
    local v, t = co(("x"):rep(i % 7 + 1) .. i)
    if i % 50 == 0 then collectgarbage() end
    assert(keep[1] == i and t[1] .. "!" == v)
    last = v
  end
  T.eq(T.list(last), '"xxxxx200!"')
end

do --- switch-hook-set-inside-coroutine
  local log = {}
  local co = coroutine.create(function()
    coroutine.yield(1)
    debug.sethook(function(ev) log[#log + 1] = ev end, "", 1)
    coroutine.yield(2)
    debug.sethook()
    coroutine.yield(3)
    return 4
  end)
  local r = {}
  for _ = 1, 5 do r[#r + 1] = T.list(coroutine.resume(co)) end
  T.eq(table.concat(r, " | ") .. " | " .. tostring(#log > 0), 'true, 1 | true, 2 | true, 3 | true, 4 | false, "cannot resume dead coroutine" | true')
end

do --- switch-traceback-of-waiting-resumer
  local outer
  local inner = coroutine.create(function()
    coroutine.yield()
    coroutine.yield(debug.traceback(outer, "tb"))
  end)
  coroutine.resume(inner)
  outer = coroutine.create(function()
    local _, tb = coroutine.resume(inner)
    return tb
  end)
  local _, tb = coroutine.resume(outer)
  T.eq(T.list(tb:match("^tb\nstack traceback:\n") ~= nil, tb:find("resume", 1, true) ~= nil), 'true, true')
end

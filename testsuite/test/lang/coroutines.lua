-- Coroutines: create, resume, yield, status, wrap, running, errors.

do --- coroutine-basic-resume-yield
  local co = coroutine.create(function(a, b)
    local c = coroutine.yield(a + b)
    local d, e = coroutine.yield(c * 2)
    return d + e
  end)
  local ok, v = coroutine.resume(co, 1, 2)
  assert(ok and v == 3)
  ok, v = coroutine.resume(co, 10)
  assert(ok and v == 20)
  ok, v = coroutine.resume(co, 3, 4)
  assert(ok and v == 7)
  assert(coroutine.status(co) == "dead")
end

do --- coroutine-status-values
  local co
  co = coroutine.create(function()
    assert(coroutine.status(co) == "running")
    coroutine.yield()
  end)
  assert(coroutine.status(co) == "suspended")
  coroutine.resume(co)
  assert(coroutine.status(co) == "suspended")
  coroutine.resume(co)
  assert(coroutine.status(co) == "dead")
end

do --- coroutine-status-normal
  local outer
  local inner = coroutine.create(function() return coroutine.status(outer) end)
  outer = coroutine.create(function() return coroutine.resume(inner) end)
  local ok, ok2, st = coroutine.resume(outer)
  assert(ok and ok2 and st == "normal")
end

do --- coroutine-resume-dead
  local co = coroutine.create(function() end)
  assert(coroutine.resume(co))
  local ok, err = coroutine.resume(co)
  assert(not ok and err == "cannot resume dead coroutine", err)
end

do --- coroutine-resume-running-self
  local co
  co = coroutine.create(function() return coroutine.resume(co) end)
  local ok, ok2, err = coroutine.resume(co)
  assert(ok and not ok2 and err == "cannot resume running coroutine", err)
end

do --- coroutine-multiple-values
  local co = coroutine.create(function(...)
    local n = select("#", ...)
    local a, b, c = coroutine.yield(n, ...)
    return a, b, c
  end)
  local r = {coroutine.resume(co, 1, nil, 3)}
  assert(r[1] == true and r[2] == 3 and r[3] == 1 and r[4] == nil and r[5] == 3)
  r = {coroutine.resume(co, "x", nil, "z")}
  assert(r[2] == "x" and r[3] == nil and r[4] == "z")
end

do --- coroutine-yield-nothing
  local co = coroutine.create(function() coroutine.yield() end)
  local r = {coroutine.resume(co)}
  assert(#r == 1 and r[1] == true)
end

do --- coroutine-error-inside
  local co = coroutine.create(function() error("oops") end)
  local ok, err = coroutine.resume(co)
  assert(not ok and err:find("oops"))
  assert(coroutine.status(co) == "dead")
end

do --- coroutine-error-table-value
  local e = {}
  local co = coroutine.create(function() error(e) end)
  local ok, err = coroutine.resume(co)
  assert(not ok and err == e)
end

do --- coroutine-runtime-error-message
  local co = coroutine.create(function() local x; return x.y end)
  local ok, err = coroutine.resume(co)
  assert(not ok and err:find("attempt to index local 'x' %(a nil value%)"), err)
end

do --- coroutine-wrap
  local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
  assert(gen() == 1 and gen() == 2 and gen() == 3)
end

do --- coroutine-wrap-propagates-errors
  local f = coroutine.wrap(function() error("werr", 0) end)
  local ok, err = pcall(f)
  assert(not ok and err == "werr")
end

do --- coroutine-wrap-dead
  local f = coroutine.wrap(function() end)
  f()
  local ok, err = pcall(f)
  assert(not ok and err:find("cannot resume dead coroutine"), err)
end

do --- coroutine-running
  local main = coroutine.running()
  -- LuaJIT (5.1 API) returns nil in the main coroutine.
  assert(main == nil)
  local co
  co = coroutine.create(function() return coroutine.running() end)
  local ok, r = coroutine.resume(co)
  assert(r == co and type(r) == "thread")
end

do --- coroutine-yield-outside
  local ok, err = pcall(coroutine.yield, 1)
  assert(not ok and err:find("attempt to yield"), err)
end

do --- coroutine-yield-across-pcall
  local co = coroutine.create(function()
    local ok, v = pcall(function()
      local x = coroutine.yield("in pcall")
      return x * 2
    end)
    coroutine.yield(ok, v)
    local ok2, err = pcall(function()
      coroutine.yield("again")
      error("after yield", 0)
    end)
    return ok2, err
  end)
  local _, v = coroutine.resume(co)
  assert(v == "in pcall")
  local _, ok, r = coroutine.resume(co, 21)
  assert(ok == true and r == 42)
  _, v = coroutine.resume(co)
  assert(v == "again")
  local _, ok2, err = coroutine.resume(co)
  assert(ok2 == false and err == "after yield")
end

do --- coroutine-yield-across-xpcall
  local co = coroutine.create(function()
    return xpcall(function() coroutine.yield(1); error("e", 0) end, function(e) return "h" .. e end)
  end)
  local _, v = coroutine.resume(co)
  assert(v == 1)
  local ok, xok, msg = coroutine.resume(co)
  assert(ok and xok == false and msg == "he")
end

do --- coroutine-yield-in-metamethod
  local t = setmetatable({}, {__index = function(t, k) return coroutine.yield(k) end})
  local co = coroutine.create(function() return t.foo end)
  local _, k = coroutine.resume(co)
  assert(k == "foo")
  local _, v = coroutine.resume(co, "bar")
  assert(v == "bar")
end

do --- coroutine-yield-across-iterator
  local gen = coroutine.wrap(function()
    for k, v in ipairs({"a", "b"}) do coroutine.yield(v) end
    return "done"
  end)
  assert(gen() == "a" and gen() == "b" and gen() == "done")
end

do --- coroutine-generators-nested
  local function gen(n)
    return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
  end
  local s = 0
  for i in gen(3) do for j in gen(i) do s = s + j end end
  assert(s == 1 + 3 + 6)
end

do --- coroutine-many
  local cos = {}
  for i = 1, 1000 do
    cos[i] = coroutine.create(function(x) local y = coroutine.yield(x + 1); return y * 2 end)
  end
  local s = 0
  for i = 1, 1000 do local _, v = coroutine.resume(cos[i], i); s = s + v end
  for i = 1, 1000 do local _, v = coroutine.resume(cos[i], i); s = s + v end
  assert(s == (1000 * 1001 / 2 + 1000) + 1000 * 1001)
end

do --- coroutine-create-non-function
  assert(not pcall(coroutine.create, 1))
  assert(not pcall(coroutine.resume, 1))
end

do --- coroutine-deep-stack-inside
  local co = coroutine.create(function()
    local function d(n) if n == 0 then return coroutine.yield("deep") end return d(n - 1) end
    local function nd(n) if n == 0 then return coroutine.yield("nd") end local r = nd(n - 1) return r end
    d(100000)
    return nd(5000)
  end)
  local _, v = coroutine.resume(co)
  assert(v == "deep")
  _, v = coroutine.resume(co)
  assert(v == "nd")
  local ok, r = coroutine.resume(co, "end")
  assert(ok and r == "end")
end

do --- coroutine-stack-overflow-inside
  local co = coroutine.create(function() local function r() return 1 + r() end return r() end)
  local ok, err = coroutine.resume(co)
  assert(not ok and err:find("stack overflow"), err)
end

do --- coroutine-upvalues-shared
  local n = 0
  local co = coroutine.wrap(function() while true do n = n + 1; coroutine.yield() end end)
  co(); co(); co()
  assert(n == 3)
end

do --- coroutine-type-and-tostring
  local co = coroutine.create(function() end)
  assert(type(co) == "thread" and tostring(co):match("^thread: "))
end

do --- coroutine-isyieldable-absent-or-works
  -- LuaJIT 2.1 provides coroutine.isyieldable as an extension.
  if coroutine.isyieldable then
    assert(coroutine.isyieldable() == false)
    local co = coroutine.wrap(function() return coroutine.isyieldable() end)
    assert(co() == true)
  end
end

do --- coroutine-wrap-passes-values-both-ways
  local acc = coroutine.wrap(function(x)
    local s = x
    while true do s = s + coroutine.yield(s) end
  end)
  assert(acc(1) == 1 and acc(2) == 3 and acc(10) == 13)
end

do --- coroutine-error-after-yield-dead
  local co = coroutine.create(function() coroutine.yield(); error("late") end)
  coroutine.resume(co)
  assert(not coroutine.resume(co))
  assert(coroutine.status(co) == "dead")
  assert(select(2, coroutine.resume(co)) == "cannot resume dead coroutine")
end

do --- coroutine-isyieldable
  assert(coroutine.isyieldable() == false)
  assert(coroutine.wrap(function() return coroutine.isyieldable() end)() == true)
  -- Not across a C call such as a sort comparator.
  local inside
  coroutine.wrap(function()
    table.sort({2, 1}, function(a, b) inside = coroutine.isyieldable() return a < b end)
  end)()
  assert(inside == false)
end

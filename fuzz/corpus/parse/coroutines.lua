-- Golden: coroutine traffic both ways, status changes, errors, wrap.
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  print("got", d, e)
  return "fin", d + e
end)
print(coroutine.status(co))
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, 3, 4))
print(coroutine.status(co))
print(coroutine.resume(co))
local gen = coroutine.wrap(function() for i = 1, 5 do coroutine.yield(i, i * i) end return "end" end)
for i = 1, 6 do print(gen()) end
print(pcall(gen))
local bad = coroutine.create(function() coroutine.yield(1); error("inside") end)
print(coroutine.resume(bad))
print(coroutine.resume(bad))
print(coroutine.status(bad))
local function producer()
  return coroutine.wrap(function() for _, w in ipairs({"alpha", "beta", "gamma"}) do coroutine.yield(w) end end)
end
local function filter(src)
  return coroutine.wrap(function() for w in src do coroutine.yield(w:upper()) end end)
end
for w in filter(producer()) do print(w) end
local y = coroutine.create(function()
  local ok, v = pcall(function() return coroutine.yield("from pcall") + 1 end)
  return ok, v
end)
print(coroutine.resume(y))
print(coroutine.resume(y, 41))
print(coroutine.running())
print(pcall(coroutine.yield))

-- Golden: closures, counters, upvalue sharing, closures created in loops.
local function counter(start)
  local n = start
  return function(d) n = n + (d or 1); return n end
end
local c1, c2 = counter(0), counter(100)
for i = 1, 5 do print("c1", c1(), "c2", c2(i)) end
local fs = {}
for i = 1, 10 do fs[i] = function() return i * i end end
for i = 1, 10 do io.write(fs[i](), i < 10 and " " or "\n") end
local function compose(f, g) return function(...) return f(g(...)) end end
local inc = function(x) return x + 1 end
local dbl = function(x) return x * 2 end
print(compose(inc, dbl)(5), compose(dbl, inc)(5))
local function memo(f)
  local cache = {}
  return function(n) local v = cache[n]; if v == nil then v = f(n); cache[n] = v end return v end
end
local fib
fib = memo(function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end)
for i = 0, 80, 10 do print("fib", i, fib(i)) end
local get, set
do local shared = "init"; get = function() return shared end; set = function(v) shared = v end end
print(get()); set("changed"); print(get())

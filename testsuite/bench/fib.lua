-- fib.lua: naive recursive Fibonacci (calls and returns). Size: n of fib(n).
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

local function fib(k)
  if k < 2 then return k end
  return fib(k - 1) + fib(k - 2)
end

bench.run(fib)

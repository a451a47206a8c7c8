-- loops.lua: numeric for loops with float and integer arithmetic. Size: iterations.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

bench.run(function(n)
  local s, x = 0, 0.5
  for i = 1, n do
    s = (s + i * 3 - (i % 7)) % 1000003
    x = x * 0.999999 + 1 / i
  end
  return s .. " " .. string.format("%.6f", x)
end)

-- Benchmark: numeric for loops with float and integer arithmetic. Usage: loops.lua [n]
local n = tonumber(arg and arg[1]) or 25000000
local s, x = 0, 0.5
for i = 1, n do
  s = (s + i * 3 - (i % 7)) % 1000003
  x = x * 0.999999 + 1 / i
end
print(s, string.format("%.6f", x))

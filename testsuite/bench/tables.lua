-- Benchmark: array-part stores and loads. Usage: tables.lua [n]
local n = tonumber(arg and arg[1]) or 20000
local t = {}
local sum = 0
for rep = 1, n do
  for i = 1, 1000 do t[i] = i + rep end
  for i = 1, 1000 do sum = (sum + t[i]) % 1000003 end
end
print(sum, #t)

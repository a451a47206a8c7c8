-- Benchmark: hash-part tables with string and numeric keys. Usage: hash.lua [n]
local n = tonumber(arg and arg[1]) or 4000
local keys = {}
for i = 1, 1000 do keys[i] = "key" .. i end
local sum = 0
for rep = 1, n do
  local h = {}
  for i = 1, 1000 do h[keys[i]] = i; h[i * 1.5] = rep end
  for i = 1, 1000 do sum = (sum + h[keys[i]] + h[i * 1.5]) % 1000003 end
end
print(sum)

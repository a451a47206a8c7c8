-- hash.lua: hash-part tables with string and fractional number keys. Size: tables built.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

local keys = {}
for i = 1, 1000 do keys[i] = "key" .. i end

bench.run(function(n)
  local sum = 0
  for rep = 1, n do
    local h = {}
    for i = 1, 1000 do h[keys[i]] = i; h[i * 1.5] = rep end
    for i = 1, 1000 do sum = (sum + h[keys[i]] + h[i * 1.5]) % 1000003 end
  end
  return sum
end)

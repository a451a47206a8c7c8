-- tables.lua: array-part stores and loads. Size: passes over a 1000-slot array.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

bench.run(function(n)
  local t = {}
  local sum = 0
  for rep = 1, n do
    for i = 1, 1000 do t[i] = i + rep end
    for i = 1, 1000 do sum = (sum + t[i]) % 1000003 end
  end
  return sum .. " " .. #t
end)

-- tak.lua: Takeuchi's function (three-argument recursion). Size: repetitions.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

local function tak(x, y, z)
  if y >= x then return z end
  return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y))
end

bench.run(function(n)
  local s = 0
  for i = 1, n do s = s + tak(18 + i % 3, 12, 6) end
  return s
end)

-- ack.lua: the Ackermann function (deep, non-tail recursion). Size: n of A(3, n).
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end

bench.run(function(n)
  -- Several smaller calls as well, so the frame stack grows and shrinks often.
  local s = 0
  for k = 1, n do s = s + ack(2, k * 10) end
  return s .. " " .. ack(3, n)
end)

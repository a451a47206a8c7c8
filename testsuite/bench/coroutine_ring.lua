-- coroutine_ring.lua: a token passed around a ring of coroutines. Size: hops.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

local RING = 503

bench.run(function(hops)
  -- Each coroutine receives a count, and yields it decremented to the scheduler,
  -- which hands it to the next coroutine in the ring.
  local ring = {}
  for i = 1, RING do
    ring[i] = coroutine.create(function(token)
      while true do token = coroutine.yield(token - 1, i) end
    end)
  end
  local token, at, last = hops, 1, 0
  while token > 0 do
    local ok, t, who = coroutine.resume(ring[at], token)
    if not ok then error(t) end
    token, last = t, who
    at = at % RING + 1
  end
  return last
end)

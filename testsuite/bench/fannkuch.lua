-- fannkuch.lua: pancake flips over every permutation of 1..n. Size: n.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

-- Flips the prefix of perm (copied into work) until 1 leads; returns the flip count.
local function flips(perm, work, n)
  for i = 1, n do work[i] = perm[i] end
  local count = 0
  local first = work[1]
  while first ~= 1 do
    local lo, hi = 1, first
    while lo < hi do
      work[lo], work[hi] = work[hi], work[lo]
      lo, hi = lo + 1, hi - 1
    end
    count = count + 1
    first = work[1]
  end
  return count
end

bench.run(function(n)
  local perm, work, count = {}, {}, {}
  for i = 1, n do perm[i] = i; count[i] = i end
  local maxflips, checksum, index = 0, 0, 0
  while true do
    local f = flips(perm, work, n)
    if f > maxflips then maxflips = f end
    checksum = checksum + (index % 2 == 0 and f or -f)
    index = index + 1
    -- Next permutation: rotate the first r elements left, counting rotations
    -- per position like an odometer (each position r cycles r times).
    local r = 2
    while true do
      if r > n then return checksum .. " " .. maxflips end
      local head = perm[1]
      for i = 1, r - 1 do perm[i] = perm[i + 1] end
      perm[r] = head
      count[r] = count[r] - 1
      if count[r] > 0 then break end
      count[r] = r
      r = r + 1
    end
  end
end)

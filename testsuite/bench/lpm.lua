-- lpm.lua: longest-prefix-match routing lookups through per-length hash
-- tables, as a router's forwarding table does. Size: lookups (thousands).
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

-- Power-of-two divisors per prefix length, computed once: masking is
-- addr - addr % 2^(32 - len), since plain Lua 5.1 has no bit operators.
local SPAN = {}
for len = 0, 32 do SPAN[len] = 2 ^ (32 - len) end

bench.run(function(thousands)
  local rng = bench.rng(65536)
  -- 2000 routes of lengths 8..32, and the lengths that occur (longest first).
  local tables, lengths, used = {}, {}, {}
  for r = 1, 2000 do
    local len = 8 + rng() % 25
    local addr = rng() % 4294967296
    if r % 4 == 0 then addr = 0x0a000000 + rng() % 16777216 end
    local prefix = addr - addr % SPAN[len]
    tables[len] = tables[len] or {}
    tables[len][prefix] = r
    if not used[len] then used[len] = true; lengths[#lengths + 1] = len end
  end
  table.sort(lengths, function(a, b) return a > b end)
  local nlen = #lengths
  local hits, misses, acc = 0, 0, 0
  for q = 1, thousands * 1000 do
    local addr = (q % 3 == 0) and (0x0a000000 + rng() % 16777216) or rng()
    local hop
    for i = 1, nlen do
      local len = lengths[i]
      hop = tables[len][addr - addr % SPAN[len]]
      if hop then break end
    end
    if hop then hits = hits + 1; acc = (acc + hop) % 1000003 else misses = misses + 1 end
  end
  return hits .. " " .. misses .. " " .. acc
end)

-- sieve_bit.lua: a sieve of Eratosthenes over a bitset in 32-bit words (bit library). Size: limit.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")
local bit = bench.need_bit()
local band, bor, lshift, rshift, bxor = bit.band, bit.bor, bit.lshift, bit.rshift, bit.bxor

bench.run(function(limit)
  -- Bit i of word w set means the number w*32+i is composite.
  local words = {}
  for w = 0, rshift(limit, 5) do words[w] = 0 end
  local count, mix = 0, 0
  for i = 2, limit do
    local w, b = rshift(i, 5), lshift(1, band(i, 31))
    if band(words[w], b) == 0 then
      count = count + 1
      mix = bxor(mix, i * 8191)
      for j = i * i, limit, i do
        local jw = rshift(j, 5)
        words[jw] = bor(words[jw], lshift(1, band(j, 31)))
      end
    end
  end
  return count .. " " .. bit.tohex(mix)
end)

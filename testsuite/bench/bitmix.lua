-- bitmix.lua: MD5-like rounds of 32-bit add/rotate/xor mixing (bit library). Size: 64-byte blocks.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")
local bit = bench.need_bit()
local band, bor, bxor, bnot, rol, tobit = bit.band, bit.bor, bit.bxor, bit.bnot, bit.rol, bit.tobit

-- Per-step constants and rotations, made once from a sine table as MD5 does.
local K, R = {}, {}
for i = 1, 64 do
  K[i] = tobit(math.floor(math.abs(math.sin(i + 0.5)) * 4294967296) % 4294967296)
  R[i] = 4 + (i * 7) % 19
end

bench.run(function(blocks)
  local a, b, c, d = 0x67452301, tobit(0xefcdab89), tobit(0x98badcfe), 0x10325476
  local m = {}
  for blk = 1, blocks do
    for i = 0, 15 do m[i] = tobit(blk * 16 + i * 40503) end
    local aa, bb, cc, dd = a, b, c, d
    for i = 1, 64 do
      local f, g
      if i <= 16 then f, g = bor(band(b, c), band(bnot(b), d)), i - 1
      elseif i <= 32 then f, g = bor(band(d, b), band(bnot(d), c)), (5 * i + 1) % 16
      elseif i <= 48 then f, g = bxor(b, c, d), (3 * i + 5) % 16
      else f, g = bxor(c, bor(b, bnot(d))), (7 * i) % 16 end
      local t = d
      d, c = c, b
      b = tobit(b + rol(tobit(a + f + K[i] + m[g]), R[i]))
      a = t
    end
    a, b, c, d = tobit(a + aa), tobit(b + bb), tobit(c + cc), tobit(d + dd)
  end
  return bit.tohex(a) .. bit.tohex(b) .. bit.tohex(c) .. bit.tohex(d)
end)

-- crc32.lua: table-driven CRC-32 (IEEE 802.3) over packet-sized byte strings (bit library). Size: passes.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")
local bit = bench.need_bit()
local band, bxor, rshift, bnot = bit.band, bit.bxor, bit.rshift, bit.bnot

local TABLE = {}
for i = 0, 255 do
  local c = i
  for _ = 1, 8 do
    if band(c, 1) == 1 then c = bxor(rshift(c, 1), 0xedb88320) else c = rshift(c, 1) end
  end
  TABLE[i] = c
end

local function crc32(s)
  local c = bnot(0)
  for i = 1, #s do c = bxor(rshift(c, 8), TABLE[band(bxor(c, s:byte(i)), 255)]) end
  return bnot(c)
end

-- The standard check value: a table or loop bug fails loudly, not just slowly.
assert(bit.tohex(crc32("123456789")) == "cbf43926", "crc32 self-check")

bench.run(function(passes)
  local rng = bench.rng(2024)
  local frames = {}
  for f = 1, 64 do
    local bytes = {}
    for i = 1, 64 + f * 3 do bytes[i] = rng() % 256 end
    frames[f] = string.char(unpack(bytes))
  end
  local acc = 0
  for _ = 1, passes do
    for f = 1, #frames do acc = bxor(acc, crc32(frames[f])) end
    acc = bit.rol(acc, 1)
  end
  return bit.tohex(acc)
end)

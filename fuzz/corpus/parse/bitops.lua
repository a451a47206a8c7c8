-- Golden: the LuaJIT bit library.
print(bit.band(0xff, 0x0f), bit.bor(0xf0, 0x0f), bit.bxor(0xff, 0x0f), bit.bnot(0))
print(bit.lshift(1, 31), bit.rshift(-1, 28), bit.arshift(-256, 4), bit.rol(0x12345678, 8), bit.ror(0x12345678, 8))
print(bit.tobit(2^32 + 5), bit.tobit(-1), bit.tohex(255), bit.tohex(-1), bit.tohex(0x1234, 2), bit.bswap(0x12345678))
print(bit.band(1, 3, 7), bit.bor(1, 2, 4, 8), bit.lshift(1, 32), bit.lshift(1, 33))
local h = 0
for i = 1, 1000 do h = bit.bxor(bit.rol(h, 5), i) end
print(h, bit.tohex(h))

-- packets.lua: synthetic Ethernet frames as byte strings, made once for the
-- packet-processing benchmarks (loaded with dofile, like harness.lua).
local packets = {}

local char = string.char

local function u16(v) return char(math.floor(v / 256) % 256, v % 256) end
local function u32(v) return u16(math.floor(v / 65536) % 65536) .. u16(v % 65536) end
packets.u16, packets.u32 = u16, u32

-- Returns `count` frames drawn from `rng`: IPv4 over UDP or TCP (some behind a
-- VLAN tag, some with IP options), IPv6/UDP, and ARP, with 0-63 payload bytes.
function packets.make(rng, count)
  local frames = {}
  for f = 1, count do
    local kind = rng() % 10
    local eth = u32(0x02000000 + f) .. u16(f % 65536) .. u32(0x02aabbcc) .. u16(0x0101)
    if kind == 0 then
      frames[f] = eth .. u16(0x0806) .. u16(1) .. u16(0x0800) .. char(6, 4) .. u16(1) ..
        string.rep("\0", 20)
    elseif kind == 1 then
      local payload = string.rep("v", rng() % 64)
      frames[f] = eth .. u16(0x86dd) .. u32(0x60000000) .. u16(8 + #payload) .. char(17, 64) ..
        string.rep("\1", 32) .. u16(rng() % 65536) .. u16(53 + rng() % 4) ..
        u16(8 + #payload) .. u16(0) .. payload
    else
      local vlan = kind == 2 and (u16(0x8100) .. u16(rng() % 4096)) or ""
      local ihl = kind == 3 and 6 or 5
      local tcp = rng() % 2 == 0
      local payload = string.rep("p", rng() % 64)
      local l4 = tcp and (u16(1024 + rng() % 1000) .. u16(rng() % 3 == 0 and 443 or 80) ..
        u32(rng()) .. u32(0) .. char(0x50, 0x18) .. u16(65535) .. u16(0) .. u16(0))
        or (u16(1024 + rng() % 1000) .. u16(53 + rng() % 4) .. u16(8 + #payload) .. u16(0))
      local total = ihl * 4 + #l4 + #payload
      local ip = char(0x40 + ihl, 0) .. u16(total) .. u16(f % 65536) .. u16(0x4000) ..
        char(64, tcp and 6 or 17) .. u16(0) .. u32(0x0a000000 + rng() % 65536) ..
        u32(0xc0a80000 + rng() % 256) .. (ihl == 6 and u32(0x01010100) or "")
      frames[f] = eth .. vlan .. u16(0x0800) .. ip .. l4 .. payload
    end
  end
  return frames
end

return packets

-- demo.lua: a small packet-processing flavoured workload for strix's README demo.
-- Parses synthetic IPv4-like headers out of byte strings, checksums them and
-- counts flows in a hash table, then prints a summary.

local function make_packet(i)
  local src = string.char(10, i % 7, (i * 3) % 256, i % 256)
  local dst = string.char(192, 168, (i * 5) % 4, (i * 11) % 256)
  local len = 40 + (i % 60)
  return string.char(0x45, 0, math.floor(len / 256), len % 256) .. src .. dst .. string.rep("x", len - 12)
end

local function checksum(p)
  local sum = 0
  for i = 1, #p - 1, 2 do
    sum = sum + p:byte(i) * 256 + p:byte(i + 1)
  end
  while sum > 0xffff do sum = (sum % 0x10000) + math.floor(sum / 0x10000) end
  return sum
end

local flows, bytes, total = {}, 0, 0
for i = 1, 20000 do
  local p = make_packet(i)
  local key = p:sub(5, 8) .. p:sub(9, 12)
  flows[key] = (flows[key] or 0) + 1
  bytes = bytes + #p
  total = (total + checksum(p)) % 1000000007
end

local n = 0
for _ in pairs(flows) do n = n + 1 end
print(string.format("packets: %d  bytes: %d  flows: %d  checksum: %d", 20000, bytes, n, total))

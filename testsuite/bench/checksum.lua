-- checksum.lua: the Internet checksum (RFC 1071) of IPv4 headers and whole
-- frames, written into a header and verified, in plain arithmetic. Size: passes over 512 frames.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")
local packets = dofile((arg[0]:match("^(.*)/") or ".") .. "/packets.lua")

local byte, sub = string.byte, string.sub

-- Ones'-complement sum of the 16-bit words of s[i..j], folded to 16 bits.
local function sum16(s, i, j)
  local acc = 0
  for k = i, j - 1, 2 do
    local a, b = byte(s, k, k + 1)
    acc = acc + a * 256 + b
  end
  if (j - i) % 2 == 0 then acc = acc + byte(s, j) * 256 end
  while acc > 65535 do acc = acc % 65536 + math.floor(acc / 65536) end
  return acc
end

local function checksum(s, i, j) return 65535 - sum16(s, i, j) end

bench.run(function(passes)
  local frames = packets.make(bench.rng(1071), 512)
  local acc, valid = 0, 0
  for _ = 1, passes do
    for f = 1, #frames do
      local s = frames[f]
      acc = (acc + checksum(s, 1, #s)) % 1000003
      if byte(s, 13) == 8 and byte(s, 14) == 0 then
        -- Fill in the IPv4 header checksum, then check the header sums to 0xffff.
        local hlen = (byte(s, 15) % 16) * 4
        local c = checksum(s, 15, 14 + hlen)
        local fixed = sub(s, 1, 24) .. packets.u16(c) .. sub(s, 27)
        if sum16(fixed, 15, 14 + hlen) == 65535 then valid = valid + 1 end
      end
    end
  end
  return acc .. " " .. valid
end)

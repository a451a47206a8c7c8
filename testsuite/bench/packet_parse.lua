-- packet_parse.lua: parses Ethernet/VLAN/IPv4/IPv6/UDP/TCP headers out of
-- byte strings and counts flows per protocol and port. Size: passes over 512 frames.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")
local packets = dofile((arg[0]:match("^(.*)/") or ".") .. "/packets.lua")

local byte = string.byte

local function be16(s, i) local a, b = byte(s, i, i + 1); return a * 256 + b end

-- Classifies one frame; updates the per-port counters; returns the payload length.
local function parse(s, ports)
  local off = 13
  local ethertype = be16(s, off)
  if ethertype == 0x8100 then off = off + 4; ethertype = be16(s, off) end
  off = off + 2
  if ethertype == 0x0800 then
    local vihl = byte(s, off)
    if math.floor(vihl / 16) ~= 4 then return 0 end
    local hlen = (vihl % 16) * 4
    local total, proto = be16(s, off + 2), byte(s, off + 9)
    local l4 = off + hlen
    local dport = be16(s, l4 + 2)
    local key = (proto == 6 and "tcp/" or "udp/") .. dport
    ports[key] = (ports[key] or 0) + 1
    if proto == 6 then
      return total - hlen - math.floor(byte(s, l4 + 12) / 16) * 4
    end
    return be16(s, l4 + 4) - 8
  elseif ethertype == 0x86dd then
    local plen, nxt = be16(s, off + 4), byte(s, off + 6)
    if nxt == 17 then
      local dport = be16(s, off + 42)
      local key = "udp6/" .. dport
      ports[key] = (ports[key] or 0) + 1
    end
    return plen - 8
  elseif ethertype == 0x0806 then
    ports.arp = (ports.arp or 0) + 1
  end
  return 0
end

bench.run(function(passes)
  local frames = packets.make(bench.rng(8080), 512)
  local ports, bytes = {}, 0
  for _ = 1, passes do
    for f = 1, #frames do bytes = bytes + parse(frames[f], ports) end
  end
  -- Report in a fixed key order (pairs order differs between VMs).
  local keys = {}
  for k in pairs(ports) do keys[#keys + 1] = k end
  table.sort(keys)
  local out = {bytes}
  for _, k in ipairs(keys) do out[#out + 1] = k .. "=" .. ports[k] end
  return table.concat(out, " ")
end)

-- gsub.lua: pattern matching: find, match, gmatch and gsub with captures and functions. Size: rounds.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

-- A log-like text built once; every round scans it with several patterns.
local lines = {}
for i = 1, 200 do
  lines[i] = string.format("%04d-%02d-%02d host%d.example.org GET /path/%d/item?id=%d status=%d",
    2000 + i % 20, i % 12 + 1, i % 28 + 1, i % 17, i * 3, i * 7 % 1000, 200 + i % 5 * 100)
end
local text = table.concat(lines, "\n")

bench.run(function(n)
  local acc = 0
  for _ = 1, n do
    for y, m, d in text:gmatch("(%d%d%d%d)%-(%d%d)%-(%d%d)") do
      acc = acc + tonumber(y) + tonumber(m) * 31 + tonumber(d)
    end
    local s, count = text:gsub("host(%d+)", function(h) return "H" .. (h * 2) end)
    acc = acc + count + #s
    s = text:gsub("status=(%d)(%d%d)", "%2:%1")
    acc = acc + #s
    local pos, hits = 1, 0
    while true do
      local a, b = text:find("id=%d+", pos)
      if not a then break end
      hits, pos = hits + 1, b + 1
    end
    acc = (acc + hits + #(text:match("[^\n]*$"))) % 1000000007
    acc = acc + select(2, text:gsub("%s+", " "))
  end
  return acc
end)

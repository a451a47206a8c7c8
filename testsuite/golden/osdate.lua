-- os.date and os.time: fixed UTC timestamps through many strftime conversions, and
-- dates normalised and round-tripped through os.time. Only `!` (UTC) formats and
-- zone-independent local round trips, so the output is the same in any time zone.

local stamps = {
  0, 1, 59, 86399, 86400, 951782400, 951868799, 978307199, 1e9, 1234567890,
  2^31 - 1, 2^31, 4102444800, -1, -86400, -2208988800, -62135596800, 253402300799,
}

local conversions = {
  "a", "A", "b", "B", "c", "C", "d", "D", "e", "F", "g", "G", "h", "H", "I", "j",
  "k", "l", "m", "M", "n", "p", "P", "r", "R", "S", "t", "T", "u", "U", "V", "w",
  "W", "x", "X", "y", "Y", "z", "Z", "%",
  "Ec", "EC", "Ex", "EX", "Ey", "EY", "Od", "Oe", "OH", "OI", "Om", "OM", "OS",
  "Ou", "OU", "OV", "Ow", "OW", "Oy",
  "-d", "_d", "0e", "^a", "#B", "^p", "#p", "10Y", "-j", "_H", "3m", "-l",
}

local function show(s)
  return (s:gsub("[\n\t]", { ["\n"] = "\\n", ["\t"] = "\\t" }))
end

for _, t in ipairs(stamps) do
  print(string.format("== %.0f", t))
  local parts = {}
  for _, c in ipairs(conversions) do
    parts[#parts + 1] = "%" .. c .. "=[" .. show(os.date("!%" .. c, t)) .. "]"
    if #parts == 6 then
      print("  " .. table.concat(parts, " "))
      parts = {}
    end
  end
  if #parts > 0 then print("  " .. table.concat(parts, " ")) end
  local d = os.date("!*t", t)
  local keys = {}
  for k in pairs(d) do keys[#keys + 1] = k end
  table.sort(keys)
  local fields = {}
  for _, k in ipairs(keys) do fields[#fields + 1] = k .. "=" .. tostring(d[k]) end
  print("  *t: " .. table.concat(fields, " "))
  print("  local round trip: " .. tostring(os.time(os.date("*t", t)) == t))
end

print("== pass-through and long formats")
for _, f in ipairs{ "%", "%Q", "%E", "%O", "%Ez", "%E%", "%+Y", "%10", "%10Q", "a%", "%-" } do
  print(string.format("  %-6s [%s]", f, os.date("!" .. f, 0)))
end
print("  " .. #os.date("!" .. ("%c"):rep(300), 0), #os.date("!%400Y", 0))
print("  [" .. os.date("", 0) .. "] [" .. os.date("!", 0) .. "] " .. tostring(os.date("!%c", 1e300)))

print("== normalisation through os.time (local dates)")
local cases = {
  { year = 2000, month = 14, day = 0 },
  { year = 2000, month = 1, day = 0 },
  { year = 2000, month = 0, day = 1 },
  { year = 2000, month = -13, day = 1 },
  { year = 2000, month = 3, day = 0 },
  { year = 2001, month = 3, day = 0 },
  { year = 2000, month = 1, day = 1, hour = 36 },
  { year = 2000, month = 1, day = 10, hour = 12, min = -61, sec = 3600 },
  { year = 2000, month = 1, day = 2, hour = 0, min = 0, sec = -1 },
  { year = 2000, month = 1, day = 400 },
  { year = 1999, month = 12, day = 31, hour = 23, min = 59, sec = 60 },
  { year = "2004", month = "2", day = "29.9", hour = "7" },
}
for _, c in ipairs(cases) do
  local t = os.time(c)
  local d = os.date("*t", t)
  print(string.format("  %s-%s-%s %s:%s:%s -> %04d-%02d-%02d %02d:%02d:%02d wday=%d yday=%d",
    tostring(c.year), tostring(c.month), tostring(c.day), tostring(c.hour or "-"),
    tostring(c.min or "-"), tostring(c.sec or "-"),
    d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday))
end

print("== differences")
local base = os.time{ year = 2000, month = 1, day = 1 }
print("  ", os.time{ year = 2000, month = 1, day = 2 } - base,
  os.time{ year = 2001, month = 1, day = 1 } - base,
  os.difftime(os.time{ year = 2000, month = 1, day = 31 }, base),
  os.difftime(5.9, 0.2), os.difftime(7))

print("== errors")
for _, c in ipairs{ { year = 2000, month = 1 }, { year = 2000, day = 1 }, { month = 1, day = 1 } } do
  print("  ", pcall(os.time, c))
end
print("  ", pcall(os.time, 5))
print("  ", pcall(os.date, {}))
print("  ", pcall(os.date, "%c", "x"))

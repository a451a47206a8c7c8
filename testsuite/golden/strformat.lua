-- Golden: string.format's conversions over edge and pseudo-random values, byte for byte
-- as LuaJIT prints them. Each conversion prints one digest per kind of value, to keep the
-- recorded output small; when a digest differs, print every result under both VMs and diff:
--   strix strformat.lua full > a; luajit strformat.lua full > b; diff a b
-- (`strformat.lua full N SEED` draws N values of each random kind instead of 200, from
-- another seed.)
local full = arg and arg[1] == "full"
local N = tonumber(arg and arg[2]) or 200

local specs = {
  "%d", "%5d", "%-5d", "%05d", "%+d", "% d", "%.0d", "%5.3d", "%-+05d", "%i",
  "%x", "%X", "%#x", "%08x", "%#08x", "%.3x", "%#.0x", "%o", "%#o", "%#5.0o", "%u",
  "%c", "%3c", "%-3c",
  "%e", "%.0e", "%#.0e", "%E", "%+.3e", "%012.4e", "%-+12.4e", "%.20e", "%.99e",
  "%f", "%.0f", "%#.0f", "%.3f", "%10.3f", "%-10.3f", "%+08.2f", "% .1f", "%.25f", "%.60f",
  "%g", "%.0g", "%#g", "%#.3g", "%.14g", "% .14g", "%.17g", "%.40g", "%G", "%08g", "%-9g|",
  "%a", "%A", "%.0a", "%.1a", "%#a", "%010a", "%-+12.1a", "%.15a",
  "%s", "%.2s", "%-8s", "%5.1s", "%q",
}

-- Park-Miller: exact in doubles (products stay below 2^53), so every VM draws the same.
local seed = tonumber(arg and arg[3]) or 20240601
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end

local function fmt(spec, ...)
  local ok, s = pcall(string.format, spec, ...)
  s = ok and s or "error: " .. tostring(s)
  return (s:gsub("0x%x%x%x%x%x%x+", "0x?"))  -- table addresses differ from run to run
end

local edge = {
  0, -0.0, 1, -1, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 9.5, 99.5, 999999.5, 0.05, 0.95,
  1/3, 2/3, 0.1, 2.675, 1.005, 3.14159, 9.9999999, 1e-5, 0.0001, 1.234e-5, 1e14, 1e15,
  99999999999999.5, 123456789012345, 2^53, 2^53 + 2, 2^63, -2^63, 2^64, 1e21, 1e22, 1e23,
  4294967295, 4294967296, -4294967296, 255, 65, 1e100, 1e300, -1e300, 1e-300,
  5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308,
  0/0, 1/0, -1/0, 0.000244140625, 1152921504606846976, 7.0e-10, 5e-7, 0.00049999999999999,
  "12", " 0x10 ", "1e3", "", "a\0b\r\n\t\"\\1", "hello world",
}
-- Random values of several kinds.
local function bits_double()
  -- Any finite double (subnormals too; the largest exponents overflow to inf).
  local m = 2^52 + rand(2^26) * 2^26 + rand(2^26)
  local x = math.ldexp(m, rand(2098) - 1126)
  return rand(2) == 0 and x or -x
end
local function near_one()
  local m = 2^52 + rand(2^26) * 2^26 + rand(2^26)
  return math.ldexp(m, rand(80) - 92)
end
local function decimal()
  -- Short decimals, mostly not exact in binary: near-ties of every precision.
  return (rand(2000001) - 1000000) / 10 ^ rand(12)
end
local function tie()
  -- Exact binary fractions: decimal ties for %.Nf, %.Ne and %.Ng at some N.
  return (2 * rand(100000) + 1) / 2 ^ (1 + rand(24)) * (rand(2) == 0 and 1 or -1)
end
local function integer()
  local k = rand(6)
  if k == 0 then return rand(2^31) - 2^30 end
  if k == 1 then return (rand(2^26) * 2^26 + rand(2^26)) * (rand(2) == 0 and 1 or -1) end
  if k == 2 then return 2^rand(70) - rand(3) end
  if k == 3 then return -(2^rand(70)) + rand(3) end
  if k == 4 then return 10^rand(25) end
  return rand(2^26) * 10^rand(10) + 5 * 10^rand(5)
end
local kinds = {
  {"edge", function(i) return edge[i] end, #edge}, {"bits", bits_double}, {"near_one", near_one}, {"decimal", decimal},
  {"tie", tie}, {"integer", integer},
}

-- A 32-bit digest of all results for one spec (exact in doubles).
local function digest(h, s)
  for k = 1, #s, 64 do
    local t = {s:byte(k, k + 63)}
    for q = 1, #t do h = (h * 31 + t[q]) % 4294967296 end
  end
  return (h * 31 + 10) % 4294967296
end

for _, kind in ipairs(kinds) do
  local name, gen, n = kind[1], kind[2], kind[3] or N
  local vals = {}
  for i = 1, n do vals[i] = gen(i) end
  for _, spec in ipairs(specs) do
    local h = 0
    for i = 1, n do
      local s = fmt(spec, vals[i])
      if full then print(name, spec, i, s) end
      h = digest(h, s)
    end
    print(name, spec, h)
  end
end

-- Arguments other than numbers and strings, and errors.
local t = setmetatable({}, {__tostring = function() return "T!" end})
local tn = setmetatable({}, {__tostring = function() return 42 end})
print(fmt("%s|%5s|%-5s|%.1s|%q", t, t, t, t, t), fmt("%s", tn), fmt("%s %s %s", nil, true, false))
print(string.format("%s %5s %-6s|", t, t, t), string.format("%5s|%-6s|%.2s", true, nil, false))
for _, spec in ipairs({"%d", "%x", "%c", "%e", "%g", "%a", "%q"}) do
  print(spec, fmt(spec, "x"), fmt(spec, {}), fmt(spec, true), fmt(spec, nil), fmt(spec))
end
print(pcall(string.format, "%d %d", 1))
print(string.format("%%|%s|%%%d", "a", 7), fmt("%5%"), fmt("%"), fmt("%y"), fmt("%123d"))
for _, f in ipairs({"%\1", "%5", "%5\1", "%-", "%.", "abc%", "%\200", "%5.\31x", "%%%"}) do
  print(string.format("%q", fmt(f, 1)))
end

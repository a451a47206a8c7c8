-- Golden: string.find/match/gmatch/gsub over pseudo-random patterns and subjects, byte for
-- byte as LuaJIT answers them (results, captures, replacements and error messages).
-- Each group of cases prints one digest, to keep the recorded output small; when a digest
-- differs, print every result under both VMs and diff:
--   strix strpat.lua full > a; luajit strpat.lua full > b; diff a b
-- (`strpat.lua full N SEED` runs N cases per group instead of 300, from another seed.)
local full = arg and arg[1] == "full"
local N = tonumber(arg and arg[2]) or 300

-- Park-Miller: exact in doubles (products stay below 2^53), so every VM draws the same.
local seed = tonumber(arg and arg[3]) or 20240611
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end
local function pick(t) return t[rand(#t) + 1] end

-- Subjects: short strings over a small alphabet, so that patterns match often.
local alphabet = {"a", "a", "b", "b", "c", "x", "1", "2", " ", "\n", "-", ".", "(", ")", "%",
  "[", "]", "^", "$", "A", "Z", "_", "\0", "\200", "\t"}
local function subject()
  local t = {}
  for i = 1, rand(24) do t[i] = pick(alphabet) end
  return table.concat(t)
end

-- Pattern pieces: single-character classes, then what may follow one.
local singles = {"a", "b", "c", "x", "1", " ", "\n", "-", "%.", ".", ".", "%a", "%d", "%s",
  "%w", "%p", "%x", "%l", "%u", "%c", "%z", "%g", "%A", "%D", "%S", "%W", "%%", "%(", "%]",
  "[abc]", "[^a]", "[a-c]", "[%d_]", "[%a-]", "[]]", "[^]]", "[a-]", "[-a]", "[%s%p]",
  "[^%w\n]", "[x-z1-2]", "[.]", "[%]]", "[^%a%d]", "%$", "^", "\0", "\200", "[\0-\31]"}
local quants = {"", "", "", "*", "+", "-", "?"}
local specials = {"()", "%b()", "%bab", "%f[%w]", "%f[^a]", "%f[%z]", "%1", "%2", "$"}
-- Malformed or limit-probing pieces, drawn rarely.
local broken = {"%", "[a", "[^", "(", ")", "%b", "%ba", "%f", "%fa", "%9", "%0", "[%", "[a-"}

local function item(depth)
  local k = rand(20)
  if k < 12 then return pick(singles) .. pick(quants) end
  if k < 15 then return pick(specials) end
  if k < 19 and depth < 3 then
    local t = {}
    for i = 1, rand(3) + 1 do t[i] = item(depth + 1) end
    return "(" .. table.concat(t) .. ")"
  end
  if rand(3) == 0 then return pick(broken) end
  return pick(singles)
end
local function pattern()
  local t = {}
  if rand(5) == 0 then t[1] = "^" end
  for _ = 1, rand(5) + 1 do t[#t + 1] = item(0) end
  if rand(6) == 0 then t[#t + 1] = "$" end
  return table.concat(t)
end

-- One printable line for any results (strings quoted, so bytes and lengths show).
local function show(...)
  local t = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    t[i] = type(v) == "string" and string.format("%q", v) or tostring(v)
  end
  return table.concat(t, ",")
end
local function try(f, ...)
  return show(pcall(f, ...))
end
local function gmatch_all(s, p)
  local out, n = {}, 0
  for a, b, c in string.gmatch(s, p) do
    n = n + 1
    out[n] = show(a, b, c)
    if n > 50 then break end
  end
  return table.concat(out, ";")
end
local repls = {"%0", "<%1>", "%2%1", "%%", "x%", "%a", "", "[%0|%1]"}
local rtab = {a = "A", ["1"] = 1, x = false, b = "bee"}
local function rfun(a, b)
  if a == "x" then return nil end
  if a == "b" then return false end
  if b then return tostring(a) .. "/" .. tostring(b) end
  return a
end

-- A 32-bit digest of all results of a group (exact in doubles).
local function digest(h, s)
  for k = 1, #s, 64 do
    local t = {s:byte(k, k + 63)}
    for q = 1, #t do h = (h * 31 + t[q]) % 4294967296 end
  end
  return (h * 31 + 10) % 4294967296
end

local groups = {
  {"find", function(s, p)
    local init = rand(4) == 0 and rand(#s + 3) - 1 - rand(2) * (#s + 1) or nil
    return try(string.find, s, p, init)
  end},
  {"find_plain", function(s, p)
    local q = rand(2) == 0 and p or s:sub(rand(#s + 1), rand(#s + 1))
    return try(string.find, s, q, rand(#s + 2) - 1, rand(3) > 0 or nil)
  end},
  {"match", function(s, p) return try(string.match, s, p, rand(3) == 0 and rand(#s + 2) or nil) end},
  {"gmatch", function(s, p) return try(gmatch_all, s, p) end},
  {"gsub_string", function(s, p)
    return try(string.gsub, s, p, pick(repls), rand(3) == 0 and rand(4) - 1 or nil)
  end},
  {"gsub_table", function(s, p) return try(string.gsub, s, p, rtab) end},
  {"gsub_function", function(s, p) return try(string.gsub, s, p, rfun, rand(4) == 0 and 2 or nil) end},
}

for _, g in ipairs(groups) do
  local name, run = g[1], g[2]
  local h = 0
  for i = 1, N do
    local s, p = subject(), pattern()
    local r = run(s, p)
    if full then print(name, i, show(s, p), r) end
    h = digest(h, r)
  end
  print(name, h)
end

-- Limits: nesting depth and capture count around LuaJIT's bounds, with repetitions whose
-- rest is tried at (or past) the limit.
-- Each subject lets the first path through the optional items succeed (backtracking
-- through them would take exponential time).
for _, k in ipairs({97, 98, 99, 100, 101, 197, 198, 199, 200, 201}) do
  local a = string.rep("a", k)
  print("depth", k, try(string.find, a .. "bbc", string.rep("a?", k) .. "b*c"),
    try(string.find, a .. "bbc", string.rep("a?", k) .. "(b-)c"),
    try(string.find, a .. "bb", string.rep("a?", k) .. "b*$"),
    try(string.match, a, string.rep("(a?)", k % 40)))
end
for _, k in ipairs({30, 31, 32, 33}) do
  print("captures", k, try(string.find, "xxa", "x*" .. string.rep("(", k) .. "a" .. string.rep(")", k)),
    try(string.find, "xxa", string.rep("()", k) .. "a"),
    try(string.find, "xxa", "x-" .. string.rep("(", k) .. "b" .. string.rep(")", k)),
    try(string.gsub, "xxa", "x*" .. string.rep("()", k), "%1"))
end

-- Errors only an attempt reaches: none where the first item never matches.
for _, p in ipairs({"q%", "q[a", "q(", "q)", "q%b", "q%1", "a%", "a[", "a*%", "a-[", "(q%)",
  "[q", "%", "x*)", "^a%", "^q%", ".-%9", "%f[", "(()", "%b()%"}) do
  print("error", show(p), try(string.find, "abca", p), try(string.gsub, "abca", p, "-"),
    try(gmatch_all, "abca", p))
end

-- Patterns opening with a repetition, whose failed attempts let the scan skip the run.
local texts = {"aaab aaac", "line one\nline two\nlast", "xxyxxyxxz", "a1b22c333", " \t x= 1 , y=22 ",
  "((a)(b))c", string.rep("ab", 20) .. "c"}
local leads = {"a*c", "a+c", "a-c", "[^\n]*$", "[^\n]+$", ".-z", ".*z", "x+z", "x*y", "x-yx*z", "%d+c",
  "%a*%d%d%d", "%s*(%w+)%s*=", "a*(b)%1", "[ab]*(c)()", "%w-%f[%d]", "a*%bab", "b*$", "[%a]-()%d+$", ".-%)c"}
for _, t in ipairs(texts) do
  local out = {}
  for i, p in ipairs(leads) do
    out[i] = try(string.find, t, p) .. "|" .. try(gmatch_all, t, p) .. "|" .. try(string.gsub, t, p, "<%0>")
  end
  print("lead", show(t), table.concat(out, " "))
end

-- Edge cases: anchors, empty matches, position captures, replacement counts.
print(show(string.gsub("hello world", "", "-")), show(string.gsub("abc", "%w*", "<%0>")))
print(show(string.gsub("abc", "^", ">")), show(string.gsub("abc", "$", "<")), show(string.gsub("", ".*", "x")))
print(show(string.find("abc", "()", 4)), show(string.find("abc", "", 10)), show(string.match("abc", "()c()")))
print(show(string.gsub("a b c d", "%w", "%0%0", 2)), try(string.gsub, "abc", ".", {a = 1, b = true}), try(string.gsub, "abc", ".", {a = 1, c = 2.5}))
print(show(string.gsub("x = 1, y = 2", "(%w+) = (%w+)", "%2 = %1")), gmatch_all("k=v, a=b", "(%w+)=(%w+)"))
print(show(string.find(string.rep("ab", 1000) .. "c", "b*c")), show(string.find(string.rep("x", 5000), "y")))
print(show(string.match(" \t key \n", "^%s*(.-)%s*$")), show(string.gsub("THE (quick) fox", "%f[%a]%a+", "W")))
print(show(pcall(string.gsub, "abc", "b", true)), show(pcall(string.gsub, "abc", "(b)", "%2")))
print(show(pcall(string.gsub, "abc", ".", function() return {} end)), show(string.gsub("abc", "", "", -1)))

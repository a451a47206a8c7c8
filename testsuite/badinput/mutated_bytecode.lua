-- Bytecode dumps with random corruptions: each loads or fails to load cleanly; the
-- ones that load run (under a count hook, so a corrupted loop cannot hang) and end in
-- results or a Lua error, never a crash. (LuaJIT, which has no bytecode verifier,
-- crashes on this; strix must not.)
jit.off()  -- LuaJIT-compiled loops would not see the count hook
local src = [[
  local t, s = {}, 0
  for i = 1, 10 do t[i] = i * 2 end
  for k, v in pairs(t) do s = s + v end
  local function f(a, ...) return a, select("#", ...) end
  return s, ("x"):rep(3), f(...), t[3] .. "!"
]]
local dump = string.dump(assert(loadstring(src)))
local seed = 20261121
local function rnd(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n
end
local loaded = 0
for _ = 1, 4000 do
  local m = dump
  for _ = 1, 1 + rnd(3) do
    local pos = rnd(#m) + 1
    m = m:sub(1, pos - 1) .. string.char(rnd(256)) .. m:sub(pos + 1)
  end
  local f = loadstring(m)
  if f then
    loaded = loaded + 1
    debug.sethook(function() error("instruction budget exhausted") end, "", 100000)
    pcall(f, 1, 2, 3)
    debug.sethook()
  end
end
assert(loaded > 0)
print("survived", loaded > 0)

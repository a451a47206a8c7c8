-- pairs visits number keys in LuaJIT's order (programs print it), which needs
-- LuaJIT's number hash, node placement and array/hash sizing. (String keys are not tested: LuaJIT
-- seeds its string hash randomly, so their order changes from run to run.)
local function keys(t)
  local o = {}
  for k in pairs(t) do o[#o + 1] = tostring(k) end
  return table.concat(o, " ")
end
local t = {}
for i = 1, 10 do t[i * 1.5] = i end
t[1000] = 1
t[-3] = 2
print(keys(t))
print(keys({[1] = "a", [1000] = "x"}))
local v = {}
for i = 20, 1, -1 do v[i] = i end
v[0.5] = 1
v[-1] = 1
print(keys(v))
print(keys({10, 20, 30, [7] = 1, [100] = 2, [2^40] = 3, [-0.25] = 4}))
local x = {}
for i = 1, 100 do x[(i * 7919) % 1009] = i end
print(keys(x))
local y = {}
for i = 1, 30 do y[i] = i end
for i = 1, 30, 2 do y[i] = nil end
print(keys(y))
local f = {}
for i = 1, 64 do f[i / 8] = true end
print(keys(f))
local u = {}
for i = 1, 50 do u[i * i] = true end
print(keys(u))
local z = {}
for i = 1, 20 do z[2^i] = i; z[-i] = i end
print(keys(z))
for _, ks in ipairs({{5, 6, 7, 8}, {8, 7, 6, 5}, {2, 4}, {4, 2}, {0, 3}, {1, 2, 4, 8, 16}}) do
  local t = {}
  for _, k in ipairs(ks) do t[k] = true end
  print(keys(t))
end

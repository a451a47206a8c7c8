-- Golden: weak tables and finalizers observed around collectgarbage.
local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end
local wk = setmetatable({}, {__mode = "k"})
local wv = setmetatable({}, {__mode = "v"})
local wkv = setmetatable({}, {__mode = "kv"})
local keep = {}
for i = 1, 10 do wk[{}] = i; wv[i] = {}; wkv[{}] = {} end
wk[keep] = "kept"; wv[100] = keep; wkv[keep] = keep
print("before", count(wk), count(wv), count(wkv))
collectgarbage(); collectgarbage()
print("after", count(wk), count(wv), count(wkv), wk[keep], wv[100] == keep)
local order = {}
for i = 1, 6 do
  local p = newproxy(true)
  getmetatable(p).__gc = function() order[#order + 1] = i end
end
collectgarbage()
print("finalized", table.concat(order, " "))
local resurrected, n = nil, 0
do
  local p = newproxy(true)
  getmetatable(p).__gc = function(u) n = n + 1; resurrected = u end
end
collectgarbage()
print("resurrected", type(resurrected), n)
resurrected = nil
collectgarbage(); collectgarbage()
print("finalizer runs once", n)
print(collectgarbage("count") > 0, type(collectgarbage("step")), gcinfo() > 0)

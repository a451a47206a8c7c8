local t = ...
for k, v in pairs(t) do print(k, v) end
for i, v in ipairs(t) do print(i, v) end
for k in next, t do print(k) end
for a, b, c in t.iter(t) do end
local pairs = pairs
for k, v in pairs(t) do end
for a, b, c, d in pairs(t) do end

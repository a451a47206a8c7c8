local t = ...
local fs = {}
for k, v in pairs(t) do
  fs[#fs + 1] = function() return k, v end
end
for i = 1, 3 do
  fs[i] = function() return i end
end
return fs

local fs = {}
for i = 1, 3 do
  local x = i
  if x == 2 then break end
  fs[i] = function() return x end
end
do
  local y = 1
  fs.y = function() y = y + 1 return y end
end
local z = 0
fs.z = function() return z end
z = 1
return fs

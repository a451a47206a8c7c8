local i = 0
local fs = {}
while i < 10 do
  local j = i
  fs[i] = function() return j end
  i = i + 1
  if j == 5 then break end
end
return fs

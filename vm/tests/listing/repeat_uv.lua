local fs = {}
local i = 0
repeat
  local x = i
  fs[#fs + 1] = function() return x end
  i = i + 1
until x > 5
return fs

local a = 1
do
  local b = a
  do local c = b end
end
do
  local d = 2
  local f = function() return d end
end
local e = a

-- Runaway recursion through __index metamethods (C stack depth).
local t = setmetatable({}, {})
getmetatable(t).__index = function(tt, k) return tt[k .. "x"] end
print(t.a)

local x = ...
if x then return 1 end
local function f() return x end
if f then return f() end
return 2

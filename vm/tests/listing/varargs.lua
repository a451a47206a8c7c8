local a, b = ...
local t = {...}
print(...)
local c = select("#", ...)
local function f(...) return ... end
local function g(x, ...) local y, z = ... return x, y, z end
return f(...)

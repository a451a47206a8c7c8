local a, b = ...
local c = a < b
local d = a == b
local e = not (a ~= "x")
local f = a == 1 and b
x = a > 1

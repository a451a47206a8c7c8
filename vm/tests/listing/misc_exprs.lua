local a, b = ...
local c = (a)
local d = ((a))
local e = (...)
local f = {(...)}
local g = a.b.c.d
local h = #a + #b
local i = a and a.x or a[1]
local j = a == b == true
local k = (a < b) == (b < a)
local l = "a" == "a"
local m = 1 < 2
local n = -a ^ 2
local o = 2 ^ 3 ^ 2
local p = a .. b == "x"

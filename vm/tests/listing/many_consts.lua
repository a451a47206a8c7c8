local t = {}
t.k1 = "v1"; t.k2 = "v2"; t.k3 = "v3"; t.k4 = 1.25; t.k5 = 2.25
t.k1 = "v1"; t.k2 = 1.25
local a = t.k1 .. t.k2
return a

local t1 = {}
local t2 = {1, 2, 3}
local t3 = {x = 1, y = "s", z = true}
local t4 = {1, "two", x = 3, [10] = 4, [1.5] = 5}
local t5 = {[1] = 1, [2] = 2}
local t6 = {a = {b = {c = 1}}}
local v = ...
local t7 = {v, v + 1, x = v}
local t8 = {[v] = 1, [v .. "k"] = 2}
local t9 = {x = v, y = 2}
local t10 = {f = function() end}
local t11 = {nil, false, true}
local t12 = {[0] = 0, 1}

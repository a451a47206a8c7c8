local v = ...
local t1 = {a = v}
local t2 = {a = v, b = v}
local t3 = {a = v, b = v, c = v}
local t4 = {a = v, b = v, c = v, d = v, e = v}
local t5 = {v, v, v, v}
local t6 = {[v] = 1, [v] = 2, [v] = 3}

local a, b, c = 1, 2
local d
local e, f = nil, nil
local g = true
local h, i = false, "str"
local j = a
a = b
b, c = c, b

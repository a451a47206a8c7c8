local a, b, c
local d = nil
local e, f = nil
local g
local h, i, j = 1
a, b = nil, nil

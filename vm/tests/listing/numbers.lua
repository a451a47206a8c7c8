local a = 0x10
local b = 0xff.8p1
local c = 1e10
local d = 32767
local e = 32768
local f = -32768
local g = -32769
local h = 0.1
local i = 3.14159265358979
local j = 1e-7
local k = 123456789012345
local l = 0b1011
local m = 2^53
return a, b, c, d, e, f, g, h, i, j, k, l, m

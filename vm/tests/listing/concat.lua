local a, b, c = ...
local s = a .. b
s = a .. b .. c
s = "x" .. a .. "y"
s = (a .. b) .. c
s = a .. (b .. c)
s = a .. 1 .. 2
s = a .. b:upper() .. c

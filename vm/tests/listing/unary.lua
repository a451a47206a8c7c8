local a = ...
local b = - -a
local c = not not a
local d = -#a
local e = #{}
local f = not nil
local g = not 1
local h = -"2"
local i = not (a == 1)

local f = ...
local t1 = {f()}
local t2 = {1, 2, f()}
local t3 = {f(), 1}
local t4 = {...}
local t5 = {1, ...}
local t6 = {(f())}
local t7 = {x = 1, f()}
local t8 = {f(), x = 1}

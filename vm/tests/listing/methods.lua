local obj = ...
obj:m()
obj:m(1, 2)
obj.a.b:c("x")
local r = obj:get()
obj:m "str"
obj:m { 1 }
local s = ("x"):rep(3)
return obj:last(...)

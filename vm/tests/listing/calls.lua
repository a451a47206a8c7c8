local f = ...
f()
f(1)
f(1, 2, 3)
f(f())
f(1, f())
f(f(), 1)
local a, b, c = f()
local d = f(), f()
f { 1, 2 }
f "s"
f.g.h(1)
f[1](2)
return f(1)

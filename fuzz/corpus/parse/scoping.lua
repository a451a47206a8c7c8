-- Golden: scoping, shadowing, multiple assignment order and upvalue identity.
local x = "outer"
do local x = "inner"; print(x) end
print(x)
local a, b, c = 1, 2
print(a, b, c)
a, b = b, a
print(a, b)
local t = {}
local i = 1
i, t[i] = i + 1, "first"
print(i, t[1], t[2])
local function f() return 1, 2, 3 end
local p, q, r, s = f()
print(p, q, r, s)
local u, v = (f())
print(u, v)
local fns = {}
for k = 1, 3 do local y = k * 10; fns[k] = function() y = y + 1; return y end end
print(fns[1](), fns[1](), fns[2](), fns[3]())
local n = 0
while n < 3 do local m = n; fns[#fns + 1] = function() return m end; n = n + 1 end
print(fns[4](), fns[5](), fns[6]())

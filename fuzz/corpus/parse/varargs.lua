-- Golden: varargs, select, unpack in many shapes.
local function show(...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  print(n, table.concat(parts, ","))
end
show()
show(nil)
show(1, nil, 3)
show(unpack({1, 2, 3}))
show(unpack({1, 2, 3}, 2))
show(unpack({1, 2, 3}, 2, 5))
show(select(-1, "a", "b", "c"))
show(select(2, "a", "b", "c"))
local function f() return 1, 2, 3 end
show(f(), f())
show((f()))
show(f(), "x")
local t = {f(), f(), f()}
show(#t, unpack(t))
local function tail(...) return select("#", ...), ... end
show(tail(nil, nil))
for i = 1, 6 do show(unpack({1, 2, 3, 4, 5, 6}, i)) end

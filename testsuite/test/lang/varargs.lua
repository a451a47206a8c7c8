-- Varargs, select, unpack.

do --- vararg-count
  local function n(...) return select("#", ...) end
  assert(n() == 0 and n(nil) == 1 and n(nil, nil) == 2 and n(1, nil, 3, nil) == 4)
end

do --- vararg-pass-through
  local function id(...) return ... end
  local a, b, c, d = id(1, nil, 3)
  assert(a == 1 and b == nil and c == 3 and d == nil)
  assert(select("#", id(1, nil, nil)) == 3)
end

do --- vararg-in-table-constructor
  local function pack(...) return {...} end
  local t = pack(1, 2, 3)
  assert(#t == 3 and t[3] == 3)
  local function pack2(...) return {..., "x"} end
  t = pack2(1, 2, 3)
  assert(#t == 2 and t[1] == 1 and t[2] == "x")
end

do --- vararg-adjusted-in-middle
  local function f(...) return ..., "end" end
  local a, b, c = f(1, 2)
  assert(a == 1 and b == "end" and c == nil)
end

do --- vararg-with-fixed-params
  local function f(a, b, ...) return a, b, select("#", ...), ... end
  local a, b, n, x, y = f(1, 2, 3, 4)
  assert(a == 1 and b == 2 and n == 2 and x == 3 and y == 4)
  a, b, n = f(1)
  assert(a == 1 and b == nil and n == 0)
end

do --- vararg-parenthesised-truncates
  local function f(...) return (...) end
  assert(select("#", f(1, 2, 3)) == 1 and f(1, 2) == 1)
  assert(select("#", f()) == 1)
end

do --- vararg-main-chunk
  local f = loadstring("return select('#', ...), ...")
  local n, a, b = f("x", "y")
  assert(n == 2 and a == "x" and b == "y")
end

do --- vararg-arg-table-compat-absent
  local function f(...) return arg end
  -- LuaJIT does not create the 5.0-style 'arg' table in vararg functions.
  assert(f(1, 2) == _G.arg)
end

do --- select-positive
  assert(select(1, "a", "b", "c") == "a")
  assert(select(2, "a", "b", "c") == "b")
  local a, b = select(2, "a", "b", "c")
  assert(a == "b" and b == "c")
  assert(select("#", select(4, "a", "b", "c")) == 0)
end

do --- select-negative
  assert(select(-1, "a", "b", "c") == "c")
  local a, b = select(-2, "a", "b", "c")
  assert(a == "b" and b == "c")
  assert(select(-3, "a", "b", "c") == "a")
end

do --- select-errors
  assert(not pcall(select, 0, "a"))
  assert(not pcall(select, -4, "a", "b", "c"))
  assert(not pcall(select, "x"))
  assert(not pcall(select))
end

do --- select-string-number-index
  assert(select("2", "a", "b") == "b")
end

do --- unpack-basic
  local a, b, c = unpack({1, 2, 3})
  assert(a == 1 and b == 2 and c == 3)
  assert(select("#", unpack({})) == 0)
end

do --- unpack-ranges
  local t = {1, 2, 3, 4, 5}
  local a, b = unpack(t, 2, 3)
  assert(a == 2 and b == 3)
  assert(select("#", unpack(t, 4)) == 2)
  assert(select("#", unpack(t, 3, 2)) == 0)
  local x, y, z = unpack(t, -1, 1)
  assert(x == nil and y == nil and z == 1)
  assert(select("#", unpack({}, 1, 3)) == 3)
end

do --- unpack-with-holes-uses-explicit-n
  local t = {1, nil, 3, n = 3}
  local a, b, c = unpack(t, 1, t.n)
  assert(a == 1 and b == nil and c == 3)
end

do --- unpack-too-many-results-error
  assert(not pcall(unpack, {}, 1, 1e8))
end

do --- vararg-many-values
  local t = {}
  for i = 1, 200 do t[i] = i end
  local function sum(...)
    local s = 0
    for i = 1, select("#", ...) do s = s + select(i, ...) end
    return s
  end
  assert(sum(unpack(t)) == 20100)
end

do --- vararg-in-call-middle-truncated
  local function f() return 1, 2 end
  local function n(...) return select("#", ...) end
  assert(n(f(), f()) == 3)
  assert(n(f(), nil) == 2)
end

do --- vararg-tail-call
  local function g(...) return select("#", ...) end
  local function f(...) return g(...) end
  assert(f(1, 2, nil) == 3)
end

do --- vararg-syntax-outside-vararg-function
  local f, err = loadstring("local function f() return ... end")
  assert(f == nil and err:find("'...'"), err)
end

-- Tail calls and deep recursion.

do --- tailcall-deep-1e6
  local function loop(n, acc)
    if n == 0 then return acc end
    return loop(n - 1, acc + 1)
  end
  assert(loop(1000000, 0) == 1000000)
end

do --- tailcall-mutual-deep
  local even, odd
  function even(n) if n == 0 then return true end return odd(n - 1) end
  function odd(n) if n == 0 then return false end return even(n - 1) end
  assert(even(1000000) == true and odd(999999) == true)
end

do --- tailcall-returns-all-values
  local function f() return 1, 2, 3 end
  local function g() return f() end
  assert(select("#", g()) == 3)
end

do --- tailcall-to-builtin
  local function f(...) return select("#", ...) end
  local function g() return f(1, 2) end
  assert(g() == 2)
  local function h(s) return string.upper(s) end
  assert(h("x") == "X")
end

do --- tailcall-via-metamethod-call
  local callable = setmetatable({}, {__call = function(self, n) return n * 2 end})
  local function f(n) return callable(n) end
  assert(f(21) == 42)
end

do --- tailcall-parenthesised-is-not-tail
  local function f() return 1, 2 end
  local function g() return (f()) end
  assert(select("#", g()) == 1)
end

do --- tailcall-deep-with-varargs
  local function loop(n, ...)
    if n == 0 then return select("#", ...) end
    return loop(n - 1, ...)
  end
  assert(loop(100000, 1, 2, 3) == 3)
end

do --- tailcall-in-pcall-deep
  local function loop(n) if n == 0 then return "done" end return loop(n - 1) end
  local ok, v = pcall(loop, 1000000)
  assert(ok and v == "done")
end

do --- recursion-ackermann
  local function ack(m, n)
    if m == 0 then return n + 1 end
    if n == 0 then return ack(m - 1, 1) end
    return ack(m - 1, ack(m, n - 1))
  end
  assert(ack(2, 3) == 9 and ack(3, 3) == 61)
end

do --- recursion-tree
  local function nodes(d) if d == 0 then return 1 end return 1 + nodes(d - 1) + nodes(d - 1) end
  assert(nodes(15) == 2^16 - 1)
end

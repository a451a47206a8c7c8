-- Locals, scoping, upvalues and closures.

do --- local-scope-shadowing
  local x = 1
  do local x = 2; assert(x == 2) end
  assert(x == 1)
  local x = x + 10
  assert(x == 11)
end

do --- local-multiple-init
  local a, b, c = 1, 2
  assert(a == 1 and b == 2 and c == nil)
  local d, e = (function() return 1, 2, 3 end)()
  assert(d == 1 and e == 2)
end

do --- local-function-recursive
  local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
  assert(fact(10) == 3628800)
end

do --- local-not-visible-in-own-init
  x_global_for_test = "g"
  local x_global_for_test = x_global_for_test .. "l"
  assert(x_global_for_test == "gl")
  x_global_for_test = nil
end

do --- upvalue-shared-between-closures
  local function mk()
    local n = 0
    return function() n = n + 1; return n end, function() return n end
  end
  local inc, get = mk()
  inc(); inc()
  assert(get() == 2)
  local inc2, get2 = mk()
  inc2()
  assert(get2() == 1 and get() == 2)
end

do --- upvalue-closed-after-return
  local function counter()
    local c = 0
    return function() c = c + 1; return c end
  end
  local f = counter()
  assert(f() == 1 and f() == 2 and f() == 3)
end

do --- upvalue-nested-levels
  local a = 1
  local function f()
    local b = 2
    return function()
      local c = 3
      return function() a = a + 1; return a + b + c end
    end
  end
  assert(f()()() == 7)
  assert(a == 2)
end

do --- closures-in-numeric-for-are-fresh
  local fs = {}
  for i = 1, 5 do fs[i] = function() return i end end
  for i = 1, 5 do assert(fs[i]() == i) end
end

do --- closures-in-generic-for-are-fresh
  local fs = {}
  for k, v in ipairs({"a", "b", "c"}) do fs[k] = function() return v end end
  assert(fs[1]() == "a" and fs[3]() == "c")
end

do --- closures-in-while-loop-locals-fresh
  local fs, i = {}, 1
  while i <= 3 do
    local j = i
    fs[i] = function() j = j + 10; return j end
    i = i + 1
  end
  assert(fs[1]() == 11 and fs[1]() == 21 and fs[2]() == 12)
end

do --- closures-in-repeat-until-see-body-local
  local fs, i = {}, 0
  repeat
    i = i + 1
    local k = i * 2
    fs[i] = function() return k end
  until k >= 6
  assert(#fs == 3 and fs[2]() == 4)
end

do --- loop-variable-copy-modification
  local fs = {}
  for i = 1, 3 do
    fs[i] = function() i = i + 100; return i end
  end
  assert(fs[1]() == 101 and fs[1]() == 201 and fs[2]() == 102)
end

do --- closure-captures-after-break
  local f
  for i = 1, 10 do
    local v = i * i
    f = function() return v end
    if i == 4 then break end
  end
  assert(f() == 16)
end

do --- upvalue-modified-after-closure-creation
  local x = 1
  local f = function() return x end
  x = 2
  assert(f() == 2)
end

do --- many-upvalues
  local a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  local f = function() return a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 end
  assert(f() == 55)
  a10 = 0
  assert(f() == 45)
end

do --- many-locals
  local src = {"local s = 0"}
  for i = 1, 150 do src[#src + 1] = "local v" .. i .. " = " .. i end
  for i = 1, 150 do src[#src + 1] = "s = s + v" .. i end
  src[#src + 1] = "return s"
  assert(loadstring(table.concat(src, "\n"))() == 150 * 151 / 2)
end

do --- too-many-locals-is-error
  local src = {}
  for i = 1, 250 do src[#src + 1] = "local v" .. i .. " = 1" end
  local f, err = loadstring(table.concat(src, "\n"))
  assert(f == nil and err:find("local variables"), err)
end

do --- function-identity-distinct-closures
  local fs = {}
  for i = 1, 2 do fs[i] = function() end end
  assert(type(fs[1]) == "function")
  assert(fs[1] ~= fs[2] or fs[1] == fs[2]) -- either is allowed; calling must work
  fs[1](); fs[2]()
end

do --- recursion-through-upvalue
  local fib
  fib = function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
  assert(fib(20) == 6765)
end

do --- mutual-recursion
  local even, odd
  function even(n) if n == 0 then return true end return odd(n - 1) end
  function odd(n) if n == 0 then return false end return even(n - 1) end
  assert(even(100) and odd(7) and not odd(10))
end

do --- deep-recursion-non-tail
  local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
  assert(depth(10000) == 10000)
end

do --- function-definition-forms
  local t = {a = {}}
  function t.a.f(x) return x * 2 end
  function t.a:g(x) return self == t.a and x end
  assert(t.a.f(3) == 6 and t.a:g(5) == 5)
  assert(t.a.g(t.a, 1) == 1)
end

do --- method-call-self
  local obj = {n = 5}
  function obj:get() return self.n end
  function obj.set(self, v) self.n = v end
  obj:set(7)
  assert(obj:get() == 7)
end

do --- function-returns-nothing
  local function f() end
  assert(f() == nil and select("#", f()) == 0)
  local function g() return end
  assert(select("#", g()) == 0)
end

do --- multiple-returns-truncation
  local function f() return 1, 2, 3 end
  local t = {f(), f()}
  assert(#t == 4 and t[1] == 1 and t[2] == 1 and t[4] == 3)
  t = {f(), (f())}
  assert(#t == 2)
  assert(select("#", (f())) == 1)
end

do --- call-string-and-table-sugar
  local function id(x) return x end
  assert(id"abc" == "abc")
  assert(id{1, 2}[2] == 2)
  assert(id[[long]] == "long")
  assert(("x"):rep(3) == "xxx")
end

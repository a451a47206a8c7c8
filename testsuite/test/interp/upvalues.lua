-- Constant loads (KSTR, KSHORT, KNUM, KPRI, KNIL) and upvalue access (UGET, USETV,
-- USETS, USETN, USETP, UCLO): open and closed upvalues, shared ones, fresh ones per
-- loop iteration, and open upvalues surviving a stack reallocation.
local T = dofile("common.lua")

do --- kshort-range-and-knum
  local a, b, c, d, e = -1, -32768, 32767, -32769, 32768
  local f, g, h, i = 0, 1e300, 2 ^ 53, 0.1
  local j, k, l = 65536, -65536, 4294967296
  T.eq(T.list(a, b, c, d, e, f, g, h, i, j, k, l), '-1, -32768, 32767, -32769, 32768, 0, 1.0000000000000001e+300, 9007199254740992, 0.10000000000000001, 65536, -65536, 4294967296')
  T.eq(T.list(-0.0, 1 / -0.0, 0x7fff, -0x8000, 0xffffffff, 1e-320, 5e-324), '-0, -inf, 32767, -32768, 4294967295, 9.9998886718268301e-321, 4.9406564584124654e-324')
end

do --- kpri-and-kstr
  local a, b, c = nil, false, true
  local s, e, z = "str", "", "a\0b"
  T.eq(T.list(a, b, c, s, e, #z, z == "a\0b"), 'nil, false, true, "str", "", 3, true')
end

do --- knil-ranges-reset-registers
  -- Registers reused across iterations must be cleared by KNIL each time.
  local out = {}
  for i = 1, 3 do
    local a, b, c, d, e
    out[#out + 1] = T.list(a, b, c, d, e)
    a, b, c, d, e = i, i, i, i, i
    local f, g = i
    out[#out + 1] = T.list(f, g)
    local h, k, m = nil, nil, i
    out[#out + 1] = T.list(h, k, m)
    h, k = 1, 2
  end
  T.eq(table.concat(out, "|"), 'nil, nil, nil, nil, nil|1, nil|nil, nil, 1|nil, nil, nil, nil, nil|2, nil|nil, nil, 2|nil, nil, nil, nil, nil|3, nil|nil, nil, 3')
end

do --- knil-single-and-wide
  local function many()
    local a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16
    return a1, a8, a16, select("#", a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16)
  end
  local function dirty()
    local a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
    return a16
  end
  dirty()
  T.eq(T.list(many()), 'nil, nil, nil, 16')
end

do --- uget-open-and-closed
  local function outer()
    local x = 1
    local function get() return x end
    local r1 = get()
    x = 2
    local r2 = get()
    return get, r1, r2
  end
  local get, r1, r2 = outer()
  T.eq(T.list(r1, r2, get()), '1, 2, 2')
end

do --- uset-all-kinds-open-and-closed
  -- USETV (variable), USETS (string), USETN (number), USETP (nil/false/true).
  local function make()
    local u = 0
    local function set(kind, v)
      if kind == "v" then u = v
      elseif kind == "s" then u = "str"
      elseif kind == "n" then u = 2.5
      elseif kind == "nil" then u = nil
      elseif kind == "f" then u = false
      else u = true end
    end
    local function get() return u end
    local seen = {}
    for _, k in ipairs({"v", "s", "n", "nil", "f", "t"}) do
      set(k, {})
      seen[#seen + 1] = T.show(u)
    end
    return set, get, table.concat(seen, " ")
  end
  local set, get, open = make()
  local closed = {}
  for _, k in ipairs({"v", "s", "n", "nil", "f", "t"}) do
    set(k, 7)
    closed[#closed + 1] = T.show(get())
  end
  T.eq(open .. " | " .. table.concat(closed, " "), 'table "str" 2.5 nil false true | 7 "str" 2.5 nil false true')
end

do --- upvalue-shared-between-closures
  local function counter()
    local n = 0
    return function() n = n + 1 return n end, function() return n end, function(v) n = v end
  end
  local inc, get, set = counter()
  local inc2, get2 = counter()
  inc() inc() inc2()
  set(10)
  inc()
  T.eq(T.list(get(), get2()), '11, 1')
end

do --- upvalue-fresh-per-loop-iteration
  local fs = {}
  for i = 1, 3 do fs[i] = function() i = i + 10 return i end end
  local ws = {}
  local j = 0
  while j < 3 do
    j = j + 1
    local k = j * 100
    ws[j] = function() k = k + 1 return k end
  end
  local rs = {}
  repeat
    local r = #rs
    rs[#rs + 1] = function() return r end
  until #rs == 3
  local gs = {}
  for k, v in pairs({a = 1}) do gs[1] = function() return k .. v end end
  T.eq(T.list(fs[1](), fs[1](), fs[2](), fs[3](), ws[1](), ws[1](), ws[3](), rs[1](), rs[3](), gs[1]()), '11, 21, 12, 13, 101, 102, 301, 0, 2, "a1"')
end

do --- upvalue-closed-by-break-and-goto
  local fs = {}
  for i = 1, 10 do
    local x = i * 2
    fs[#fs + 1] = function() return x end
    if i == 2 then break end
  end
  local i = 1
  ::again::
  local y = i
  fs[#fs + 1] = function() y = y + 1 return y end
  i = i + 1
  if i <= 2 then goto again end
  T.eq(T.list(fs[1](), fs[2](), fs[3](), fs[3](), fs[4]()), '2, 4, 2, 3, 3')
end

do --- upvalue-closed-before-tail-call
  -- `return f(...)` closes the frame's upvalues before the frame is reused.
  local function id(...) return ... end
  local function mk(v)
    local a = v
    local g = function() return a end
    return id(g, a)
  end
  local g1 = mk(1)
  local g2 = mk(2)
  T.eq(T.list(g1(), g2()), '1, 2')
end

do --- upvalue-nested-levels
  local function l1()
    local a = 1
    return function()
      local b = 2
      return function()
        a = a + 1
        b = b + 1
        return function() return a * 10 + b end
      end
    end
  end
  local l2 = l1()
  local l3 = l2()
  local f1 = l3()
  local f2 = l3()
  local l3b = l2()
  local f3 = l3b()
  T.eq(T.list(f1(), f2(), f3()), '44, 44, 43')
end

do --- upvalue-open-across-stack-growth
  -- An open upvalue must follow its slot when the stack is reallocated.
  local x = "before"
  local set = function(v) x = v end
  local function deep(n, ...)
    if n == 0 then set("deep") return x end
    local a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 = n, n, n, n, n, n, n, n, n, n
    return (deep(n - 1, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, ...))
  end
  local r = deep(50)
  T.eq(T.list(r, x), '"deep", "deep"')
  x = "after"
  T.eq(T.list(select(2, pcall(function() return x end))), '"after"')
end

do --- upvalue-in-coroutine
  local v = 0
  local co = coroutine.wrap(function()
    local w = 1
    local f = function() v = v + w w = w + 1 end
    f() coroutine.yield(w)
    f() coroutine.yield(w)
    return f
  end)
  local a, b, f = co(), co(), co()
  f()
  T.eq(T.list(a, b, v), '2, 3, 6')
end

do --- upvalue-debug-access
  local x, y = 1, "two"
  local function f() return x, y end
  local n1, v1 = debug.getupvalue(f, 1)
  local n2, v2 = debug.getupvalue(f, 2)
  debug.setupvalue(f, 1, 100)
  T.eq(T.list(n1, v1, n2, v2, x, f()), '"x", 1, "y", "two", 100, 100, "two"')
end

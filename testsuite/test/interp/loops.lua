-- Loops: numeric for (FORI/FORL: fractional, negative, zero-iteration, huge and
-- infinite bounds, -0 and NaN steps, string bounds coerced or rejected) and generic
-- for (ISNEXT/ITERN inline over pairs/next, ITERC/ITERL for other iterators).
local T = dofile("common.lua")

-- The indices a numeric loop visits, at most `max` of them.
local function visit(a, b, c, max)
  local out, n = {}, 0
  for i = a, b, c or 1 do
    n = n + 1
    out[n] = T.show(i)
    if n >= (max or 20) then out[n + 1] = "..." break end
  end
  return table.concat(out, " ")
end

-- Sorted "k=v" pairs of what an iteration produced.
local function sorted(list)
  table.sort(list)
  return table.concat(list, " ")
end

do --- numeric-for-steps
  T.eq(visit(1, 3, 1) .. " | " .. visit(1, 3, 0.75) .. " | " .. visit(3, 1, -0.75) .. " | " .. visit(1, 2, 0.25), '1 2 3 | 1 1.75 2.5 | 3 2.25 1.5 | 1 1.25 1.5 1.75 2')
  T.eq(visit(-3, -1, 1) .. " | " .. visit(-1, -3, -1) .. " | " .. visit(0.5, 2.5, 1) .. " | " .. visit(10, 1, -3), '-3 -2 -1 | -1 -2 -3 | 0.5 1.5 2.5 | 10 7 4 1')
  local c = 0
  for _ = 0, 1, 0.1 do c = c + 1 end
  T.eq(T.list(c, visit(1, 1, 1), visit(1, 1, -1)), '11, "1", "1"')
end

do --- numeric-for-zero-iterations
  T.eq(T.list(visit(1, 0, 1), visit(0, 1, -1), visit(1, 0.5, 1), visit(-1, -2), visit(1, -1e308, 1)), '"", "", "", "", ""')
end

do --- numeric-for-default-step-and-literals
  local out = {}
  for i = 1, 3 do out[#out + 1] = i end
  for i = 5, 3, -1 do out[#out + 1] = i end
  for i = 1, 0 do out[#out + 1] = "never" end
  T.eq(table.concat(out, " "), '1 2 3 5 4 3')
end

do --- numeric-for-huge-and-infinite-bounds
  T.eq(T.list(visit(2 ^ 53, 2 ^ 53 + 2, 1, 5), visit(1, math.huge, 1, 3), visit(-math.huge, 0, 1, 3)), '"9007199254740992 9007199254740992 9007199254740992 9007199254740992 9007199254740992 ...", "1 2 3 ...", "-inf -inf -inf ..."')
  T.eq(T.list(visit(1e308, 1.7e308, 1e308), visit(0, 1, math.huge), visit(0, -1, -math.huge), visit(math.huge, math.huge, 1, 3)), '"1e+308", "0", "0", "inf inf inf ..."')
  T.eq(T.list(visit(2 ^ 31 - 2, 2 ^ 31 + 1), visit(-2 ^ 31 + 1, -2 ^ 31 - 1, -1), visit(2 ^ 63, 2 ^ 63)), '"2147483646 2147483647 2147483648 2147483649", "-2147483647 -2147483648 -2147483649", "9.2233720368547758e+18 9.2233720368547758e+18 9.2233720368547758e+18 9.2233720368547758e+18 9.2233720368547758e+18 9.2233720368547758e+18 9.2233720368547758e+18 9.2233720368547758e+18 9.2233720368547758e+18 9.2233720368547758e+18 9.2233720368547758e+18 9.2233720368547758e+18 9.2233720368547758e+18 9.2233720368547758e+18 9.2233720368547758e+18 9.2233720368547758e+18 9.2233720368547758e+18 9.2233720368547758e+18 9.2233720368547758e+18 9.2233720368547758e+18 ..."')
end

do --- numeric-for-zero-step
  T.eq(T.list(visit(1, 2, 0, 3), visit(2, 1, 0, 3), visit(1, 1, 0, 3)), '"1 1 1 ...", "", "1 1 1 ..."')
end

do --- numeric-for-negative-zero-step
  -- The step's sign bit decides the direction: -0 counts down.
  T.eq(T.list(visit(1, 0, -0, 3), visit(0, 1, -0, 3), visit(1, 1, -0, 3)), '"1 1 1 ...", "", "1 1 1 ..."')
  local nz = -0
  T.eq(T.list(visit(1, 0, nz, 3), visit(0, 1, nz, 3)), '"1 1 1 ...", ""')
end

do --- numeric-for-nan
  local nan = 0 / 0
  T.eq(T.list(visit(nan, 1, 1), visit(1, nan, 1), visit(nan, nan, -1), visit(1, nan, -1)), '"", "", "", ""')
end

do --- numeric-for-nan-step
  -- Which way a NaN step counts follows its sign bit (0/0 is negative on x86).
  local nan = 0 / 0
  T.eq(T.list(visit(1, 10, nan, 3), visit(10, 1, nan, 3), visit(1, 10, -nan, 3), visit(10, 1, -nan, 3)), '"", "10", "1", ""')
end

do --- numeric-for-string-bounds
  T.eq(T.list(visit("1", "3"), visit(1, "3", "1"), visit("0x10", 17), visit(" 2 ", "1e0", "-1")), '"1 2 3", "1 2 3", "16 17", "2 1"')
  T.eq(T.try(function() for _ = "a", 3 do end end), 'false, "@: \'for\' initial value must be a number"')
  T.eq(T.try(function() for _ = 1, {} do end end), 'false, "@: \'for\' limit must be a number"')
  T.eq(T.try(function() for _ = 1, 2, nil do end end), 'false, "@: \'for\' step must be a number"')
  T.eq(T.try(function() local x for _ = x, 2 do end end), 'false, "@: \'for\' initial value must be a number"')
  T.eq(T.try(function() for _ = 1, 2, "x" do end end), 'false, "@: \'for\' step must be a number"')
  T.eq(T.try(function() for _ = 1, "2x" do end end), 'false, "@: \'for\' limit must be a number"')
  T.eq(T.try(function() for _ = true, 2 do end end), 'false, "@: \'for\' initial value must be a number"')
end

do --- numeric-for-body-cannot-change-index
  local out = {}
  for i = 1, 3 do
    i = i * 10
    out[#out + 1] = i
  end
  local limit, step = 3, 1
  for i = 1, limit, step do
    limit, step = 100, 5
    out[#out + 1] = i
  end
  T.eq(table.concat(out, " "), '10 20 30 1 2 3')
end

do --- numeric-for-hot-and-nested
  -- Long loops go through the hot counters; nested loops keep their own state.
  local s = 0
  for i = 1, 100000 do s = s + i % 7 end
  local n = 0
  for i = 1, 300 do
    for j = i, 1, -1 do
      n = n + 1
      if j == i - 3 then break end
    end
  end
  local w, k = 0, 0
  while k < 1000 do k = k + 1 w = w + k end
  repeat k = k - 3 until k < 0
  T.eq(T.list(s, n, w, k), '300000, 1194, 500500, -2')
end

do --- pairs-array-and-hash
  local t = {10, 20, 30, x = "a", y = "b", [5] = 50, [-1] = "neg", [1.5] = "frac", [true] = "t"}
  local got = {}
  local arr = {}
  for k, v in pairs(t) do
    got[#got + 1] = T.show(k) .. "=" .. T.show(v)
    if type(k) == "number" and k >= 1 and k <= 3 then arr[#arr + 1] = k end
  end
  T.eq(sorted(got) .. " | " .. table.concat(arr, " "), '"x"="a" "y"="b" -1="neg" 1.5="frac" 1=10 2=20 3=30 5=50 true="t" | 1 2 3 1.5')
  local n = 0
  for _ in pairs({}) do n = n + 1 end
  for _ in pairs({nil, nil}) do n = n + 1 end
  T.eq(T.list(n), '0')
end

do --- pairs-array-order
  local t = {}
  for i = 1, 50 do t[i] = i * 2 end
  t[20], t[21] = nil, nil
  local out = {}
  for k, v in pairs(t) do out[#out + 1] = k end
  T.eq(table.concat(out, " "), '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50')
end

do --- pairs-modifying-existing-fields
  local t = {1, 2, 3, 4, a = 1, b = 2, c = 3, d = 4}
  local seen = {}
  for k, v in pairs(t) do
    seen[#seen + 1] = T.show(k)
    t[k] = type(v) == "number" and v * 10 or v
  end
  local after = {}
  for k, v in pairs(t) do after[#after + 1] = T.show(k) .. "=" .. T.show(v) end
  T.eq(sorted(seen) .. " | " .. sorted(after), '"a" "b" "c" "d" 1 2 3 4 | "a"=10 "b"=20 "c"=30 "d"=40 1=10 2=20 3=30 4=40')
  local cleared = {}
  for k in pairs(t) do t[k] = nil cleared[#cleared + 1] = T.show(k) end
  T.eq(T.list(#cleared, next(t)), '8, nil')
end

do --- pairs-ignores-index-and-pairs-metamethods
  local t = setmetatable({own = 1}, {__index = {inherited = 2}, __pairs = function() error("no __pairs in 5.1") end})
  local got = {}
  for k, v in pairs(t) do got[#got + 1] = k .. "=" .. v end
  T.eq(table.concat(got, " "), 'own=1')
end

do --- next-directly-and-errors
  local t = {5, x = 1}
  local got = {}
  for k, v in next, t do got[#got + 1] = T.show(k) .. "=" .. T.show(v) end
  T.eq(sorted(got) .. " | " .. T.list(next({}), next({7}), next({7}, 1)), '"x"=1 1=5 | nil, 1, nil')
  T.eq(T.try(next, t, "nokey"), 'false, "invalid key to \'next\'"')
  T.eq(T.try(next, nil), 'false, "bad argument #1 to \'?\' (table expected, got nil)"')
  T.eq(T.try(function() for _ in pairs(nil) do end end), 'false, "@: bad argument #1 to \'pairs\' (table expected, got nil)"')
end

do --- ipairs-stops-at-hole
  local t = {1, 2, nil, 4}
  local out = {}
  for i, v in ipairs(t) do out[#out + 1] = i .. "=" .. v end
  local u = {[1] = "a", [2] = "b", [4] = "d", x = 1}
  for i, v in ipairs(u) do out[#out + 1] = i .. "=" .. v end
  for i, v in ipairs({}) do out[#out + 1] = "never" end
  local h = {}
  for i = 1, 5 do h[i] = i end
  h[3] = nil
  for i in ipairs(h) do out[#out + 1] = i end
  T.eq(table.concat(out, " "), '1=1 2=2 1=a 2=b 1 2')
end

do --- ipairs-hash-part-and-index-metamethod
  -- Keys beyond the array part; __index is not consulted in 5.1.
  local t = {}
  t[3], t[2], t[1] = "c", "b", "a"
  local mt = setmetatable({1}, {__index = function(_, k) return "mm" .. k end})
  local out = {}
  for i, v in ipairs(t) do out[#out + 1] = i .. "=" .. v end
  for i, v in ipairs(mt) do out[#out + 1] = i .. "=" .. v end
  local p = setmetatable({}, {__index = {1, 2, 3}})
  for i, v in ipairs(p) do out[#out + 1] = "proxy" end
  T.eq(table.concat(out, " "), '1=a 2=b 3=c 1=1')
end

do --- ipairs-modifying-during-iteration
  local t = {1, 2, 3, 4, 5}
  local out = {}
  for i, v in ipairs(t) do
    out[#out + 1] = v
    if i == 2 then t[4] = nil end
    if i == 1 then t[2] = "two" end
  end
  local g = {1}
  for i in ipairs(g) do if i < 5 then g[i + 1] = i + 1 end out[#out + 1] = "g" .. i end
  T.eq(table.concat(out, " "), '1 two 3 g1 g2 g3 g4 g5')
end

do --- ipairs-errors
  T.eq(T.try(function() for _ in ipairs(nil) do end end), 'false, "@: bad argument #1 to \'ipairs\' (table expected, got nil)"')
  T.eq(T.try(function() for _ in ipairs("str") do end end), 'false, "@: bad argument #1 to \'ipairs\' (table expected, got string)"')
  local f, s, c = ipairs({})
  T.eq(T.list(type(f), c, f({5}, 0)), '"function", 0, 1, 5')
  T.eq(T.list(f({5, 6}, 1), f({5}, 1), f({[0] = "z"}, -1)), '2, nil, 0, "z"')
end

do --- ipairs-iterator-fractional-control
  -- LuaJIT's iterator adds 1 to the control value as it is and indexes with its
  -- truncation.
  local f = ipairs({})
  T.eq(T.list(f({5, 6}, 1.5)), '2.5, 6')
end

do --- custom-iterators
  local function range(n)
    local i = 0
    return function() i = i + 1 if i <= n then return i end end
  end
  local function stateless(s, c) if c < s then return c + 1, c * c end end
  local out = {}
  for i in range(3) do out[#out + 1] = i end
  for i, sq in stateless, 4, 0 do out[#out + 1] = i .. ":" .. sq end
  for a, b, c, d in function(_, x) if not x then return 1, 2, 3, 4 end end do out[#out + 1] = a + b + c + d end
  for x in function() return nil, "ignored" end do out[#out + 1] = "never" end
  local callable = setmetatable({}, {__call = function(self, s, c) if c < 2 then return c + 1 end end})
  for i in callable, nil, 0 do out[#out + 1] = "call" .. i end
  T.eq(table.concat(out, " "), '1 2 3 1:0 2:1 3:4 4:9 10 call1 call2')
end

do --- generic-for-despecialized
  -- `pairs` replaced, or `next` given a non-table: the inline path must not run.
  local real = pairs
  local out = {}
  pairs = function(t) return function(_, c) if c < 3 then return c + 1, "fake" end end, t, 0 end
  for k, v in pairs({a = 1}) do out[#out + 1] = k .. v end
  pairs = real
  local t = {x = 1}
  local it, st, ctl = next, t, nil
  for k, v in it, st, ctl do out[#out + 1] = k .. v end
  local alt = {y = 2}
  for k, v in next, alt, nil do out[#out + 1] = k .. v end
  T.eq(table.concat(out, " "), '1fake 2fake 3fake x1 y2')
end

do --- pairs-ipairs-missing-argument-errors
  T.eq(T.try(function() for _ in pairs() do end end), 'false, "@: bad argument #1 to \'pairs\' (value expected)"')
  T.eq(T.try(ipairs), 'false, "bad argument #1 to \'?\' (value expected)"')
end

do --- generic-for-next-over-non-table-error
  -- The inline pairs path hands a bad state back to next, named as the generator.
  T.eq(T.try(function() for _ in next, "str" do end end), 'false, "@: bad argument #1 to \'(for generator)\' (table expected, got string)"')
end

do --- generic-for-errors
  T.eq(T.try(function() for _ in {} do end end), 'false, "@: attempt to call a table value"')
  T.eq(T.try(function() local t = {} for _ in t do end end), 'false, "@: attempt to call a table value"')
  T.eq(T.try(function() for _ in nil do end end), 'false, "@: attempt to call a nil value"')
  T.eq(T.try(function() for _ in 5 do end end), 'false, "@: attempt to call a number value"')
  T.eq(T.try(function() for _ in function() error("iter failed") end do end end), 'false, "@: iter failed"')
end

do --- pairs-big-table-hot-loop
  local t = {}
  for i = 1, 2000 do t[i] = i t["k" .. i] = i end
  local s, n = 0, 0
  for r = 1, 5 do
    for k, v in pairs(t) do s = s + v n = n + 1 end
  end
  local ks = 0
  for _, v in ipairs(t) do ks = ks + v end
  T.eq(T.list(s, n, ks), '20010000, 20000, 2001000')
end

do --- loops-break-closes-upvalues-and-return-inside
  local function find(t, x)
    for i, v in ipairs(t) do if v == x then return i end end
    for k, v in pairs(t) do if v == x then return k end end
    return nil
  end
  local fs = {}
  for k, v in pairs({a = 1}) do fs[1] = function() return k .. v end break end
  for i = 1, 10 do fs[2] = function() return i end if i == 4 then break end end
  T.eq(T.list(find({5, 6, 7}, 6), find({x = 9}, 9), find({}, 1), fs[1](), fs[2]()), '2, "x", nil, "a1", 4')
end

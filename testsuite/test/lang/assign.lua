-- Multiple assignment and table constructors.

do --- multiple-assignment-swap
  local a, b = 1, 2
  a, b = b, a
  assert(a == 2 and b == 1)
end

do --- multiple-assignment-evaluates-all-rhs-first
  local a, b, c = 1, 2, 3
  a, b, c = c, a, b
  assert(a == 3 and b == 1 and c == 2)
end

do --- multiple-assignment-extra-values-dropped
  local a, b = 1, 2, 3
  assert(a == 1 and b == 2)
  local function f() a = "called" end
  local x = 1, f()
  assert(a == "called")
end

do --- multiple-assignment-fill-nil
  local a, b, c = (function() return 1 end)()
  assert(a == 1 and b == nil and c == nil)
end

do --- multiple-assignment-table-index-evaluated-first
  local t = {}
  local i = 1
  i, t[i] = i + 1, 20
  assert(i == 2 and t[1] == 20 and t[2] == nil)
end

do --- assignment-to-globals
  test_global_a, test_global_b = 1, 2
  assert(_G.test_global_a == 1 and _G.test_global_b == 2)
  test_global_a, test_global_b = nil, nil
  assert(rawget(_G, "test_global_a") == nil)
end

do --- table-constructor-forms
  local t = {1, 2; 3, x = 4, ["y"] = 5, [10] = 6,}
  assert(t[1] == 1 and t[3] == 3 and t.x == 4 and t.y == 5 and t[10] == 6)
  assert(#{} == 0)
end

do --- table-constructor-positional-overrides
  local t = {[1] = "a", "b"}
  assert(t[1] == "b")
end

do --- table-constructor-nil-values
  local t = {nil, nil, 3}
  assert(t[3] == 3 and t[1] == nil)
end

do --- table-constructor-nested
  local t = {{1, {2, {3}}}, a = {b = {c = "d"}}}
  assert(t[1][2][2][1] == 3 and t.a.b.c == "d")
end

do --- table-key-types
  local t, f, k = {}, function() end, {}
  t[1.5] = "f"; t[true] = "b"; t[f] = "fn"; t[k] = "t"; t["s"] = "s"
  assert(t[1.5] == "f" and t[true] == "b" and t[f] == "fn" and t[k] == "t" and t.s == "s")
  assert(t[false] == nil)
end

do --- table-nil-and-nan-key-errors
  assert(not pcall(function() local t = {} t[nil] = 1 end))
  assert(not pcall(function() local t = {} t[0/0] = 1 end))
  local t = {}
  assert(t[nil] == nil)
end

do --- table-float-keys-normalised
  local t = {}
  t[1.0] = "one"; t[2^53] = "big"
  assert(t[1] == "one" and t[2^53] == "big")
end

do --- table-large-array
  local t = {}
  for i = 1, 10000 do t[i] = i * 2 end
  local s = 0
  for i = 1, #t do s = s + t[i] end
  assert(#t == 10000 and s == 10000 * 10001)
end

do --- table-many-hash-keys
  local t = {}
  for i = 1, 5000 do t["k" .. i] = i end
  local n = 0
  for k, v in pairs(t) do n = n + 1; assert(t[k] == v) end
  assert(n == 5000)
  for i = 1, 5000, 2 do t["k" .. i] = nil end
  n = 0
  for _ in pairs(t) do n = n + 1 end
  assert(n == 2500)
end

-- Golden: custom iterators, stateless and stateful, ipairs/pairs with sorting.
local function range(a, b, step)
  step = step or 1
  return function(_, i) i = i + step; if (step > 0 and i <= b) or (step < 0 and i >= b) then return i end end, nil, a - step
end
for i in range(1, 10, 3) do io.write(i, " ") end print()
for i in range(10, 1, -4) do io.write(i, " ") end print()
local function sortedpairs(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks, function(a, b) return tostring(a) < tostring(b) end)
  local i = 0
  return function() i = i + 1; local k = ks[i]; if k ~= nil then return k, t[k] end end
end
for k, v in sortedpairs({z = 1, a = 2, m = 3, [1] = "one", [2] = "two"}) do print(k, v) end
for i, v in ipairs({"a", "b", "c", nil, "e"}) do print(i, v) end
local function perms(a, n, out)
  n = n or #a
  if n <= 1 then out[#out + 1] = table.concat(a) return out end
  for i = 1, n do
    a[n], a[i] = a[i], a[n]
    perms(a, n - 1, out)
    a[n], a[i] = a[i], a[n]
  end
  return out
end
local ps = perms({"a", "b", "c", "d"}, nil, {})
table.sort(ps)
print(#ps, table.concat(ps, " "))
for k, v in next, {"only"} do print(k, v) end

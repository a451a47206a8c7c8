-- sort.lua: a hand-written heapsort and table.sort with a comparator. Size: elements.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

local function heapsort(a, n)
  local function sift(lo, hi)
    local root = lo
    while true do
      local child = 2 * root
      if child > hi then return end
      if child < hi and a[child] < a[child + 1] then child = child + 1 end
      if a[root] >= a[child] then return end
      a[root], a[child] = a[child], a[root]
      root = child
    end
  end
  for i = math.floor(n / 2), 1, -1 do sift(i, n) end
  for hi = n, 2, -1 do
    a[1], a[hi] = a[hi], a[1]
    sift(1, hi - 1)
  end
end

bench.run(function(n)
  local rng = bench.rng(31337)
  local a, b = {}, {}
  for i = 1, n do local v = rng() % 1000000; a[i], b[i] = v, v end
  heapsort(a, n)
  table.sort(b, function(x, y) return x > y end)
  local check = 0
  for i = 1, n do
    if a[i] ~= b[n + 1 - i] then return "mismatch at " .. i end
    check = (check + a[i] * (i % 13)) % 1000003
  end
  return check
end)

-- Allocation-heavy loops: the collector must keep memory bounded.

do --- alloc-1e7-short-tables +slow
  local keep
  for i = 1, 10000000 do keep = {i, i} end
  assert(keep[1] == 10000000)
  assert(collectgarbage("count") < 100 * 1024)
end

do --- alloc-1e5-tables-bounded
  for i = 1, 100000 do local t = {i} end
  collectgarbage()
  assert(collectgarbage("count") < 10 * 1024)
end

do --- alloc-strings-churn
  local s
  for i = 1, 100000 do s = "str" .. i end
  assert(s == "str100000")
  collectgarbage()
  assert(collectgarbage("count") < 10 * 1024)
end

do --- alloc-closures-churn
  local f
  for i = 1, 100000 do f = function() return i end end
  assert(f() == 100000)
end

do --- alloc-cyclic-garbage-collected
  local before = collectgarbage("count")
  for i = 1, 50000 do local a, b = {}, {}; a.b = b; b.a = a end
  collectgarbage(); collectgarbage()
  assert(collectgarbage("count") < before + 1024)
end

do --- alloc-big-table-growth
  local t = {}
  for i = 1, 1000000 do t[i] = i end
  assert(#t == 1000000)
  t = nil
  collectgarbage()
  assert(collectgarbage("count") < 10 * 1024)
end

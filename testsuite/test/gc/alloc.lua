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

do --- alloc-small-array-parts-grow-shrink-and-free
  -- Small array parts live in the table's own block until they grow.
  local ts = {}
  for i = 1, 2000 do
    local t = {i, i + 1, i + 2}
    if i % 3 == 0 then
      for j = 4, 40 do t[j] = j end -- grows out of its block
    elseif i % 3 == 1 then
      t[2], t[3] = nil, nil
      t.x = i -- rehash: the array part may shrink
      t[100] = i
    end
    ts[i] = t
  end
  collectgarbage()
  for i = 1, 2000 do
    local t = ts[i]
    assert(t[1] == i)
    if i % 3 == 0 then
      assert(#t == 40 and t[3] == i + 2 and t[40] == 40)
    elseif i % 3 == 1 then
      assert(t[2] == nil and t.x == i and t[100] == i)
    else
      assert(#t == 3 and t[3] == i + 2)
    end
  end
end

do --- alloc-count-returns-to-its-level
  -- Every block is accounted for the same size when it is freed as when it was
  -- allocated: churn of all object kinds and sizes leaves the count where it was.
  collectgarbage(); collectgarbage()
  local before = collectgarbage("count")
  for round = 1, 3 do
    local keep = {}
    for i = 1, 20000 do
      local n = i % 37
      local t = {}
      for j = 1, n do t[j] = j end
      t.s = string.rep("x", i % 700) .. i
      t.f = function() return t, n end
      t.co = (i % 500 == 0) and coroutine.create(t.f) or nil
      keep[i % 1000 + 1] = t
    end
  end
  collectgarbage(); collectgarbage()
  local after = collectgarbage("count")
  assert(math.abs(after - before) < 64, before .. " -> " .. after)
end

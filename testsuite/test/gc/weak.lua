-- Weak tables (__mode k, v, kv).

do --- weak-values-collected
  local t = setmetatable({}, {__mode = "v"})
  t[1] = {}; t[2] = {}
  local keep = {}
  t[3] = keep
  collectgarbage(); collectgarbage()
  assert(t[1] == nil and t[2] == nil and t[3] == keep)
end

do --- weak-keys-collected
  local t = setmetatable({}, {__mode = "k"})
  local keep = {}
  t[keep] = 1
  t[{}] = 2
  collectgarbage(); collectgarbage()
  local n = 0
  for k, v in pairs(t) do n = n + 1; assert(k == keep and v == 1) end
  assert(n == 1)
end

do --- weak-keys-strong-values-kept-while-key-alive
  local t = setmetatable({}, {__mode = "k"})
  local k = {}
  t[k] = {"value"}
  collectgarbage()
  assert(t[k][1] == "value")
end

do --- weak-kv-both
  local t = setmetatable({}, {__mode = "kv"})
  local k, v = {}, {}
  t[k] = {}; t[{}] = v; t[k] = v
  t["str"] = {}
  collectgarbage(); collectgarbage()
  assert(t[k] == v and t["str"] == nil)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  assert(n == 1)
end

do --- weak-strings-and-numbers-never-collected
  local t = setmetatable({}, {__mode = "kv"})
  t[1] = "a string value"; t["key"] = 42; t[2] = true
  collectgarbage(); collectgarbage()
  assert(t[1] == "a string value" and t.key == 42 and t[2] == true)
end

do --- weak-functions-collected
  local t = setmetatable({}, {__mode = "v"})
  t[1] = function() return 1 end
  local up = 0
  t[2] = function() up = up + 1 end
  collectgarbage(); collectgarbage()
  assert(t[2] == nil)
end

do --- weak-mode-set-after-insert
  local mt = {}
  local t = setmetatable({}, mt)
  t[1] = {}
  mt.__mode = "v"
  collectgarbage(); collectgarbage()
  assert(t[1] == nil)
end

do --- weak-cache-pattern
  local cache = setmetatable({}, {__mode = "v"})
  local function get(k)
    local v = cache[k]
    if not v then v = {k = k}; cache[k] = v end
    return v
  end
  local a = get("a")
  assert(get("a") == a)
  a = nil
  collectgarbage(); collectgarbage()
  local n = 0
  for _ in pairs(cache) do n = n + 1 end
  assert(n == 0)
end

do --- weak-userdata-keys
  local t = setmetatable({}, {__mode = "k"})
  t[newproxy()] = 1
  local u = newproxy()
  t[u] = 2
  collectgarbage(); collectgarbage()
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  assert(n == 1 and t[u] == 2)
end

do --- weak-threads-collected
  local t = setmetatable({}, {__mode = "v"})
  t[1] = coroutine.create(function() end)
  collectgarbage(); collectgarbage()
  assert(t[1] == nil)
end

do --- weak-table-survives-many-cycles
  local t = setmetatable({}, {__mode = "k"})
  local keep = {}
  for i = 1, 100 do
    t[keep] = i
    t[{}] = i
    if i % 10 == 0 then collectgarbage() end
  end
  collectgarbage()
  assert(t[keep] == 100)
end

do --- weak-tables-keep-string-keys-and-values
  -- Strings are values, never cleared from weak tables: they must stay valid after
  -- the collection (not be freed while the table still refers to them).
  local k = setmetatable({}, {__mode = "k"})
  local v = setmetatable({}, {__mode = "v"})
  for i = 1, 15 do
    local s = string.rep("@", i)
    k[s] = s .. "#"
    v[s .. "#"] = s
  end
  collectgarbage(); collectgarbage()
  for i = 1, 1000 do local junk = string.rep("z", i % 50) .. i end
  collectgarbage()
  local n = 0
  for key, val in pairs(k) do assert(key .. "#" == val); n = n + 1 end
  for key, val in pairs(v) do assert(key == val .. "#"); n = n + 1 end
  assert(n == 30)
end

do --- weak-table-finalized-udata-dropped-from-values-not-keys
  -- While its finalizer runs, a userdata is still a key of weak-keyed tables but
  -- no longer a value of weak-valued ones.
  local t = setmetatable({}, {__mode = "kv"})
  local seen
  do
    local u = newproxy(true)
    t[u] = 1
    t[2] = u
    getmetatable(u).__gc = function (o) seen = {t[o], t[2]} end
  end
  collectgarbage()
  assert(seen and seen[1] == 1 and seen[2] == nil)
end

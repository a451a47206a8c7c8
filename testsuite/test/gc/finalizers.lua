-- __gc finalizers on userdata (newproxy(true)), as LuaJIT runs them.

do --- gc-finalizer-runs-on-collect
  local ran = false
  local p = newproxy(true)
  getmetatable(p).__gc = function() ran = true end
  p = nil
  collectgarbage()
  assert(ran)
end

do --- gc-finalizer-receives-object
  local got, orig
  do
    local p = newproxy(true)
    orig = tostring(p)
    getmetatable(p).__gc = function(u) got = tostring(u) end
  end
  collectgarbage()
  assert(got == orig)
end

do --- gc-finalizer-order-reverse-creation
  local log = {}
  for i = 1, 5 do
    local p = newproxy(true)
    getmetatable(p).__gc = function() log[#log + 1] = i end
  end
  collectgarbage()
  assert(table.concat(log, ",") == "5,4,3,2,1", table.concat(log, ","))
end

do --- gc-finalizer-not-run-while-reachable
  local ran = false
  local p = newproxy(true)
  getmetatable(p).__gc = function() ran = true end
  collectgarbage(); collectgarbage()
  assert(not ran and p)
end

do --- gc-finalizer-resurrection-runs-once
  local saved, n = nil, 0
  local p = newproxy(true)
  getmetatable(p).__gc = function(u) n = n + 1; saved = u end
  p = nil
  collectgarbage()
  assert(n == 1 and type(saved) == "userdata")
  saved = nil
  collectgarbage(); collectgarbage()
  assert(n == 1)
end

do --- gc-finalizer-resurrected-object-usable
  local saved
  local p = newproxy(true)
  getmetatable(p).__index = function(_, k) return "idx:" .. k end
  getmetatable(p).__gc = function(u) saved = u end
  p = nil
  collectgarbage()
  assert(saved.foo == "idx:foo")
end

do --- gc-table-gc-ignored-in-5-1
  local ran = false
  local t = setmetatable({}, {__gc = function() ran = true end})
  t = nil
  collectgarbage(); collectgarbage()
  assert(not ran)
end

do --- gc-finalizer-shared-metatable
  local count = 0
  local proto = newproxy(true)
  getmetatable(proto).__gc = function() count = count + 1 end
  for i = 1, 10 do local p = newproxy(proto) end
  collectgarbage()
  assert(count == 10)
end

do --- gc-finalizer-allocates
  local made
  local p = newproxy(true)
  getmetatable(p).__gc = function() made = {} for i = 1, 100 do made[i] = {i} end end
  p = nil
  collectgarbage()
  assert(#made == 100)
end

do --- gc-finalizer-error-propagates-or-is-reported
  local p = newproxy(true)
  getmetatable(p).__gc = function() error("in gc", 0) end
  p = nil
  -- LuaJIT raises the finalizer's error out of collectgarbage.
  local ok, err = pcall(collectgarbage)
  assert(not ok and err == "in gc", tostring(err))
end

do --- gc-finalizers-run-at-exit-do-not-crash
  for i = 1, 100 do
    local p = newproxy(true)
    getmetatable(p).__gc = function() local x = i * 2 end
    _G["keep_proxy_" .. i] = p
  end
end

do --- gc-finalizer-resurrecting-at-exit-terminates
  -- A finalizer that creates a new finalizable userdata each time it runs must not
  -- keep the VM from exiting (closing the state runs a bounded number of rounds).
  local u = newproxy(true)
  getmetatable(u).__gc = function (o) newproxy(o) end
  ___keep = u
end

do --- gc-full-collect-restarts-stopped-collector
  -- collectgarbage() after "stop" re-arms the automatic collector (a full cycle
  -- sets a new threshold), so garbage made afterwards is collected again.
  collectgarbage("stop")
  collectgarbage()
  local w = setmetatable({{}}, {__mode = "v"})
  local n, hold = 0, {}
  while w[1] and n < 1e6 do
    hold[1] = {}  -- stored, so a JIT cannot sink the allocation
    n = n + 1
  end
  assert(w[1] == nil)
end

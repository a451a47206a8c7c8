-- Global access (GGET/GSET): present and absent keys, nil-valued keys, the
-- environment table's __index/__newindex (tables, chains, functions), and function
-- environments replaced with setfenv.
local T = dofile("common.lua")

do --- gget-gset-present-absent
  g_one = 1
  local a = g_one
  g_one = "x"
  local b = g_one
  g_one = nil
  local c = g_one
  T.eq(T.list(a, b, c, g_never_set, rawget(_G, "g_one")), '1, "x", nil, nil, nil')
  g_one = 2
  g_one = g_one + 1
  T.eq(T.list(g_one), '3')
  g_one = nil
end

do --- gset-many-new-keys-grow-globals
  for i = 1, 200 do _G["gk" .. i] = i end
  local f = loadstring("gk7 = gk7 + gk150; gk201 = 'new'; return gk7, gk201, gk200")
  T.eq(T.list(f()), '157, "new", 200')
  for i = 1, 201 do _G["gk" .. i] = nil end
  T.eq(T.list(gk7, gk201), 'nil, nil')
end

do --- globals-index-metamethods
  local log = {}
  local fallback = {g_fb = "from fallback"}
  local deeper = {g_deep = "from deeper"}
  setmetatable(fallback, {__index = deeper})
  setmetatable(_G, {__index = fallback})
  T.eq(T.list(g_fb, g_deep, g_none), '"from fallback", "from deeper", nil')
  setmetatable(_G, {__index = function(t, k) log[#log + 1] = k return k .. "!" end})
  T.eq(T.list(g_fb, g_x, print ~= nil), '"g_fb!", "g_x!", true')
  setmetatable(_G, nil)
  T.eq(T.list(g_fb, table.concat(log, " ")), 'nil, "g_fb g_x"')
end

do --- globals-newindex-metamethods
  local store = {}
  local log = {}
  g_exists = 1
  setmetatable(_G, {__newindex = store})
  g_new = "v"
  g_exists = 2
  T.eq(T.list(rawget(_G, "g_new"), store.g_new, g_exists), 'nil, "v", 2')
  setmetatable(_G, {__newindex = function(t, k, v) log[#log + 1] = k .. "=" .. tostring(v) rawset(t, k, v) end})
  g_new2 = 3
  g_new2 = 4
  g_exists = nil
  g_exists = 5
  setmetatable(_G, nil)
  T.eq(T.list(g_new2, g_exists, table.concat(log, " ")), '4, 5, "g_new2=3 g_exists=5"')
  g_new2, g_exists = nil, nil
end

do --- globals-strict-mode-errors
  setmetatable(_G, {
    __index = function(_, k) error("undeclared " .. k, 2) end,
    __newindex = function(_, k) error("assign " .. k, 2) end,
  })
  local r1 = T.try(function() return g_undeclared end)
  local r2 = T.try(function() g_assign = 1 end)
  setmetatable(_G, nil)
  T.eq(r1 .. " | " .. r2, 'false, "@-3: undeclared g_undeclared" | false, "@-2: assign g_assign"')
end

do --- setfenv-function-environment
  local env = {x = 1, tostring = tostring}
  local function f() y = x + 1 return x, y, print end
  setfenv(f, env)
  T.eq(T.list(f()), '1, 2, nil')
  T.eq(T.list(env.y, rawget(_G, "y"), getfenv(f) == env, getfenv(print) == _G), '2, nil, true, true')
  setmetatable(env, {__index = _G})
  local a, b, p = f()
  T.eq(T.list(a, b, p == print), '1, 2, true')
end

do --- setfenv-env-with-metatables
  local log = {}
  local proxy = setmetatable({}, {
    __index = function(_, k) log[#log + 1] = "get " .. k return 10 end,
    __newindex = function(_, k, v) log[#log + 1] = "set " .. k .. "=" .. v end,
  })
  local f = setfenv(function() a = b + c return a end, proxy)
  T.eq(T.list(f(), table.concat(log, " ")), '10, "get b get c set a=20 get a"')
end

do --- setfenv-level-and-errors
  local function inner()
    setfenv(1, {tostring = tostring})
    return tostring(print)
  end
  T.eq(T.list(inner()), '"nil"')
  T.eq(T.try(setfenv, 1, 2), 'false, "bad argument #2 to \'?\' (table expected, got number)"')
  T.eq(T.try(setfenv, print, {}), 'false, "\'setfenv\' cannot change environment of given object"')
  T.eq(T.try(setfenv, 100, {}), 'false, "bad argument #1 to \'?\' (invalid level)"')
end

do --- getfenv-negative-level-error
  T.eq(T.try(getfenv, -1), 'false, "bad argument #1 to \'?\' (invalid level)"')
end

do --- gget-switching-envs-same-code
  -- One function's GGET runs against several environments.
  local src = "return v"
  local f = loadstring(src)
  local out = {}
  for i, env in ipairs({{v = 1}, {}, setmetatable({}, {__index = {v = 3}}), setmetatable({}, {__index = function() return 4 end}), {v = false}}) do
    setfenv(f, env)
    out[i] = T.show(f())
  end
  T.eq(table.concat(out, " "), '1 nil 3 4 false')
end

do --- global-call-errors-name-global
  T.eq(T.try(function() g_missing_fn() end), 'false, "@: attempt to call global \'g_missing_fn\' (a nil value)"')
  T.eq(T.try(function() local x = g_missing_tab.field end), 'false, "@: attempt to index global \'g_missing_tab\' (a nil value)"')
  T.eq(T.try(function() g_missing_tab.field = 1 end), 'false, "@: attempt to index global \'g_missing_tab\' (a nil value)"')
end

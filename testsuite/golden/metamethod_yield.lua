-- Metamethods called by the interpreter run in continuation frames: a handler may
-- yield, error with a traceback naming it, or recurse until the Lua stack overflows.
local Y = coroutine.yield
local mt = {
  __index = function(t, k) return Y("index " .. k) end,
  __newindex = function(t, k, v) rawset(t, k, Y("newindex " .. k) .. v) end,
  __add = function(a, b) return Y("add") end,
  __sub = function(a, b) return 100 end,
  __eq = function(a, b) return Y("eq") end,
  __lt = function(a, b) return Y("lt") end,
  __concat = function(a, b) return Y("concat") end,
  __len = function(a) return Y("len") end,
  __unm = function(a) return Y("unm") end,
}
local function obj() return setmetatable({}, mt) end
local co = coroutine.wrap(function()
  local a, b = obj(), obj()
  print("got", a.foo)
  a.bar = "!"
  print("bar", rawget(a, "bar"))
  print("add", a + 1)
  print("sub", a - 1)
  print("eq", a == b, a ~= b)
  if a < b then print("lt true") else print("lt false") end
  if a <= b then print("le true") else print("le false") end
  if a > b then print("gt true") else print("gt false") end
  if not (a >= b) then print("nge") end
  print("cat", "x" .. a .. "y" .. "z")
  print("cat2", a .. b)
  print("len", #a)
  print("unm", -a)
  local t = setmetatable({}, {__index = coroutine.yield})
  print("native", t.direct)
  return "done"
end)
local v = co()
local answers = {["index foo"] = "FOO", ["newindex bar"] = "BAR", add = 42, eq = false,
  lt = true, concat = "C", len = 7, unm = -9}
local i = 0
while v ~= "done" do
  i = i + 1
  print("yielded", type(v) == "table" and "a table" or v)
  local ans = answers[v]
  if v == "lt" or v == "eq" then ans = (i % 2 == 0) end
  v = co(ans)
end
print(v)

local function tb(f)
  local _, msg = xpcall(f, debug.traceback)
  return (msg:gsub("0x%x+", "0x?"))
end
local e = setmetatable({}, {__index = function(t, k) error("no field " .. k) end})
print(pcall(function() return e.x end))
print(tb(function() return e.y end))
local u = setmetatable({}, {__add = function(a, b) local x = nil; return x.y end})
print(tb(function() return u + 1 end))
print(pcall(function() return setmetatable({}, {__index = string.rep}).x end))
local deep = setmetatable({}, {})
getmetatable(deep).__index = function(t, k) return deep[k] end
print(pcall(function() return deep.z end))
print(pcall(function()
  return "a" .. setmetatable({}, {__concat = function(a, b) return a .. nil end})
end))
local o = setmetatable({}, {__tostring = function() error("ts") end})
print(tb(function() local s = tostring(o) return s end))
print(tb(function() return tostring(o) end))
print(tostring(setmetatable({}, {__tostring = function() return 1, 2 end})))

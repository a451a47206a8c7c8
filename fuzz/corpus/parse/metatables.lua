-- Golden: metamethods exercised on a vector type.
local V = {}
V.__index = V
local function new(x, y) return setmetatable({x = x, y = y}, V) end
V.__add = function(a, b) return new(a.x + b.x, a.y + b.y) end
V.__sub = function(a, b) return new(a.x - b.x, a.y - b.y) end
V.__mul = function(a, b)
  if type(a) == "number" then return new(a * b.x, a * b.y) end
  if type(b) == "number" then return new(a.x * b, a.y * b) end
  return a.x * b.x + a.y * b.y
end
V.__unm = function(a) return new(-a.x, -a.y) end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
V.__lt = function(a, b) return a:len2() < b:len2() end
V.__le = function(a, b) return a:len2() <= b:len2() end
V.__tostring = function(a) return "(" .. a.x .. ", " .. a.y .. ")" end
V.__concat = function(a, b) return tostring(a) .. tostring(b) end
V.__call = function(a, k) return a[k] end
function V:len2() return self.x * self.x + self.y * self.y end
local a, b = new(1, 2), new(3, 4)
print(tostring(a + b), tostring(a - b), tostring(-a), a * b, tostring(2 * a), tostring(a * 3))
print(a == new(1, 2), a ~= b, a < b, b <= a, a <= new(2, 1))
print(a .. b, a .. "!", "?" .. b)
print(a("x"), b("y"))
local log = {}
local proxy = setmetatable({}, {
  __index = function(t, k) log[#log + 1] = "get " .. tostring(k); return k end,
  __newindex = function(t, k, v) log[#log + 1] = "set " .. tostring(k) .. "=" .. tostring(v); rawset(t, k, v) end,
})
local _ = proxy.a, proxy[1]
proxy.b = 2
proxy.b = 3
print(proxy.b, table.concat(log, "; "))
local ro = setmetatable({}, {__metatable = "no access", __index = {k = "v"}})
print(getmetatable(ro), ro.k, pcall(setmetatable, ro, {}))
local u = newproxy(true)
getmetatable(u).__len = function() return 7 end
getmetatable(u).__tostring = function() return "userdata-obj" end
print(#u, tostring(u))

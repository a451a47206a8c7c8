-- closures.lua: closure creation, upvalue access and method calls. Size: iterations.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

local Point = {}
Point.__index = Point
function Point.new(x, y) return setmetatable({x = x, y = y}, Point) end
function Point:add(o) self.x = self.x + o.x; self.y = self.y + o.y; return self end
function Point:norm1() return math.abs(self.x) + math.abs(self.y) end

bench.run(function(n)
  local p, d = Point.new(0, 0), Point.new(1, -2)
  local total = 0
  for i = 1, n do
    local k = i % 10
    local f = function(v) return v + k end
    p:add(d)
    total = (total + f(p:norm1() % 97)) % 1000003
  end
  return total .. " " .. p.x .. " " .. p.y
end)

-- shapes.lua: polymorphic method calls through inheritance chains, and
-- arithmetic metamethods on small vector objects. Size: passes over the shapes.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, {__index = parent}) end
  return c
end

local Shape = class()
function Shape:scaled(k) return self.area(self) * k * k end
function Shape:describe() return self.kind .. ":" .. math.floor(self:area()) end

local Rect = class(Shape)
Rect.kind = "rect"
function Rect.new(w, h) return setmetatable({w = w, h = h}, Rect) end
function Rect:area() return self.w * self.h end
function Rect:perimeter() return 2 * (self.w + self.h) end

local Square = class(Rect)
Square.kind = "square"
function Square.new(s) return setmetatable({w = s, h = s}, Square) end

local Circle = class(Shape)
Circle.kind = "circle"
function Circle.new(r) return setmetatable({r = r}, Circle) end
function Circle:area() return 3.14159 * self.r * self.r end
function Circle:perimeter() return 2 * 3.14159 * self.r end

local Tri = class(Shape)
Tri.kind = "tri"
function Tri.new(a, b, c) return setmetatable({a = a, b = b, c = c}, Tri) end
function Tri:perimeter() return self.a + self.b + self.c end
function Tri:area()
  local s = self:perimeter() / 2
  return math.sqrt(s * (s - self.a) * (s - self.b) * (s - self.c))
end

local Vec = {}
Vec.__index = Vec
local function vec(x, y) return setmetatable({x = x, y = y}, Vec) end
Vec.__add = function(a, b) return vec(a.x + b.x, a.y + b.y) end
Vec.__mul = function(a, k) return vec(a.x * k, a.y * k) end
Vec.__eq = function(a, b) return a.x == b.x and a.y == b.y end

bench.run(function(n)
  local shapes = {}
  for i = 1, 100 do
    local k = i % 4
    if k == 0 then shapes[i] = Rect.new(i % 7 + 1, i % 5 + 2)
    elseif k == 1 then shapes[i] = Square.new(i % 9 + 1)
    elseif k == 2 then shapes[i] = Circle.new(i % 6 + 0.5)
    else shapes[i] = Tri.new(3 + i % 3, 4 + i % 2, 5) end
  end
  local area, per, names = 0, 0, 0
  local v = vec(0, 0)
  for _ = 1, n do
    for i = 1, #shapes do
      local s = shapes[i]
      area = area + s:scaled(0.5)
      per = per + s:perimeter()
      v = v + vec(s:perimeter(), 1) * 0.5
    end
  end
  for i = 1, #shapes do names = names + #shapes[i]:describe() end
  return string.format("%.4f %.4f %d %.1f %s", area, per, names, v.x, tostring(v == vec(v.x, v.y)))
end)

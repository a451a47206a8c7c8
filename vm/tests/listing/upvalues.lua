local a, b = 1, 2
local function f()
  a = a + 1
  b = "s"
  return a, b
end
local c = 3
local function g() return c end
local function h() c = nil; c = true; c = 2.5 end
return f, g, h

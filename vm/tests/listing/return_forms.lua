local function a() return end
local function b() return 1 end
local function c(x) return x end
local function d(x, y) return x, y end
local function e(x) return x, 1, "s" end
local function f(...) return ... end
local function g(...) return 1, ... end
local function h(t) return t.x end
local function i(x) if x then return 1 else return 2 end end
local function j(x) do return x end end
return a, b, c, d, e, f, g, h, i, j

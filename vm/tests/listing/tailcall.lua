local function a(f) return f() end
local function b(f, ...) return f(...) end
local function c(f) return (f()) end
local function d(f) return f(), 1 end
local function e(f) return 1, f() end
return a, b, c, d, e

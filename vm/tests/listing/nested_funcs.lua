local M = {}
function M.f(a) return a end
function M:g(b) return self, b end
function M.sub.h() end
function globalf(x, y) return x + y end
local function rec(n) if n > 0 then return rec(n - 1) end return 0 end
return M

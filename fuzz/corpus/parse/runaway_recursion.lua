-- Runaway non-tail recursion: must end in "stack overflow", not a crash.
local function f(n) return 1 + f(n + 1) end
f(1)

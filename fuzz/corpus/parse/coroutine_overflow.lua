-- Runaway recursion inside a coroutine.
local co = coroutine.wrap(function() local function r() return 1 + r() end return r() end)
co()

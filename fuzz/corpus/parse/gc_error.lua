-- An error thrown from a __gc finalizer during collectgarbage().
local p = newproxy(true)
getmetatable(p).__gc = function() error("error in __gc") end
p = nil
collectgarbage()
print("unreachable")

-- An error thrown from __tostring while print() converts the value.
local t = setmetatable({}, {__tostring = function() error("error in __tostring") end})
print(t)

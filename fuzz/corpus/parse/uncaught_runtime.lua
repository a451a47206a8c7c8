-- Golden (error case): an uncaught runtime error with a variable name.
local t = {}
print("start")
local v = t.missing.field

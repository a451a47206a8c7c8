-- Golden (error case): a syntax error in the main chunk.
print("not run")
local x = = 1

-- Golden (error case): an uncaught string error prints prefix, message, traceback; exit 1.
print("before")
local function fail() error("something went wrong") end
fail()
print("never")

-- Golden (error case): an uncaught non-string error value.
print("before")
error({code = 1})

-- A module for test/lib/package.lua: returns a table and records its argument.
pkg_simple_loads = (pkg_simple_loads or 0) + 1
return { name = ..., answer = 42 }

-- A module for test/lib/package.lua with a syntax error.
x = = 1

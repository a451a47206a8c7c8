-- A module for test/lib/package.lua that returns nothing.
pkg_noreturn_ran = true

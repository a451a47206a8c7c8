-- A module for test/lib/package.lua that requires itself.
return require("pkg_loop")

-- A module for test/lib/package.lua that fails while loading.
error("pkg_error failed")

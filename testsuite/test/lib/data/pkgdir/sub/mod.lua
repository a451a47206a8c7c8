-- A nested module for test/lib/package.lua.
return { nested = ... }

-- Helper for lib/base.lua: a chunk that returns its arguments count and 42.
return select("#", ...), 42

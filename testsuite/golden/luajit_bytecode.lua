-- Bytecode dumped by LuaJIT itself (bytecode/*.ljbc, remade by record.sh) loads and
-- runs: strix reads LuaJIT 2.1's GC64 dump format, stripped or with debug info.
for _, name in ipairs({"oo", "tables", "closures", "iterators", "metatables"}) do
  local f = assert(loadfile("bytecode/" .. name .. ".ljbc"))
  print("== " .. name, debug.getinfo(f, "S").source)
  f()
end
-- And strix's own dumps of a function come back equivalent.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local g = loadstring(string.dump(fib))
print(pcall(g, 10))  -- its upvalue 'fib' is a fresh nil: the recursive call fails

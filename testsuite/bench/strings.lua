-- strings.lua: string concatenation, sub, byte and interning. Size: rounds.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

bench.run(function(n)
  local check = 0
  for rep = 1, n do
    local parts = {}
    for i = 1, 200 do parts[i] = "item" .. i .. ";" end
    local s = table.concat(parts)
    local acc = ""
    for i = 1, 100 do acc = acc .. s:sub(i, i + 3) end
    for i = 1, #acc, 7 do check = (check + acc:byte(i)) % 1000003 end
  end
  return check
end)

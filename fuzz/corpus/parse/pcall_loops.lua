-- Golden: errors raised and caught in loops, nested pcall, error objects.
local caught = {}
for i = 1, 10 do
  local ok, e = pcall(function()
    if i % 3 == 0 then error({i = i}) end
    if i % 3 == 1 then error("str" .. i, 0) end
    return i
  end)
  caught[#caught + 1] = ok and ("ok" .. e) or (type(e) == "table" and ("tbl" .. e.i) or e)
end
print(table.concat(caught, " "))
local depth = 0
local function nest(n)
  if n == 0 then error("bottom", 0) end
  depth = depth + 1
  local ok, e = pcall(nest, n - 1)
  return "level" .. n .. "(" .. tostring(e) .. ")"
end
print(nest(4), depth)
print(xpcall(function() return nil + 1 end, function(m) return (m:gsub("^[^:]+:%d+: ", "")) end))

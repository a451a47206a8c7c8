-- Golden: building strings by concat, table.concat and string.rep.
local parts = {}
for i = 1, 50 do parts[#parts + 1] = string.format("%02d", i) end
local s = table.concat(parts, ":")
print(#s, s:sub(1, 20), s:sub(-20))
local acc = ""
for i = 1, 200 do acc = acc .. string.char(65 + i % 26) end
print(#acc, acc:sub(1, 30))
local r = ("abc"):rep(1000)
print(#r, r:sub(2999), select(2, r:gsub("b", "")))
local csv = "name,age,city\nann,31,oslo\nbob,27,rome"
for line in csv:gmatch("[^\n]+") do
  local fields = {}
  for f in line:gmatch("[^,]+") do fields[#fields + 1] = f end
  print(#fields, table.concat(fields, "|"))
end
print(("%s=%d"):rep(2, ","):format("a", 1, "b", 2))

-- Golden: code generated at run time with loadstring and load(reader).
local ops = {"+", "-", "*", "/", "%", "^", ".."}
for _, op in ipairs(ops) do
  local f = loadstring("local a, b = ... return a " .. op .. " b")
  print(op, f(7, 2), pcall(f, "7", "2"))
end
local src = {}
for i = 1, 20 do src[#src + 1] = "local v" .. i .. " = " .. i end
src[#src + 1] = "return v1 + v20, v10"
print(loadstring(table.concat(src, "\n"))())
local pieces, i = {"return ", "function(x) ", "return x * 3 ", "end"}, 0
local mk = load(function() i = i + 1; return pieces[i] end, "=pieces")
print(mk()(14))
print(loadstring("syntax error here", "=gen"))
print(pcall(loadstring("error('from generated', 1)", "=gen2")))
local dumped = string.dump(function(a) return a .. "!" end)
print(type(dumped), loadstring(dumped)("dumped"))

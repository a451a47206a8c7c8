local a = ...
if a then return a end
if not a then return end
local function f() return a end
while a do
  if a == 1 then return f() end
  a = a - 1
end
return f

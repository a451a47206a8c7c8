do
  local x = 1
  local f = function() return x end
  goto out
end
::out::
for i = 1, 2 do
  local y = i
  local g = function() return y end
  if y then goto next end
  print(y)
  ::next::
end

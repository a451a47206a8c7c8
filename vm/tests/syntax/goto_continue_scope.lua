for i = 1, 2 do
  goto continue
  local x = 1
  ::continue::
  print(x)
end
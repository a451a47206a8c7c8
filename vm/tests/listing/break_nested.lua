for i = 1, 10 do
  for j = 1, 10 do
    if j > i then break end
    print(i, j)
  end
  if i > 5 then break end
end

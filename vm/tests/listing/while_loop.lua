local i = 0
while i < 10 do
  i = i + 1
end
while true do
  if i > 20 then break end
  i = i + 2
end
while i do local x = i; i = nil end

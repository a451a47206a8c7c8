local i = 0
repeat
  i = i + 1
until i >= 10
repeat
  local x = i
  i = i - 1
until x < 3
repeat break until false

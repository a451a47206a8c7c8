local x = ...
if x == 1 then
  print("one")
elseif x == 2 then
  print("two")
elseif x then
  print("other")
else
  print("none")
end
if x then end
if x then else end
if nil then print(1) end
if true then print(2) else print(3) end
if 1 then print(4) end

local a, b = ...
if a < b then print(1) end
if a <= b then print(2) end
if a > b then print(3) end
if a >= b then print(4) end
if a == b then print(5) end
if a ~= b then print(6) end
if a == nil then print(7) end
if a ~= true then print(8) end
if a == "s" then print(9) end
if a ~= 1 then print(10) end
if 1 == a then print(11) end
if a < 1 then print(12) end
if 2 > a then print(13) end

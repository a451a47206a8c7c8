local a, b, c = ...
if a and b then print(1) end
if a or b then print(2) end
if not (a and b) then print(3) end
if a and b or c then print(4) end
if (a or b) and (c or a) then print(5) end
while a and not b do a = c end

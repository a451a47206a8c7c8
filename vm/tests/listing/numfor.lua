for i = 1, 10 do print(i) end
for i = 10, 1, -1 do print(i) end
local n = ...
for i = n, n + 10, 2 do local x = i * 2 end
for i = 1.5, 3.5 do end

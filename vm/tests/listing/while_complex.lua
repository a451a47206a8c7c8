local a, b = ...
while a < b and b ~= nil do a = a + 1 end
while not a do a = b end
while a == 1 or b == 2 do break end

-- Golden: numeric for edge cases (float steps, negative steps, large ranges).
for i = 1, 3 do io.write(i, " ") end print()
for i = 3, 1, -1 do io.write(i, " ") end print()
for i = 0, 1, 0.25 do io.write(i, " ") end print()
for i = 1, 0 do io.write("never") end print("empty ok")
for i = 1.5, 4 do io.write(i, " ") end print()
for i = -2, 2, 1.5 do io.write(i, " ") end print()
local s = 0
for i = 1, 3000000 do s = s + i % 7 end
print(s)
local c = 0
for i = 10, 1, -0.5 do c = c + 1 end
print(c)
local w = 0
repeat w = w + 1 until w * w > 1000
print(w)
print(pcall(function() for i = 1, "x" do end end))

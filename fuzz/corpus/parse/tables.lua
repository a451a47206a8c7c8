-- Golden: table construction, length, insert/remove/concat/sort, sorted pairs.
local t = {10, 20, 30, x = 1, y = 2, [100] = "h"}
print(#t, t[1], t[3], t.x, t[100])
table.insert(t, 40); table.insert(t, 1, 5)
print(#t, table.concat(t, ","))
print(table.remove(t), table.remove(t, 1), table.concat(t, ","))
local keys = {}
for k in pairs(t) do keys[#keys + 1] = tostring(k) end
table.sort(keys)
print(table.concat(keys, " "))
local words = {"pear", "Apple", "fig", "banana", "cherry", "apple"}
table.sort(words)
print(table.concat(words, " "))
table.sort(words, function(a, b) return a:lower() < b:lower() or (a:lower() == b:lower() and a < b) end)
print(table.concat(words, " "))
local nums = {}
for i = 1, 20 do nums[i] = (i * 7919) % 101 end
table.sort(nums, function(a, b) return a > b end)
print(table.concat(nums, " "))
local nested = {a = {b = {c = {"deep"}}}}
print(nested.a.b.c[1], #nested.a.b.c)
local holes = {1, 2, nil, 4}
print(select("#", unpack(holes, 1, 4)), table.maxn({[3] = 1, [7] = 2}))
local big = {}
for i = 1, 1000 do big[i] = i end
for i = 1, 500 do big[i * 2] = nil end
local s = 0
for k, v in pairs(big) do s = s + v end
print(s)
local m = {}
for i = 1, 10 do m["k" .. i] = i * i end
local ks = {}
for k, v in pairs(m) do ks[#ks + 1] = k .. "=" .. v end
table.sort(ks)
print(table.concat(ks, ","))

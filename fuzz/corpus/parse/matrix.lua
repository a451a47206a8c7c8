-- Golden: matrix arithmetic with floats; checks float printing.
local function mat(n, f) local m = {} for i = 1, n do m[i] = {} for j = 1, n do m[i][j] = f(i, j) end end return m end
local function mul(a, b)
  local n = #a
  return mat(n, function(i, j) local s = 0 for k = 1, n do s = s + a[i][k] * b[k][j] end return s end)
end
local a = mat(4, function(i, j) return (i + j) / 3 end)
local b = mat(4, function(i, j) return i == j and 1.5 or 0.25 * (i - j) end)
local c = mul(a, b)
for i = 1, 4 do print(c[i][1], c[i][2], c[i][3], c[i][4]) end
local h = mat(6, function(i, j) return 1 / (i + j - 1) end)
for i = 1, 6 do io.write(string.format("%.14g ", h[i][i])) end
print()
local x = 1
for i = 1, 30 do x = x * 1.1 end
print(x, x * 1e20, x / 1e20)

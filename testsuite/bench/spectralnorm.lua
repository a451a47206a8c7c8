-- spectralnorm.lua: the spectral norm of an infinite matrix by power iteration. Size: order.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

-- Entry (i, j) (0-based) of the matrix whose norm we estimate.
local function A(i, j)
  local ij = i + j
  return 1.0 / (ij * (ij + 1) * 0.5 + i + 1)
end

local function mul_av(n, x, y)
  for i = 0, n - 1 do
    local s = 0
    for j = 0, n - 1 do s = s + A(i, j) * x[j] end
    y[i] = s
  end
end

local function mul_atv(n, x, y)
  for i = 0, n - 1 do
    local s = 0
    for j = 0, n - 1 do s = s + A(j, i) * x[j] end
    y[i] = s
  end
end

local function mul_atav(n, x, y, tmp)
  mul_av(n, x, tmp)
  mul_atv(n, tmp, y)
end

bench.run(function(n)
  local u, v, t = {}, {}, {}
  for i = 0, n - 1 do u[i] = 1 end
  for _ = 1, 10 do
    mul_atav(n, u, v, t)
    mul_atav(n, v, u, t)
  end
  local vbv, vv = 0, 0
  for i = 0, n - 1 do
    vbv = vbv + u[i] * v[i]
    vv = vv + v[i] * v[i]
  end
  return string.format("%.9f", math.sqrt(vbv / vv))
end)

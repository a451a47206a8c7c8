-- lu.lua: SciMark-style LU factorisation with partial pivoting of a 60x60 matrix. Size: repetitions.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

local N = 60

-- Factors a in place; returns the pivot vector.
local function factor(a, n)
  local pivot = {}
  for j = 1, n do
    local p, best = j, math.abs(a[j][j])
    for i = j + 1, n do
      local v = math.abs(a[i][j])
      if v > best then p, best = i, v end
    end
    pivot[j] = p
    if p ~= j then a[j], a[p] = a[p], a[j] end
    local rowj = a[j]
    local inv = 1.0 / rowj[j]
    for i = j + 1, n do
      local rowi = a[i]
      local f = rowi[j] * inv
      rowi[j] = f
      if f ~= 0 then
        for k = j + 1, n do rowi[k] = rowi[k] - f * rowj[k] end
      end
    end
  end
  return pivot
end

bench.run(function(reps)
  local rng = bench.rng(777)
  local src = {}
  for i = 1, N do
    src[i] = {}
    for j = 1, N do src[i][j] = rng() / 2147483647 - 0.5 end
  end
  local total, det, swaps = 0, 0, 0
  for rep = 1, reps do
    -- Nudge one diagonal entry per repetition so every repetition counts.
    local d = rep % N + 1
    src[d][d] = src[d][d] + 0.001
    local a = {}
    for i = 1, N do
      local r, s = {}, src[i]
      for j = 1, N do r[j] = s[j] end
      a[i] = r
    end
    local piv = factor(a, N)
    -- log|det| from the diagonal, and the parity of the row swaps.
    det, swaps = 0, 0
    for i = 1, N do
      det = det + math.log(math.abs(a[i][i]))
      if piv[i] ~= i then swaps = swaps + 1 end
    end
    total = total + det
  end
  return string.format("%.6f %.9f %d", total, det, swaps)
end)

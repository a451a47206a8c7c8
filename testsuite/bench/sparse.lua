-- sparse.lua: SciMark-style sparse matrix-vector multiply (compressed rows). Size: products.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

local N, NZ = 1000, 5000

bench.run(function(reps)
  local rng = bench.rng(99)
  -- Compressed-row storage: row r's entries are val/col[rowstart[r] .. rowstart[r+1]-1].
  local per = NZ / N
  local val, col, rowstart = {}, {}, {}
  local k = 1
  for r = 1, N do
    rowstart[r] = k
    for i = 1, per do
      col[k] = (r * 7 + i * 131) % N + 1
      val[k] = rng() / 2147483647
      k = k + 1
    end
  end
  rowstart[N + 1] = k
  local x, y = {}, {}
  for i = 1, N do x[i] = rng() / 2147483647 end
  local probe = 0
  for rep = 1, reps do
    for r = 1, N do
      local s = 0
      for i = rowstart[r], rowstart[r + 1] - 1 do s = s + x[col[i]] * val[i] end
      y[r] = s
    end
    -- Feed one output back into the input, so every product differs and counts.
    local k = rep % N + 1
    probe = probe + y[k]
    x[k] = y[k] * 0.2
  end
  local sum = 0
  for i = 1, N do sum = sum + y[i] end
  return string.format("%.9f %.9f", sum, probe)
end)

-- sor.lua: SciMark-style successive over-relaxation on a 100x100 grid. Size: sweeps.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

local M = 100
local OMEGA = 1.25

bench.run(function(sweeps)
  local rng = bench.rng(1234)
  local g = {}
  for i = 1, M do
    local row = {}
    for j = 1, M do row[j] = rng() / 2147483647 end
    g[i] = row
  end
  local w4, w1 = OMEGA * 0.25, 1 - OMEGA
  for _ = 1, sweeps do
    for i = 2, M - 1 do
      local up, row, down = g[i - 1], g[i], g[i + 1]
      for j = 2, M - 1 do
        row[j] = w4 * (up[j] + down[j] + row[j - 1] + row[j + 1]) + w1 * row[j]
      end
    end
  end
  local s = 0
  for i = 1, M do for j = 1, M do s = s + g[i][j] end end
  return string.format("%.9f", s)
end)
